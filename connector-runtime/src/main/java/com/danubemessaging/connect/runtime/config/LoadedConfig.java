package com.danubemessaging.connect.runtime.config;

import com.danubemessaging.connect.api.ConnectorConfig;
import java.util.List;

/**
 * A loaded configuration and the warnings found while loading it. Warnings are returned rather than logged
 * because the log level itself comes from the configuration.
 *
 * @param config   the validated configuration
 * @param warnings things that are accepted but probably not what the user meant
 * @param source   where it came from (a file path or a name given by the caller)
 */
public record LoadedConfig(ConnectorConfig config, List<String> warnings, String source) {

    public LoadedConfig {
        warnings = List.copyOf(warnings);
    }
}
