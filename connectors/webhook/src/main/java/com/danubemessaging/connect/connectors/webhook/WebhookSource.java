package com.danubemessaging.connect.connectors.webhook;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.ProducerConfig;
import com.danubemessaging.connect.api.RetryableException;
import com.danubemessaging.connect.api.SourceConnector;
import com.danubemessaging.connect.api.SourceMode;
import com.danubemessaging.connect.api.SourceSender;
import com.danubemessaging.connect.connectors.common.RecordPayloads;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code source-webhook}: an HTTP server whose {@code [[routes]]} paths accept POSTs and publish each body to the
 * route's Danube topic. The client gets 200 only once Danube acknowledged the message, so a 200 means it is in
 * Danube (stored, on a reliable route); anything else means the client still owns it and should retry.
 */
public final class WebhookSource implements SourceConnector {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSource.class);

    private final Map<String, String> env;
    private WebhookSettings settings;
    private WebhookServer server;
    private WebhookHandler handler;

    public WebhookSource() {
        this(System.getenv());
    }

    /** With the environment the overrides and the secret are read from (tests). */
    WebhookSource(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public void initialize(ConnectorConfig config) {
        settings = WebhookSettings.from(config, env);
        Authenticator authenticator = Authenticator.of(settings.auth());
        PublicationGate gate = new PublicationGate(config.processing().batchSize(), settings.server().timeoutSeconds());
        handler = new WebhookHandler(settings, authenticator, new RateLimiter(settings, System::nanoTime),
                new WebhookRecords(RecordPayloads.of(config), config.connectorName()), gate);
        server = new WebhookServer(settings.server());
        LOG.info("source-webhook: auth {}, routes {}", settings.auth(), settings.routes().stream()
                .map(r -> r.from() + " -> " + r.to() + (r.reliableDispatch() ? " (reliable)" : "")).toList());
    }

    @Override
    public List<ProducerConfig> producerConfigs() {
        return settings.producerConfigs();
    }

    @Override
    public SourceMode mode() {
        return SourceMode.STREAMING;
    }

    @Override
    public void startStreaming(SourceSender sender) {
        handler.attach(sender);
        server.start(handler);
        LOG.info("source-webhook listening on {}://{}:{}", server.scheme(), settings.server().host(), server.port());
    }

    @Override
    public void healthCheck() {
        if (server != null && server.port() > 0 && !server.isRunning()) {
            throw new RetryableException("the webhook HTTP server is not running");
        }
    }

    @Override
    public void shutdown() {
        if (server != null) {
            server.stop();
        }
    }

    /** The port the server listens on, -1 before it started (tests). */
    int port() {
        return server == null ? -1 : server.port();
    }
}
