package com.danubemessaging.connect.runtime.app;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.runtime.config.RuntimeEnv;
import com.danubemessaging.connect.runtime.plugin.Plugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds the plugin jars: every {@code *.jar} in the plugins directory and in its direct sub-directories. A jar
 * directly in the directory is one plugin; a sub-directory (the connector jar with its dependencies) is one plugin.
 * Each plugin gets its own child-first class loader ({@link Plugins}).
 */
final class PluginClassLoaders {

    private PluginClassLoaders() {
    }

    /** The plugin jars found, empty when there is no plugins directory. */
    static List<Path> pluginJars(Map<String, String> env) {
        String configured = env.get(RuntimeEnv.PLUGINS_DIR);
        Path dir = directory(env);
        if (!Files.isDirectory(dir)) {
            if (configured != null && !configured.isBlank()) {
                throw new ConfigurationException(RuntimeEnv.PLUGINS_DIR + ": not a directory: " + dir);
            }
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir, 2)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ConfigurationException(RuntimeEnv.PLUGINS_DIR + ": cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The plugins of {@code jars} (found by {@link #pluginJars}), each jar directly in the plugins directory and
     * each of its sub-directories behind its own child-first class loader whose parent is {@code parent}.
     */
    static Plugins create(Map<String, String> env, List<Path> jars, ClassLoader parent) {
        if (jars.isEmpty()) {
            return Plugins.none(parent);
        }
        return Plugins.of(directory(env), jars, parent);
    }

    private static Path directory(Map<String, String> env) {
        String configured = env.get(RuntimeEnv.PLUGINS_DIR);
        boolean set = configured != null && !configured.isBlank();
        return Path.of(set ? configured.trim() : RuntimeEnv.DEFAULT_PLUGINS_DIR);
    }
}
