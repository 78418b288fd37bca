package com.danubemessaging.connect.runtime.config;

import java.util.Objects;

/**
 * One problem found in the configuration: the key it concerns (TOML path such as {@code processing.batch_size}
 * or {@code schemas[1].schema_type}, or an env var / file name) and the reason.
 *
 * @param key    where the problem is
 * @param reason what is wrong, with the offending value where that is not a secret
 */
public record ConfigError(String key, String reason) {

    public ConfigError {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return key + ": " + reason;
    }
}
