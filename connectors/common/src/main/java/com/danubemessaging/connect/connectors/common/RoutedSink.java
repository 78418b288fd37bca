package com.danubemessaging.connect.connectors.common;

import com.danubemessaging.connect.api.ConsumerConfig;
import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.SinkConnector;
import com.danubemessaging.connect.api.SinkRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sink with one buffering writer per route, found by the record's topic, following the put-and-flush rules of
 * {@link SinkConnector}: {@link #processBatch} only converts and buffers, {@link #flush} writes every route; after
 * any failure everything buffered is dropped, because the runtime hands the same records over again (record by
 * record after invalid data). A subclass reads its settings in {@code initialize} and registers each route with
 * {@link #addRoute}.
 *
 * @param <W> the sink's writer of one route
 */
public abstract class RoutedSink<W extends RoutedSink.Writer> implements SinkConnector {

    /** What one route buffers and writes. */
    public interface Writer {
        /** Converts and buffers one record; throws InvalidDataException when it does not fit. */
        void add(SinkRecord record);

        /** Writes what is buffered (nothing when empty). */
        void flush();

        /** Forgets what is buffered. */
        void discard();
    }

    private final String connectorId;
    private final Map<String, W> byTopic = new LinkedHashMap<>();
    private final List<ConsumerConfig> consumers = new ArrayList<>();

    /** @param connectorId e.g. {@code sink-clickhouse}, for the message about a record no route reads */
    protected RoutedSink(String connectorId) {
        this.connectorId = connectorId;
    }

    /** Registers a route: its topic's records go to {@code writer}. */
    protected final void addRoute(SinkRoute route, W writer) {
        byTopic.put(route.topic(), writer);
        consumers.add(route.consumerConfig());
    }

    @Override
    public final List<ConsumerConfig> consumerConfigs() {
        return List.copyOf(consumers);
    }

    /** Buffers every record with its route's writer. */
    @Override
    public final void processBatch(List<SinkRecord> records) {
        try {
            for (SinkRecord record : records) {
                W writer = byTopic.get(record.topic());
                if (writer == null) {
                    throw new FatalException(connectorId + " got a record of " + record.topic()
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
    @Override
    public final void flush() {
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
