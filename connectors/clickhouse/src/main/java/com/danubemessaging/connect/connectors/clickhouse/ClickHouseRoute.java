package com.danubemessaging.connect.connectors.clickhouse;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.connectors.common.ConfigTable;
import com.danubemessaging.connect.connectors.common.FieldMapping;
import com.danubemessaging.connect.connectors.common.SinkRoute;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code [[clickhouse.routes]]} entry: a topic and the table its records go to.
 *
 * @param source                the topic and subscription keys shared by every sink ({@link SinkRoute})
 * @param database              the database of {@code to} (its own prefix, else {@code [clickhouse] database})
 * @param table                 {@code to}: the table, {@code name} or {@code database.name}
 * @param mappings              {@code field_mappings}: where each column's value is found; empty means the payload's
 *                              top-level fields by column name
 * @param includeDanubeMetadata {@code include_danube_metadata}: also write the {@link DanubeMetadataColumns}
 * @param createTable           {@code create_table}: create a missing table from the mappings' {@code data_type}s
 * @param engine                {@code engine}: table engine when creating
 * @param orderBy               {@code order_by}: sorting key when creating
 * @param partitionBy           {@code partition_by}: optional partition key when creating
 */
public record ClickHouseRoute(SinkRoute source, String database, String table, List<FieldMapping> mappings,
                              boolean includeDanubeMetadata, boolean createTable, String engine, String orderBy,
                              Optional<String> partitionBy) {
    static ClickHouseRoute read(ConfigTable route, String connectorName, String defaultDatabase) {
        SinkRoute source = SinkRoute.read(route, connectorName);
        String to = route.requiredString("to");
        String database = defaultDatabase;
        String table = to;
        int dot = to.indexOf('.');
        if (dot >= 0) {
            database = to.substring(0, dot);
            table = to.substring(dot + 1);
            Identifiers.require(database, route.key("to") + " (database part)");
        }
        Identifiers.require(table, route.key("to"));
        List<FieldMapping> mappings = new ArrayList<>();
        for (ConfigTable mapping : route.tables("field_mappings")) {
            mappings.add(FieldMapping.read(mapping));
        }
        boolean metadata = route.bool("include_danube_metadata", false);
        boolean create = route.bool("create_table", false);
        String engine = route.string("engine", metadata ? "ReplacingMergeTree" : "MergeTree");
        String orderBy = route.string("order_by", metadata ? DanubeMetadataColumns.DEDUPLICATION_KEY : "tuple()");
        Optional<String> partitionBy = route.string("partition_by");
        route.reportUnknownKeys();
        checkColumns(route, mappings, metadata);
        if (create) {
            if (mappings.isEmpty()) {
                throw new ConfigurationException(route.key("create_table") + ": creating the table needs"
                        + " field_mappings with a data_type for every column");
            }
            for (int i = 0; i < mappings.size(); i++) {
                if (mappings.get(i).dataType().isEmpty()) {
                    throw new ConfigurationException(route.key("field_mappings") + "[" + i + "].data_type: required"
                            + " when create_table = true (a ClickHouse type such as \"UInt64\" or"
                            + " \"Nullable(String)\")");
                }
            }
        }
        return new ClickHouseRoute(source, database, table, List.copyOf(mappings), metadata, create, engine,
                orderBy, partitionBy);
    }

    private static void checkColumns(ConfigTable route, List<FieldMapping> mappings, boolean metadata) {
        Set<String> columns = new HashSet<>();
        for (int i = 0; i < mappings.size(); i++) {
            String column = mappings.get(i).column();
            String key = route.key("field_mappings") + "[" + i + "].column";
            if (!columns.add(column)) {
                throw new ConfigurationException(key + ": column \"" + column + "\" is mapped twice");
            }
            if (metadata && DanubeMetadataColumns.NAMES.contains(column)) {
                throw new ConfigurationException(key + ": \"" + column + "\" is written by include_danube_metadata");
            }
        }
    }

    /** {@code database.table}, for messages. */
    public String qualifiedTable() {
        return database + "." + table;
    }

    /** {@code `database`.`table`}, for SQL. */
    String sqlTable() {
        return Identifiers.quote(database) + "." + Identifiers.quote(table);
    }

    /** {@code /ns/topic → database.table}: how errors name the route. */
    public String label() {
        return source.topic() + " → " + qualifiedTable();
    }
}
