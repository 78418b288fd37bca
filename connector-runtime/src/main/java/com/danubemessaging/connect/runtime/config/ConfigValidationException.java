package com.danubemessaging.connect.runtime.config;

import com.danubemessaging.connect.api.ConfigurationException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The configuration could not be loaded; carries every problem found, not just the first, so a user fixes a
 * {@code connector.toml} in one round.
 */
public final class ConfigValidationException extends ConfigurationException {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigError> errors;

    public ConfigValidationException(String source, List<ConfigError> errors) {
        this(source, errors, List.of());
    }

    /**
     * @param ignored unknown keys found beside the errors (warnings, listed too so that one round fixes the file)
     */
    public ConfigValidationException(String source, List<ConfigError> errors, List<String> ignored) {
        super(format(source, errors) + ignored.stream().map(line -> "\n  (warning) " + line)
                .collect(Collectors.joining()));
        this.errors = List.copyOf(errors);
    }

    /** The problems, in the order they were found. */
    public List<ConfigError> errors() {
        return errors;
    }

    private static String format(String source, List<ConfigError> errors) {
        String header = "invalid connector configuration " + source + " (" + errors.size()
                + (errors.size() == 1 ? " error" : " errors") + "):";
        return errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n", header + "\n", ""));
    }
}
