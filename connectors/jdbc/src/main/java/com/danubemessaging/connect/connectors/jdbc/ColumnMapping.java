package com.danubemessaging.connect.connectors.jdbc;

import com.danubemessaging.connect.api.SinkRecord;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One column of a route: where its value comes from (a JSON path into the payload, or a Danube property of the
 * message), its type and whether it may be NULL.
 *
 * @param column   {@code column}: the column name
 * @param path     {@code json_path}, or null when {@code metadata} is set
 * @param metadata {@code metadata}, or null when {@code json_path} is set
 * @param type     {@code data_type}, default {@code text}
 * @param nullable {@code nullable}, default true; key columns are never nullable
 */
record ColumnMapping(String column, JsonPath path, MetadataField metadata, DataType type, boolean nullable) {

    /** The value for this column from {@code record} (its payload, or its metadata); may be a missing node. */
    JsonNode read(SinkRecord record, JsonNode payload) {
        return path != null ? path.read(payload) : metadata.read(record);
    }

    /** Where the value comes from, for messages: {@code json_path 'a.b'} or {@code metadata 'topic'}. */
    String source() {
        return path != null ? "json_path '" + path + "'" : "metadata '" + metadata + "'";
    }
}
