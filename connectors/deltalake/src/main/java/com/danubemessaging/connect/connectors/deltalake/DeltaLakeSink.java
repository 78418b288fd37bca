package com.danubemessaging.connect.connectors.deltalake;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.connectors.common.RoutedSink;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sink-deltalake}: appends each route's records to a Delta table through Delta Kernel, one commit per table
 * and flush. Records are converted when they are handed over ({@link #processBatch}); {@link #flush} writes the
 * Parquet files and commits, and the runtime acks only after that. Each commit records which messages it holds
 * ({@link OffsetLedger}), so a batch redelivered after a crash is not committed twice.
 */
public final class DeltaLakeSink extends RoutedSink<DeltaTableWriter> {
    private static final Logger LOG = LoggerFactory.getLogger(DeltaLakeSink.class);

    private final Map<String, String> env;
    private final CommitObserver observer;
    private DeltaLakeSettings settings;

    /** Reads the env overrides from the process environment. */
    public DeltaLakeSink() {
        this(System.getenv(), CommitObserver.NONE);
    }

    /** With an explicit environment, and an observer told about every commit before its records are acked. */
    public DeltaLakeSink(Map<String, String> env, CommitObserver observer) {
        super("sink-deltalake");
        this.env = Map.copyOf(env);
        this.observer = observer;
    }

    @Override
    public void initialize(ConnectorConfig config) {
        settings = DeltaLakeSettings.from(config, env);
        Configuration hadoop = StorageConfiguration.hadoop(settings);
        Engine engine = DefaultEngine.create(hadoop);
        for (DeltaRoute route : settings.routes()) {
            addRoute(route.source(), DeltaTableWriter.open(route, engine, hadoop, observer));
        }
        LOG.info("sink-deltalake: storage {}, routes {}", settings.storageBackend(),
                settings.routes().stream().map(DeltaRoute::label).toList());
    }

}
