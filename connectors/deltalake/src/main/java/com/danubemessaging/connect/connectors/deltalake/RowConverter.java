package com.danubemessaging.connect.connectors.deltalake;

import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.SinkRecord;
import com.danubemessaging.connect.connectors.common.RejectedValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a record into one row of its route's table, in the table schema's column order. A value that does not fit
 * its column's type, or a missing value for a column that is not nullable, is {@link InvalidDataException} naming
 * the route, the column and the message. Table columns the route does not map are written as null.
 */
final class RowConverter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String route;
    private final StructType schema;
    private final DeltaColumn[] columns;
    private final int metadataIndex;

    RowConverter(DeltaRoute route, StructType schema) {
        this.route = route.label();
        this.schema = schema;
        Map<String, DeltaColumn> byName = new HashMap<>();
        route.columns().forEach(c -> byName.put(c.name(), c));
        this.columns = new DeltaColumn[schema.length()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = byName.get(schema.at(i).getName());
        }
        this.metadataIndex = route.includeDanubeMetadata()
                ? schema.fieldNames().indexOf(DeltaRoute.METADATA_COLUMN) : -1;
    }

    /** @throws InvalidDataException for a value that does not fit the table */
    Object[] convert(SinkRecord record) {
        JsonNode payload = record.json();
        Object[] row = new Object[columns.length];
        for (int i = 0; i < columns.length; i++) {
            if (i == metadataIndex) {
                row[i] = metadata(record);
                continue;
            }
            DeltaColumn column = columns[i];
            if (column == null) {
                continue; // a nullable table column the route does not map
            }
            JsonNode value = column.jsonPath().find(payload);
            if (value == null) {
                if (!column.nullable()) {
                    throw invalid(record, column, "nothing at json path '" + column.jsonPath()
                            + "', and the column is not nullable");
                }
                continue;
            }
            try {
                row[i] = column.type().convert().apply(value);
            } catch (RejectedValue e) {
                throw invalid(record, column, e.getMessage());
            }
        }
        return row;
    }

    /** The Rust sink's {@code _danube_metadata}: a JSON object with the message's Danube coordinates. */
    private static String metadata(SinkRecord record) {
        ObjectNode node = JSON.createObjectNode();
        node.put("topic", record.topic());
        node.put("partition", record.partitionTopic());
        node.put("offset", record.offset());
        node.put("timestamp", record.publishTimeMillis());
        node.put("producer", record.producerName());
        node.put("message_id", record.messageId());
        return node.toString();
    }

    private InvalidDataException invalid(SinkRecord record, DeltaColumn column, String reason) {
        StructField field = DeltaTableWriter.field(schema, column.name());
        return new InvalidDataException("deltalake route " + route + ": column '" + column.name() + "' ("
                + column.type().name() + (field == null ? "" : ", Delta " + field.getDataType()) + "): " + reason
                + " (message " + record.messageId() + ")", record.payload());
    }
}
