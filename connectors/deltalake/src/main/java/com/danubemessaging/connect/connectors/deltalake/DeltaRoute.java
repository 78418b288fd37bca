package com.danubemessaging.connect.connectors.deltalake;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.connectors.common.ConfigTable;
import com.danubemessaging.connect.connectors.common.FieldMapping;
import com.danubemessaging.connect.connectors.common.SinkRoute;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One {@code [[deltalake.routes]]} entry: a topic and the Delta table its records are appended to.
 *
 * @param source                the topic and subscription keys shared by every sink
 * @param table                 {@code to}: the table's location, a local path or {@code s3://bucket/path}
 * @param columns               {@code field_mappings}: the table's columns (required)
 * @param includeDanubeMetadata {@code include_danube_metadata}: add the {@code _danube_metadata} JSON column
 * @param createTable           {@code create_table}: create a missing table (default true, as the Rust sink does)
 */
record DeltaRoute(SinkRoute source, String table, List<DeltaColumn> columns, boolean includeDanubeMetadata,
                  boolean createTable) {

    static final String METADATA_COLUMN = "_danube_metadata";
    static DeltaRoute read(ConfigTable route, String connectorName) {
        SinkRoute source = SinkRoute.read(route, connectorName);
        String table = route.requiredString("to");
        String writeMode = route.choice("write_mode", "append", Set.of("append", "overwrite"));
        boolean metadata = route.bool("include_danube_metadata", false);
        boolean create = route.bool("create_table", true);
        List<ConfigTable> mappings = route.tables("field_mappings");
        route.reportUnknownKeys();
        if (writeMode.equals("overwrite")) {
            throw new ConfigurationException(route.key("write_mode") + ": \"overwrite\" (replace the table with every"
                    + " batch) is not supported by this sink; use \"append\"");
        }
        if (mappings.isEmpty()) {
            throw new ConfigurationException(route.key("field_mappings") + ": required, one { json_path, column,"
                    + " data_type, nullable } per column of the table");
        }
        List<DeltaColumn> columns = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < mappings.size(); i++) {
            String key = route.key("field_mappings") + "[" + i + "]";
            DeltaColumn column = DeltaColumn.of(FieldMapping.read(mappings.get(i)), key);
            if (metadata && column.name().equals(METADATA_COLUMN)) {
                throw new ConfigurationException(key + ".column: \"" + METADATA_COLUMN + "\" is written by"
                        + " include_danube_metadata");
            }
            if (!names.add(column.name())) {
                throw new ConfigurationException(key + ".column: \"" + column.name() + "\" is mapped twice");
            }
            columns.add(column);
        }
        return new DeltaRoute(source, table, List.copyOf(columns), metadata, create);
    }

    /** {@code /ns/topic → table}: how errors name the route. */
    String label() {
        return source.topic() + " → " + table;
    }

    /** The Delta domain and the {@code txn} application id of this route's subscription. */
    String applicationId() {
        return "danube-connect:" + source.subscription();
    }
}
