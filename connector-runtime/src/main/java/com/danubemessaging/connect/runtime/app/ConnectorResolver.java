package com.danubemessaging.connect.runtime.app;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorProvider;
import com.danubemessaging.connect.api.SinkConnector;
import com.danubemessaging.connect.api.SourceConnector;
import com.danubemessaging.connect.runtime.plugin.Plugin;
import com.danubemessaging.connect.runtime.plugin.PluginClassLoader;
import com.danubemessaging.connect.runtime.plugin.Plugins;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Turns the {@code --connector} / {@code DANUBE_CONNECTOR} value into a new connector instance: first an id among
 * the {@link ConnectorProvider}s found by {@link ServiceLoader} (built-in ones first, then each plugin's own), else
 * a fully qualified class name of a {@link SourceConnector}, {@link SinkConnector} or {@link ConnectorProvider} with
 * a public no-argument constructor (looked up in the plugin whose jars hold it, else on the runtime's class path).
 */
final class ConnectorResolver {

    /** A connector and the class loader it came from (the thread context loader while it runs). */
    record Resolved(Object connector, ClassLoader loader) {
    }

    private record Found(ConnectorProvider provider, ClassLoader loader) {
    }

    private final Plugins plugins;
    private final Map<String, Found> providers;

    ConnectorResolver(Plugins plugins) {
        this.plugins = plugins;
        this.providers = discover(plugins);
    }

    ConnectorResolver(ClassLoader loader) {
        this(Plugins.none(loader));
    }

    /** The ids found, sorted. */
    Iterable<String> knownIds() {
        return providers.keySet();
    }

    /**
     * @return a new {@link SourceConnector} or {@link SinkConnector}
     * @throws ConfigurationException when the value names nothing usable; the message lists the known ids
     */
    Resolved resolve(String idOrClass) {
        Found found = providers.get(idOrClass);
        if (found != null) {
            return new Resolved(checked(withContextLoader(found.loader(), found.provider()::create),
                    "connector provider \"" + idOrClass + "\""), found.loader());
        }
        if (!idOrClass.contains(".")) {
            throw unknown(idOrClass);
        }
        ClassLoader loader = plugins.list().stream().map(Plugin::loader).filter(l -> l.defines(idOrClass))
                .findFirst().<ClassLoader>map(l -> l).orElse(plugins.runtimeLoader());
        Class<?> type;
        try {
            type = Class.forName(idOrClass, true, loader);
        } catch (ClassNotFoundException e) {
            throw unknown(idOrClass);
        } catch (LinkageError e) {
            throw new ConfigurationException("connector class " + idOrClass + " cannot be loaded: " + e, e);
        }
        Object instance = withContextLoader(loader, () -> instantiate(type));
        if (instance instanceof ConnectorProvider classProvider) {
            return new Resolved(checked(withContextLoader(loader, classProvider::create),
                    "connector provider " + idOrClass), loader);
        }
        return new Resolved(checked(instance, "class " + idOrClass), loader);
    }

    /** Constructors of plugin classes may look things up through the context class loader (ServiceLoader, JDBC). */
    private static Object withContextLoader(ClassLoader loader, Supplier<Object> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static Object instantiate(Class<?> type) {
        if (!SourceConnector.class.isAssignableFrom(type) && !SinkConnector.class.isAssignableFrom(type)
                && !ConnectorProvider.class.isAssignableFrom(type)) {
            throw new ConfigurationException("connector class " + type.getName()
                    + " implements neither SourceConnector, SinkConnector nor ConnectorProvider");
        }
        try {
            return type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new ConfigurationException("connector class " + type.getName()
                    + " needs a public no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new ConfigurationException("connector class " + type.getName() + " failed in its constructor: "
                    + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new ConfigurationException("connector class " + type.getName() + " cannot be created: " + e, e);
        }
    }

    private static Object checked(Object connector, String origin) {
        if (connector instanceof SourceConnector || connector instanceof SinkConnector) {
            return connector;
        }
        throw new ConfigurationException(origin + " created "
                + (connector == null ? "null" : connector.getClass().getName())
                + ", which is neither a SourceConnector nor a SinkConnector");
    }

    private ConfigurationException unknown(String idOrClass) {
        String known = providers.isEmpty() ? "none found on the class path" : String.join(", ", providers.keySet());
        return new ConfigurationException("unknown connector \"" + idOrClass + "\": not a built-in id (known ids: "
                + known + ") and not a class on the class path");
    }

    private static Map<String, Found> discover(Plugins plugins) {
        Map<String, Found> byId = new TreeMap<>();
        // Built-in ids first: a plugin cannot replace one.
        ClassLoader runtime = plugins.runtimeLoader();
        try {
            ServiceLoader.load(ConnectorProvider.class, runtime)
                    .forEach(p -> byId.putIfAbsent(p.id(), new Found(p, runtime)));
        } catch (ServiceConfigurationError e) {
            throw new ConfigurationException("a connector plugin is broken: " + e.getMessage(), e);
        }
        for (Plugin plugin : plugins.list()) {
            // A plugin's loader also sees the runtime's service files; only what the plugin declares counts here.
            for (ConnectorProvider provider : declaredProviders(plugin)) {
                byId.putIfAbsent(provider.id(), new Found(provider, plugin.loader()));
            }
        }
        return byId;
    }

    private static List<ConnectorProvider> declaredProviders(Plugin plugin) {
        PluginClassLoader loader = plugin.loader();
        List<ConnectorProvider> providers = new ArrayList<>();
        String current = null;
        try {
            for (String name : loader.ownServiceProviders(ConnectorProvider.class)) {
                current = name;
                Class<? extends ConnectorProvider> type = Class.forName(name, false, loader)
                        .asSubclass(ConnectorProvider.class);
                providers.add((ConnectorProvider) withContextLoader(loader,
                        () -> instantiateProvider(type)));
            }
        } catch (IOException e) {
            throw new ConfigurationException("plugin " + plugin.name() + ": cannot read its service files: " + e, e);
        } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
            throw new ConfigurationException("a connector plugin is broken: plugin " + plugin.name() + " declares "
                    + ConnectorProvider.class.getName() + " " + current + ", which cannot be used: " + e, e);
        }
        return providers;
    }

    private static Object instantiateProvider(Class<? extends ConnectorProvider> type) {
        try {
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new ConfigurationException("a connector plugin is broken: provider " + type.getName()
                    + " cannot be created: " + e, e);
        }
    }
}
