package com.danubemessaging.connect.connectors.common;

import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.SinkRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A buffering sink's writers, one per route, found by the record's topic, with the put-and-flush rules of
 * {@link com.danubemessaging.connect.api.SinkConnector}: {@link #processBatch} only buffers, {@link #flush} writes
 * every route; after any failure everything buffered is dropped, because the runtime hands the same records over
 * again (record by record after invalid data).
 *
 * @param <W> the sink's writer of one route
 */
public final class RoutedWriters<W extends RoutedWriters.Writer> {

    /** What one route buffers and writes. */
    public interface Writer {
        /** Converts and buffers one record; throws InvalidDataException when it does not fit. */
        void add(SinkRecord record);

        /** Writes what is buffered (nothing when empty). */
        void flush();

        /** Forgets what is buffered. */
        void discard();
    }

    private final String connector;
    private final Map<String, W> byTopic = new LinkedHashMap<>();

    /** @param connector the connector id, for the message about a record no route reads */
    public RoutedWriters(String connector) {
        this.connector = connector;
    }

    public void put(String topic, W writer) {
        byTopic.put(topic, writer);
    }

    /** Buffers every record with its route's writer. */
    public void processBatch(List<SinkRecord> records) {
        try {
            for (SinkRecord record : records) {
                W writer = byTopic.get(record.topic());
                if (writer == null) {
                    throw new FatalException(connector + " got a record of " + record.topic()
                            + ", which no route reads");
                }
                writer.add(record);
            }
        } catch (RuntimeException e) {
            discardAll();
            throw e;
        }
    }

    /** Writes every route's buffer, in route order; whatever happens, nothing stays buffered. */
    public void flush() {
        try {
            for (W writer : byTopic.values()) {
                writer.flush();
            }
        } finally {
            discardAll();
        }
    }

    private void discardAll() {
        byTopic.values().forEach(Writer::discard);
    }
}
