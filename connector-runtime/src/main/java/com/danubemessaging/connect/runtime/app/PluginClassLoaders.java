package com.danubemessaging.connect.runtime.app;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.runtime.config.RuntimeEnv;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds the class loader connectors are looked up in: the runtime's own class path plus every {@code *.jar} in
 * the plugins directory and its direct sub-directories (one directory per plugin with its dependencies works).
 */
final class PluginClassLoaders {

    private PluginClassLoaders() {
    }

    /** The plugin jars found, empty when there is no plugins directory. */
    static List<Path> pluginJars(Map<String, String> env) {
        String configured = env.get(RuntimeEnv.PLUGINS_DIR);
        Path dir;
        if (configured != null && !configured.isBlank()) {
            dir = Path.of(configured.trim());
            if (!Files.isDirectory(dir)) {
                throw new ConfigurationException(RuntimeEnv.PLUGINS_DIR + ": not a directory: " + dir);
            }
        } else {
            dir = Path.of(RuntimeEnv.DEFAULT_PLUGINS_DIR);
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
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

    /** A loader over {@code jars} whose parent is {@code parent}; {@code parent} itself when there are none. */
    static ClassLoader create(List<Path> jars, ClassLoader parent) {
        if (jars.isEmpty()) {
            return parent;
        }
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            try {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new ConfigurationException(RuntimeEnv.PLUGINS_DIR + ": bad jar path " + jar, e);
            }
        }
        return new URLClassLoader("danube-connect-plugins", urls.toArray(URL[]::new), parent);
    }
}
