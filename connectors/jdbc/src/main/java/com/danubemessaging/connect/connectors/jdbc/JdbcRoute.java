package com.danubemessaging.connect.connectors.jdbc;

import com.danubemessaging.connect.api.SinkRoute;
import java.util.List;

/**
 * One {@code [[jdbc.routes]]} entry: the messages of {@code from} become rows of {@code to}.
 *
 * @param key         how the route is named in messages ({@code jdbc.routes[0]})
 * @param danube      the topic and subscription
 * @param table       {@code to}
 * @param mode        {@code insert_mode}
 * @param keyColumns  {@code key_columns}: the upsert key (also the primary key {@code create_table} makes)
 * @param columns     the {@code field_mappings}, then the {@code payload_column} (a JSON column of the whole payload)
 * @param createTable {@code create_table}
 */
record JdbcRoute(String key, SinkRoute danube, TableName table, WriteMode mode, List<String> keyColumns,
                 List<ColumnMapping> columns, boolean createTable) {

    @Override
    public String toString() {
        return danube.from() + " -> " + table + " (" + mode.name().toLowerCase()
                + (keyColumns.isEmpty() ? "" : " by " + keyColumns) + ", " + columns.size() + " column(s))";
    }
}
