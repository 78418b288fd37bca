package com.danubemessaging.connect.connectors.file;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.ConnectorProvider;
import com.danubemessaging.connect.runtime.RuntimeHarness;
import com.danubemessaging.connect.runtime.config.ConfigLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * A built-in connector, found by its id through {@link ServiceLoader} as the runnable finds it, configured from TOML
 * text and run by the real source or sink runtime through {@link RuntimeHarness}.
 */
public final class RunningConnector {

    private RunningConnector() {
    }

    /** Loads {@code toml} as the runnable would (with an empty environment) and starts connector {@code id}. */
    public static RuntimeHarness start(String id, String toml, Path baseDir) {
        ConnectorConfig config = config(id, toml, baseDir);
        Object connector = ServiceLoader.load(ConnectorProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no ConnectorProvider registered for " + id))
                .create();
        return RuntimeHarness.start(config, connector);
    }

    /** {@code toml} loaded as the runnable would load it, with an empty environment. */
    public static ConnectorConfig config(String id, String toml, Path baseDir) {
        return new ConfigLoader(Map.of()).parse(toml, id + ".toml", baseDir).config();
    }
}
