package com.danubemessaging.connect.connectors.clickhouse;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.RetryableException;
import com.danubemessaging.connect.connectors.common.RoutedSink;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sink-clickhouse}: writes each route's records to a ClickHouse table over the HTTP interface, one
 * {@code INSERT … FORMAT JSONEachRow} per table and flush. Records are checked against the column types when they
 * are handed over ({@link #processBatch}); {@link #flush} inserts them, and the runtime acks them only after that.
 */
public final class ClickHouseSink extends RoutedSink<TableWriter> {
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSink.class);
    private static final String TOKEN_SETTING = "insert_deduplication_token";

    private final Map<String, String> env;
    private ClickHouseSettings settings;
    private ClickHouseServer server;

    /** Reads the env overrides from the process environment. */
    public ClickHouseSink() {
        this(System.getenv());
    }

    /** With an explicit environment (tests). */
    public ClickHouseSink(Map<String, String> env) {
        super("sink-clickhouse");
        this.env = Map.copyOf(env);
    }

    @Override
    public void initialize(ConnectorConfig config) {
        settings = ClickHouseSettings.from(config, env);
        server = new ClickHouseServer(settings);
        String version = serverVersion();
        boolean sendToken = decideToken(version);
        for (ClickHouseRoute route : settings.routes()) {
            addRoute(route.source(), TableWriter.open(route, server, sendToken));
        }
        LOG.info("sink-clickhouse: ClickHouse {} at {} as '{}'; routes {}; insert_deduplication_token {}", version,
                settings.url(), settings.username(), settings.routes().stream().map(ClickHouseRoute::label).toList(),
                sendToken ? "sent" : "not sent");
    }

    private String serverVersion() {
        try {
            return server.version();
        } catch (ClickHouseCallFailed e) {
            if (e.serverAnswered() && FailureKind.isAccessProblem(e.serverCode())) {
                throw new ConfigurationException("clickhouse.username / clickhouse.password: ClickHouse at "
                        + settings.url() + " refused the login of '" + settings.username() + "': " + e.getMessage(), e);
            }
            throw new FatalException("cannot reach ClickHouse at " + settings.url() + " (clickhouse.url): "
                    + e.getMessage(), e);
        }
    }

    private boolean decideToken(String version) {
        if (settings.deduplicationToken() == ClickHouseSettings.TokenMode.NEVER) {
            return false;
        }
        boolean known = server.knowsSetting(TOKEN_SETTING);
        if (!known && settings.deduplicationToken() == ClickHouseSettings.TokenMode.ALWAYS) {
            throw new ConfigurationException("clickhouse.deduplication_token: ClickHouse " + version + " does not know "
                    + TOKEN_SETTING + " (it came with 22.2); use \"auto\" or \"never\", and a ReplacingMergeTree"
                    + " (include_danube_metadata) to collapse redelivered rows");
        }
        return known;
    }


    @Override
    public void healthCheck() {
        if (!server.ping()) {
            throw new RetryableException("ClickHouse at " + settings.url() + " does not answer /ping");
        }
    }

    @Override
    public void shutdown() {
        if (server != null) {
            server.close();
        }
    }
}
