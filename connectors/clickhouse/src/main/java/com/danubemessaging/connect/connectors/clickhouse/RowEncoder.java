package com.danubemessaging.connect.connectors.clickhouse;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.SinkRecord;
import com.danubemessaging.connect.connectors.common.FieldMapping;
import com.danubemessaging.connect.connectors.common.RejectedValue;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns a record into one {@code JSONEachRow} line for its route's table: each column's value is taken from the
 * payload (by {@code field_mappings}, else the top-level field of the column's name), checked against the column
 * type, and written under the column's name. A value the column cannot hold is {@link InvalidDataException} naming
 * the route, the column and the message.
 */
final class RowEncoder {
    private static final ObjectMapper WRITER = new ObjectMapper()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    /** Where one column's value comes from. */
    private record Binding(TableColumn column, Function<JsonNode, JsonNode> extractor, String source,
                           boolean nullAllowedByMapping) {
    }

    private final String route;
    private final List<Binding> bindings;
    private final List<TableColumn> metadata;
    private final boolean byName;

    private RowEncoder(String route, List<Binding> bindings, List<TableColumn> metadata, boolean byName) {
        this.route = route;
        this.bindings = bindings;
        this.metadata = metadata;
        this.byName = byName;
    }

    /**
     * Binds the route's columns to the table's.
     *
     * @throws ConfigurationException when a mapped or metadata column is missing from the table or is computed
     */
    static RowEncoder forTable(ClickHouseRoute route, List<TableColumn> columns) {
        Map<String, TableColumn> byName = columns.stream()
                .collect(Collectors.toMap(TableColumn::name, c -> c, (a, b) -> a, LinkedHashMap::new));
        List<TableColumn> metadata = new ArrayList<>();
        if (route.includeDanubeMetadata()) {
            for (String name : DanubeMetadataColumns.ordered()) {
                metadata.add(writable(route, byName, name, "include_danube_metadata needs it, as "
                        + DanubeMetadataColumns.TYPES.get(name)));
            }
        }
        List<Binding> bindings = new ArrayList<>();
        if (route.mappings().isEmpty()) {
            for (TableColumn column : columns) {
                boolean isMetadata = route.includeDanubeMetadata() && DanubeMetadataColumns.NAMES.contains(column.name());
                if (column.insertable() && !isMetadata) {
                    String field = column.name();
                    bindings.add(new Binding(column, payload -> present(payload.get(field)),
                            "payload field '" + field + "'", true));
                }
            }
        } else {
            for (FieldMapping mapping : route.mappings()) {
                TableColumn column = writable(route, byName, mapping.column(), "field_mappings maps json path '"
                        + mapping.jsonPath() + "' to it");
                bindings.add(new Binding(column, mapping.jsonPath()::find, "json path '" + mapping.jsonPath() + "'",
                        mapping.nullable()));
            }
        }
        return new RowEncoder(route.label(), List.copyOf(bindings), List.copyOf(metadata),
                route.mappings().isEmpty());
    }

    private static TableColumn writable(ClickHouseRoute route, Map<String, TableColumn> columns, String name,
                                        String why) {
        TableColumn column = columns.get(name);
        if (column == null) {
            throw new ConfigurationException("clickhouse route " + route.label() + ": table " + route.qualifiedTable()
                    + " has no column '" + name + "' (" + why + "); its columns: " + String.join(", ", columns.keySet()));
        }
        if (!column.insertable()) {
            throw new ConfigurationException("clickhouse route " + route.label() + ": column '" + name + "' is "
                    + column.defaultKind() + " and cannot be written (" + why + ")");
        }
        return column;
    }

    /** One JSON object, without the line break. @throws InvalidDataException for a value a column cannot hold */
    byte[] encode(SinkRecord record) {
        JsonNode payload = record.json();
        if (byName && !payload.isObject()) {
            throw invalid(record, "the payload is not a JSON object (" + payload.getNodeType().name()
                    .toLowerCase(java.util.Locale.ROOT) + "), so its fields cannot be matched to columns by name;"
                    + " use field_mappings", null);
        }
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        for (Binding binding : bindings) {
            TableColumn column = binding.column();
            JsonNode value = binding.extractor().apply(payload);
            if (value == null) {
                if (!binding.nullAllowedByMapping()) {
                    throw invalid(record, "nothing at " + binding.source() + " and its mapping says nullable = false",
                            column);
                }
                if (column.type().nullable()) {
                    row.putNull(column.name());
                } else if (!column.hasDefault()) {
                    throw invalid(record, "nothing at " + binding.source() + ", and the column is not Nullable and"
                            + " has no DEFAULT", column);
                }
                continue;
            }
            row.set(column.name(), encodeValue(record, column, value));
        }
        for (TableColumn column : metadata) {
            row.set(column.name(), encodeValue(record, column, DanubeMetadataColumns.value(column.name(), record)));
        }
        try {
            return WRITER.writeValueAsBytes(row);
        } catch (JsonProcessingException e) {
            throw invalid(record, "cannot write the row as JSON: " + e.getOriginalMessage(), null);
        }
    }

    private JsonNode encodeValue(SinkRecord record, TableColumn column, JsonNode value) {
        try {
            return column.type().encode(value);
        } catch (RejectedValue e) {
            throw invalid(record, e.getMessage(), column);
        }
    }

    private InvalidDataException invalid(SinkRecord record, String reason, TableColumn column) {
        String where = column == null ? "" : " column '" + column.name() + "' (" + column.typeName() + "):";
        return new InvalidDataException("clickhouse route " + route + ":" + where + " " + reason + " (message "
                + record.messageId() + ")", record.payload());
    }

    private static JsonNode present(JsonNode value) {
        return value == null || value.isNull() ? null : value;
    }
}
