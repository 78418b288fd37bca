package com.danubemessaging.connect.runtime.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Danube security from the environment (Contract 1; upstream has none): a JWT from {@code DANUBE_TOKEN} or
 * {@code DANUBE_TOKEN_FILE} (re-read on change by the client), TLS trust from {@code DANUBE_TLS_CA_FILE} and an
 * optional mTLS pair {@code DANUBE_TLS_CERT_FILE} + {@code DANUBE_TLS_KEY_FILE}. {@link #toString()} never shows
 * the token.
 */
public record SecuritySettings(
        Optional<String> token,
        Optional<Path> tokenFile,
        Optional<Path> tlsCaFile,
        Optional<Path> tlsCertFile,
        Optional<Path> tlsKeyFile) {

    /** No token, no TLS files. */
    public static SecuritySettings none() {
        return new SecuritySettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /**
     * Reads and checks the variables.
     *
     * @throws ConfigValidationException naming each variable that is wrong (missing file, half an mTLS pair, …)
     */
    public static SecuritySettings fromEnv(Map<String, String> env) {
        List<ConfigError> errors = new ArrayList<>();
        Optional<String> token = value(env, RuntimeEnv.DANUBE_TOKEN);
        Optional<Path> tokenFile = file(env, RuntimeEnv.DANUBE_TOKEN_FILE, errors);
        Optional<Path> ca = file(env, RuntimeEnv.DANUBE_TLS_CA_FILE, errors);
        Optional<Path> cert = file(env, RuntimeEnv.DANUBE_TLS_CERT_FILE, errors);
        Optional<Path> key = file(env, RuntimeEnv.DANUBE_TLS_KEY_FILE, errors);
        if (token.isPresent() && tokenFile.isPresent()) {
            errors.add(new ConfigError(RuntimeEnv.DANUBE_TOKEN, "set either DANUBE_TOKEN or DANUBE_TOKEN_FILE, not both"));
        }
        if (cert.isPresent() != key.isPresent()) {
            String missing = cert.isPresent() ? RuntimeEnv.DANUBE_TLS_KEY_FILE : RuntimeEnv.DANUBE_TLS_CERT_FILE;
            errors.add(new ConfigError(missing, "required for mTLS when "
                    + (cert.isPresent() ? RuntimeEnv.DANUBE_TLS_CERT_FILE : RuntimeEnv.DANUBE_TLS_KEY_FILE) + " is set"));
        }
        if (!errors.isEmpty()) {
            throw new ConfigValidationException("(environment)", errors);
        }
        return new SecuritySettings(token, tokenFile, ca, cert, key);
    }

    /** Whether the client must speak TLS: a CA or client certificate is configured. */
    public boolean tlsConfigured() {
        return tlsCaFile.isPresent() || tlsCertFile.isPresent();
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static Optional<Path> file(Map<String, String> env, String name, List<ConfigError> errors) {
        Optional<String> value = value(env, name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Path path = Path.of(value.get());
        if (!Files.isRegularFile(path)) {
            errors.add(new ConfigError(name, "file not found: " + path));
        } else if (!Files.isReadable(path)) {
            errors.add(new ConfigError(name, "file not readable: " + path));
        }
        return Optional.of(path);
    }

    @Override
    public String toString() {
        return "SecuritySettings{token=" + (token.isPresent() ? "<set>" : "<none>") + ", tokenFile=" + tokenFile.orElse(null)
                + ", tlsCaFile=" + tlsCaFile.orElse(null) + ", tlsCertFile=" + tlsCertFile.orElse(null)
                + ", tlsKeyFile=" + tlsKeyFile.orElse(null) + "}";
    }
}
