package com.danubemessaging.connect.runtime.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plugins found in the plugins directory, each behind its own child-first class loader whose parent is the
 * runtime's (so built-in connectors stay where they are and plugins cannot see one another).
 */
public final class Plugins implements AutoCloseable {

    private final ClassLoader runtimeLoader;
    private final List<Plugin> plugins;

    private Plugins(ClassLoader runtimeLoader, List<Plugin> plugins) {
        this.runtimeLoader = runtimeLoader;
        this.plugins = List.copyOf(plugins);
    }

    /** No plugins: only what is on the runtime's class path. */
    public static Plugins none(ClassLoader runtimeLoader) {
        return new Plugins(runtimeLoader, List.of());
    }

    /**
     * Groups {@code jars} (all inside {@code root}) into plugins: a jar directly in {@code root} is one plugin, the
     * jars of one sub-directory together are one plugin.
     */
    public static Plugins of(Path root, List<Path> jars, ClassLoader runtimeLoader) {
        Map<Path, List<Path>> byLocation = new LinkedHashMap<>();
        for (Path jar : jars) {
            Path relative = root.relativize(jar);
            Path location = relative.getNameCount() == 1 ? jar : root.resolve(relative.getName(0));
            byLocation.computeIfAbsent(location, key -> new ArrayList<>()).add(jar);
        }
        List<Plugin> plugins = new ArrayList<>();
        byLocation.forEach((location, pluginJars) -> {
            String name = location.getFileName().toString();
            URL[] urls = pluginJars.stream().map(Plugins::url).toArray(URL[]::new);
            plugins.add(new Plugin(name, location, List.copyOf(pluginJars),
                    new PluginClassLoader("danube-connect-plugin-" + name, urls, runtimeLoader)));
        });
        return new Plugins(runtimeLoader, plugins);
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("bad plugin jar path " + jar, e);
        }
    }

    /** The loader of the runtime and its built-in connectors. */
    public ClassLoader runtimeLoader() {
        return runtimeLoader;
    }

    /** The plugins, in the order of their locations. */
    public List<Plugin> list() {
        return Collections.unmodifiableList(plugins);
    }

    @Override
    public void close() {
        for (Plugin plugin : plugins) {
            try {
                plugin.loader().close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close the class loader of plugin " + plugin.name(), e);
            }
        }
    }
}
