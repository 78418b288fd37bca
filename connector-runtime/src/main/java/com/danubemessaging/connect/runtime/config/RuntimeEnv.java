package com.danubemessaging.connect.runtime.config;

/** The environment variables the runtime reads (Contract 1), in one place so docs, --help and code agree. */
public final class RuntimeEnv {

    public static final String CONNECTOR_CONFIG_PATH = "CONNECTOR_CONFIG_PATH";
    public static final String DANUBE_CONNECTOR = "DANUBE_CONNECTOR";
    public static final String DANUBE_SERVICE_URL = "DANUBE_SERVICE_URL";
    public static final String CONNECTOR_NAME = "CONNECTOR_NAME";
    public static final String INSTANCE_ID = "DANUBE_CONNECT_INSTANCE_ID";
    public static final String DANUBE_TOKEN = "DANUBE_TOKEN";
    public static final String DANUBE_TOKEN_FILE = "DANUBE_TOKEN_FILE";
    public static final String DANUBE_TLS_CA_FILE = "DANUBE_TLS_CA_FILE";
    public static final String DANUBE_TLS_CERT_FILE = "DANUBE_TLS_CERT_FILE";
    public static final String DANUBE_TLS_KEY_FILE = "DANUBE_TLS_KEY_FILE";
    public static final String LOG_LEVEL = "LOG_LEVEL";
    public static final String RUST_LOG = "RUST_LOG";
    public static final String LOG_FORMAT = "LOG_FORMAT";
    public static final String PLUGINS_DIR = "DANUBE_CONNECT_PLUGINS_DIR";
    public static final String SHUTDOWN_TIMEOUT_MS = "DANUBE_CONNECT_SHUTDOWN_TIMEOUT_MS";
    public static final String TERMINATION_LOG = "DANUBE_CONNECT_TERMINATION_LOG";
    /** {@code true}: unknown keys and tables in {@code connector.toml} are errors instead of warnings. */
    public static final String STRICT_CONFIG = "DANUBE_CONNECT_STRICT_CONFIG";

    public static final String DEFAULT_PLUGINS_DIR = "/opt/danube-connect/plugins";
    public static final long DEFAULT_SHUTDOWN_TIMEOUT_MS = 25_000;
    public static final String DEFAULT_TERMINATION_LOG = "/dev/termination-log";

    private RuntimeEnv() {
    }
}
