package com.danubemessaging.connect.runtime.app;

import com.danubemessaging.connect.runtime.config.RuntimeEnv;

/** The {@code --help} text: every flag and environment variable the runnable reads. */
final class Usage {

    private Usage() {
    }

    static String text() {
        return """
                Danube Connect runtime: runs one source or sink connector against a Danube broker.

                Usage:
                  java -jar danube-connect-runtime.jar [--connector <id|class>] [--config <connector.toml>]

                Flags:
                  --connector <id|class>  connector to run: a built-in id (e.g. source-mqtt, sink-http) found via
                                          ServiceLoader<ConnectorProvider>, or a fully qualified class name of a
                                          SourceConnector, SinkConnector or ConnectorProvider. Overrides %1$s.
                  --config <file>         the connector.toml to load. Overrides %2$s.
                  -h, --help              print this text and exit.

                Environment:
                  %1$s
                      connector id or class name (when --connector is not given)
                  %2$s
                      path of connector.toml (required unless --config is given)
                  %3$s
                      overrides danube_service_url (http://host:6650 or https://host:6650)
                  %4$s
                      overrides connector_name
                  %5$s
                      this replica's identity (default: HOSTNAME, else the host name); appended to consumer
                      names so replicas share a Shared subscription
                  %6$s
                      JWT sent as "authorization: Bearer <jwt>" (turns TLS on)
                  %7$s
                      file holding the JWT, re-read when it changes (instead of %6$s)
                  %8$s
                      PEM CA bundle trusted for the broker's TLS certificate
                  %9$s, %10$s
                      client certificate and private key (PEM) for mutual TLS; set both or neither
                  %11$s
                      trace, debug, info, warn, error or off; overrides [processing].log_level
                      (RUST_LOG is read too; LOG_LEVEL wins)
                  %18$s
                      text (default: lines on stderr) or json (one JSON object per line on stdout with
                      timestamp, level, logger, thread, message, connector, topic and exception)
                  %12$s
                      directory of connector plugin jars (default %13$s when it exists); each jar,
                      and each sub-directory of jars, is one plugin with its own class loader
                  %14$s
                      longest graceful stop after SIGTERM/SIGINT, in ms (default %15$d)
                  %16$s
                      file the reason of a fatal error is written to (default %17$s, only when it exists)
                  %19$s
                      true: unknown keys and tables in connector.toml stop the start (default false: each
                      is a WARN line with a "did you mean" hint, as danube-connect-core ignores them)

                  TOML values may use ${env:NAME} (required variable), ${env:NAME:-default}, and $${env:NAME}
                  for a literal "${env:NAME}".

                HTTP (on [processing].metrics_port, default 9090):
                  /metrics        Prometheus metrics (danube_connector_*, JVM and process metrics)
                  /health/live    200 unless a fatal error happened or threads are dead-locked
                  /health/ready   200 when started, connected to Danube and the connector's health check passes
                                  (503 while the runtime still waits for an unreachable broker at start)

                Exit codes:
                  0   stopped normally            2   bad flags, environment or connector.toml
                  1   fatal error (reason in the termination log)
                  143 stopped by SIGTERM (after the graceful stop), 130 by SIGINT
                """.formatted(
                RuntimeEnv.DANUBE_CONNECTOR, RuntimeEnv.CONNECTOR_CONFIG_PATH, RuntimeEnv.DANUBE_SERVICE_URL,
                RuntimeEnv.CONNECTOR_NAME, RuntimeEnv.INSTANCE_ID, RuntimeEnv.DANUBE_TOKEN,
                RuntimeEnv.DANUBE_TOKEN_FILE, RuntimeEnv.DANUBE_TLS_CA_FILE, RuntimeEnv.DANUBE_TLS_CERT_FILE,
                RuntimeEnv.DANUBE_TLS_KEY_FILE, RuntimeEnv.LOG_LEVEL, RuntimeEnv.PLUGINS_DIR,
                RuntimeEnv.DEFAULT_PLUGINS_DIR, RuntimeEnv.SHUTDOWN_TIMEOUT_MS, RuntimeEnv.DEFAULT_SHUTDOWN_TIMEOUT_MS,
                RuntimeEnv.TERMINATION_LOG, RuntimeEnv.DEFAULT_TERMINATION_LOG, RuntimeEnv.LOG_FORMAT,
                RuntimeEnv.STRICT_CONFIG);
    }
}
