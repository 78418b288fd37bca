package com.danubemessaging.connect.runtime.app;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorProvider;
import com.danubemessaging.connect.api.SinkConnector;
import com.danubemessaging.connect.api.SourceConnector;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Turns the {@code --connector} / {@code DANUBE_CONNECTOR} value into a new connector instance: first a built-in
 * id among the {@link ConnectorProvider}s found by {@link ServiceLoader}, else a fully qualified class name of a
 * {@link SourceConnector}, {@link SinkConnector} or {@link ConnectorProvider} with a public no-argument constructor.
 */
final class ConnectorResolver {

    private final ClassLoader loader;
    private final Map<String, ConnectorProvider> providers;

    ConnectorResolver(ClassLoader loader) {
        this.loader = loader;
        this.providers = discover(loader);
    }

    /** The ids found, sorted. */
    Iterable<String> knownIds() {
        return providers.keySet();
    }

    /**
     * @return a new {@link SourceConnector} or {@link SinkConnector}
     * @throws ConfigurationException when the value names nothing usable; the message lists the known ids
     */
    Object resolve(String idOrClass) {
        ConnectorProvider provider = providers.get(idOrClass);
        if (provider != null) {
            return checked(provider.create(), "connector provider \"" + idOrClass + "\"");
        }
        if (!idOrClass.contains(".")) {
            throw unknown(idOrClass);
        }
        Class<?> type;
        try {
            type = Class.forName(idOrClass, true, loader);
        } catch (ClassNotFoundException e) {
            throw unknown(idOrClass);
        } catch (LinkageError e) {
            throw new ConfigurationException("connector class " + idOrClass + " cannot be loaded: " + e, e);
        }
        Object instance = instantiate(type);
        if (instance instanceof ConnectorProvider classProvider) {
            return checked(classProvider.create(), "connector provider " + idOrClass);
        }
        return checked(instance, "class " + idOrClass);
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

    private static Map<String, ConnectorProvider> discover(ClassLoader loader) {
        Map<String, ConnectorProvider> byId = new TreeMap<>();
        try {
            for (ConnectorProvider provider : ServiceLoader.load(ConnectorProvider.class, loader)) {
                byId.putIfAbsent(provider.id(), provider);
            }
        } catch (ServiceConfigurationError e) {
            throw new ConfigurationException("a connector plugin is broken: " + e.getMessage(), e);
        }
        return byId;
    }
}
