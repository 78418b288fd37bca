package com.danubemessaging.connect.connectors.webhook;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.connectors.common.TlsContexts;
import java.io.IOException;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The Jetty server of {@code [server]}: HTTP, or HTTPS with {@code tls_cert_path} / {@code tls_key_path}. */
final class WebhookServer {
    private static final int MAX_THREADS = 64;

    private final WebhookSettings.Server settings;
    private final SslContextFactory.Server tls;
    private Server jetty;
    private ServerConnector connector;

    /** Reads the TLS files now, so a bad one fails at start with its key. */
    WebhookServer(WebhookSettings.Server settings) {
        this.settings = settings;
        if (settings.tlsCertPath() == null) {
            this.tls = null;
        } else {
            tls = new SslContextFactory.Server();
            tls.setKeyStore(TlsContexts.keyStore(new TlsContexts.PemKeyPair(settings.tlsCertPath(),
                    "server.tls_cert_path", settings.tlsKeyPath(), "server.tls_key_path")));
            tls.setKeyStorePassword(new String(TlsContexts.keyStorePassword()));
        }
    }

    /**
     * Binds and serves.
     *
     * @throws ConfigurationException when the address cannot be bound
     */
    synchronized void start(WebhookHandler handler) {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 4);
        threads.setName("webhook");
        jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        if (tls != null) {
            http.addCustomizer(new SecureRequestCustomizer(false));
            connector = new ServerConnector(jetty, new SslConnectionFactory(tls, "http/1.1"),
                    new HttpConnectionFactory(http));
        } else {
            connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        }
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        connector.setIdleTimeout(settings.timeoutSeconds() * 1000L);
        jetty.addConnector(connector);
        jetty.setHandler(handler);
        jetty.setStopTimeout(5_000);
        try {
            jetty.start();
        } catch (IOException e) {
            stop();
            throw new ConfigurationException("server.port: cannot listen on " + settings.host() + ":"
                    + settings.port() + ": " + e.getMessage(), e);
        } catch (Exception e) {
            stop();
            throw new ConfigurationException("server: cannot start the HTTP server on " + settings.host() + ":"
                    + settings.port() + ": " + e.getMessage(), e);
        }
    }

    /** The port it listens on (the chosen one for {@code port = 0}), or -1 before start. */
    synchronized int port() {
        return connector == null ? -1 : connector.getLocalPort();
    }

    synchronized boolean isRunning() {
        return jetty != null && jetty.isRunning();
    }

    String scheme() {
        return tls == null ? "http" : "https";
    }

    /** Stops accepting, lets answers in progress finish (up to 5 s), and closes. */
    synchronized void stop() {
        if (jetty == null) {
            return;
        }
        try {
            jetty.stop();
        } catch (Exception e) {
            // stopping anyway
        }
        jetty = null;
    }
}
