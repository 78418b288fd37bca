package com.danubemessaging.connect.connectors.pgvector;

import com.danubemessaging.connect.api.SinkRecord;
import java.math.BigInteger;

/**
 * One row to upsert.
 *
 * @param id      the row id ({@link PointId})
 * @param vector  the embedding as pgvector's text form, {@code [0.1,0.2,…]}
 * @param payload the JSONB column's value, as JSON text
 * @param record  the message it came from (for error messages)
 */
record Point(BigInteger id, String vector, String payload, SinkRecord record) {
}
