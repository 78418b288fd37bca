package com.danubemessaging.connect.connectors.jdbc;

import com.danubemessaging.connect.api.SinkRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One message mapped to the values of its route's columns (in {@link JdbcRoute#columns()} order; null is NULL).
 *
 * @param record the message
 * @param values String, Integer, Long, Double, BigDecimal, Boolean, Instant, LocalDate, byte[] or null
 */
record Row(SinkRecord record, Object[] values) {

    /** The values of {@code keyColumns}, comparable by content (byte arrays included). */
    List<Object> key(JdbcRoute route) {
        List<Object> key = new ArrayList<>(route.keyColumns().size());
        for (String column : route.keyColumns()) {
            for (int i = 0; i < route.columns().size(); i++) {
                if (route.columns().get(i).column().equals(column)) {
                    Object v = values[i];
                    key.add(v instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : v);
                }
            }
        }
        return key;
    }
}
