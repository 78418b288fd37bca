package com.danubemessaging.connect.connectors.postgrescdc;

import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.Offset;
import com.danubemessaging.connect.api.SourceRecord;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns one Debezium change event (its JSON key and value, schemas off) into the Danube record of its table's route:
 * the payload is Debezium's envelope ({@code before}, {@code after}, {@code source}, {@code op}, {@code ts_ms}), the
 * key is made of the key columns, and the attributes repeat what consumers filter on.
 */
final class ChangeEventRecords {
    static final String ATTR_DATABASE = "cdc.database";
    static final String ATTR_TABLE = "cdc.table";
    static final String ATTR_OP = "cdc.op";
    static final String ATTR_LSN = "cdc.lsn";
    static final String ATTR_TXID = "cdc.txid";
    static final String ATTR_SNAPSHOT = "cdc.snapshot";
    static final String ATTR_TS_MS = "cdc.ts_ms";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<TableName, TableRoute> routes;

    ChangeEventRecords(List<TableRoute> routes) {
        this.routes = routes.stream().collect(Collectors.toMap(TableRoute::table, Function.identity()));
    }

    /**
     * The record of a data change event, or null for an event that is not one (a heartbeat).
     *
     * @throws InvalidDataException when the event is not the JSON Debezium writes, or names a table without a route
     */
    SourceRecord toRecord(String key, String value, Offset offset) {
        JsonNode envelope = parse(value, value);
        if (envelope == null || !envelope.isObject() || !envelope.hasNonNull("op")) {
            return null;
        }
        JsonNode source = envelope.path("source");
        TableName table = new TableName(source.path("schema").asText(), source.path("table").asText());
        TableRoute route = routes.get(table);
        if (route == null) {
            throw new InvalidDataException("change event of table " + table + ", which has no route", bytes(value));
        }
        SourceRecord record = SourceRecord.of(route.topic(), envelope).withAttributes(attributes(envelope, source,
                table)).withOffset(offset);
        String recordKey = recordKey(parse(key, value));
        return recordKey == null ? record : record.withKey(recordKey);
    }

    private static Map<String, String> attributes(JsonNode envelope, JsonNode source, TableName table) {
        Map<String, String> attributes = new HashMap<>();
        attributes.put(ATTR_TABLE, table.toString());
        attributes.put(ATTR_OP, envelope.get("op").asText());
        putIfPresent(attributes, ATTR_DATABASE, source.get("db"));
        putIfPresent(attributes, ATTR_LSN, source.get("lsn"));
        putIfPresent(attributes, ATTR_TXID, source.get("txId"));
        putIfPresent(attributes, ATTR_SNAPSHOT, source.get("snapshot"));
        putIfPresent(attributes, ATTR_TS_MS, source.get("ts_ms"));
        return attributes;
    }

    /**
     * One key column: its value as text ({@code 42}, {@code abc}); several: a JSON array of the values in key column
     * order ({@code [42,"abc"]}); no key (a table without primary key and without a configured key): null.
     */
    static String recordKey(JsonNode key) {
        if (key == null || !key.isObject() || key.isEmpty()) {
            return null;
        }
        if (key.size() == 1) {
            JsonNode only = key.elements().next();
            return only.isValueNode() ? only.asText() : only.toString();
        }
        ArrayNode values = JSON.createArrayNode();
        for (Iterator<JsonNode> it = key.elements(); it.hasNext(); ) {
            values.add(it.next());
        }
        return values.toString();
    }

    private static void putIfPresent(Map<String, String> attributes, String name, JsonNode value) {
        if (value != null && !value.isNull()) {
            attributes.put(name, value.asText());
        }
    }

    private static JsonNode parse(String json, String value) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidDataException("change event is not JSON: " + e.getOriginalMessage(), bytes(value), e);
        }
    }

    private static byte[] bytes(String value) {
        return value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
    }
}
