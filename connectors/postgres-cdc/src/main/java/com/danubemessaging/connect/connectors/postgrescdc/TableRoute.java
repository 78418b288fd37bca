package com.danubemessaging.connect.connectors.postgrescdc;

import java.util.List;

/**
 * Where the changes of one table go.
 *
 * @param table            the captured table
 * @param topic            the Danube topic, {@code /namespace/topic}
 * @param keyColumns       the columns whose values make the record key; empty = the primary key
 * @param partitions       topic partitions, 0 = not partitioned
 * @param reliableDispatch reliable topic
 */
record TableRoute(TableName table, String topic, List<String> keyColumns, int partitions, boolean reliableDispatch) {

    TableRoute {
        keyColumns = List.copyOf(keyColumns);
    }

    boolean usesPrimaryKey() {
        return keyColumns.isEmpty();
    }
}
