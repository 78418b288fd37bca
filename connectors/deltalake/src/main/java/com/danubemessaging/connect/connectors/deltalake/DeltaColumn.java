package com.danubemessaging.connect.connectors.deltalake;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.connectors.common.FieldMapping;
import com.danubemessaging.connect.connectors.common.JsonPath;

/**
 * One configured column of a Delta table: where its value is in the payload, its type, whether it may be null.
 *
 * @param name     {@code column}
 * @param jsonPath {@code json_path}
 * @param type     {@code data_type}
 * @param nullable {@code nullable} (default true)
 */
record DeltaColumn(String name, JsonPath jsonPath, DeltaType type, boolean nullable) {

    /** @throws ConfigurationException naming {@code key} when the mapping has no data_type or an unknown one */
    static DeltaColumn of(FieldMapping mapping, String key) {
        String dataType = mapping.dataType().orElseThrow(() -> new ConfigurationException(key
                + ".data_type: required (Utf8, Int64, Timestamp, …)"));
        return new DeltaColumn(mapping.column(), mapping.jsonPath(), DeltaType.parse(dataType, key + ".data_type"),
                mapping.nullable());
    }
}
