package com.danubemessaging.connect.connectors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A connector's example {@code connector.toml} as users copy it, with only the addresses and names a test must
 * change replaced, so the tests run with the example's [retry] and [processing] settings. A replacement that does
 * not match (the example changed) fails the test instead of silently testing something else.
 */
public final class ExampleToml {

    private ExampleToml() {
    }

    /** {@code connectors/<module>/examples/<file>} with each key's line replaced by the given text. */
    public static String load(String module, String file, Map<String, String> replacements) {
        Path path = Path.of("..", "connectors", module, "examples", file);
        String toml;
        try {
            toml = Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            if (!toml.contains(r.getKey())) {
                throw new AssertionError(path + " no longer contains \"" + r.getKey() + "\"");
            }
            toml = toml.replace(r.getKey(), r.getValue());
        }
        return toml;
    }
}
