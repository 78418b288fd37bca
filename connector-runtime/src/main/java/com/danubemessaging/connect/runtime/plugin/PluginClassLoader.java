package com.danubemessaging.connect.runtime.plugin;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader of one plugin (a jar, or a directory of jars): child-first, as Kafka Connect's
 * {@code PluginClassLoader} isolates plugins, so a plugin's own copy of a library wins over the runtime's and over
 * other plugins' copies. Three kinds of class are always taken from the parent, so that the runtime and the plugin
 * speak about the same types:
 * <ul>
 *   <li>the JDK's (whatever the platform class loader can load);</li>
 *   <li>the connector API, the runtime and the Danube client it hands connectors ({@link #SHARED_PACKAGES});</li>
 *   <li>slf4j, so a plugin logs through the runtime's backend (JSON lines and levels apply to it too).</li>
 * </ul>
 */
public final class PluginClassLoader extends URLClassLoader {

    /** Package prefixes loaded parent-first: the contract between runtime and plugin. */
    public static final List<String> SHARED_PACKAGES = List.of(
            "com.danubemessaging.connect.api.",
            "com.danubemessaging.connect.runtime.",
            "com.danubemessaging.connect.client.",
            "com.danubemessaging.connect.proto.",
            "org.slf4j.");

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader platform = ClassLoader.getPlatformClassLoader();

    public PluginClassLoader(String name, URL[] urls, ClassLoader parent) {
        super(name, urls, parent);
    }

    /** True when {@code className} is always loaded by the parent. */
    public static boolean isShared(String className) {
        for (String prefix : SHARED_PACKAGES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> type = findLoadedClass(name);
            if (type == null) {
                type = loadPluginFirst(name);
            }
            if (resolve) {
                resolveClass(type);
            }
            return type;
        }
    }

    private Class<?> loadPluginFirst(String name) throws ClassNotFoundException {
        try {
            return platform.loadClass(name);
        } catch (ClassNotFoundException notJdk) {
            // not a JDK class: the plugin's own copy, if any, comes next
        }
        if (isShared(name)) {
            return getParent().loadClass(name);
        }
        try {
            return findClass(name);
        } catch (ClassNotFoundException notInPlugin) {
            return getParent().loadClass(name);
        }
    }

    /** The plugin's own resource first, like its classes. */
    @Override
    public URL getResource(String name) {
        URL own = isSharedResource(name) ? null : findResource(name);
        return own != null ? own : super.getResource(name);
    }

    /** The plugin's own resources first, then the parent's (service files are filtered by their provider's loader). */
    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> all = new ArrayList<>();
        if (!isSharedResource(name)) {
            all.addAll(Collections.list(findResources(name)));
        }
        Enumeration<URL> inherited = getParent().getResources(name);
        while (inherited.hasMoreElements()) {
            URL url = inherited.nextElement();
            if (!all.contains(url)) {
                all.add(url);
            }
        }
        return Collections.enumeration(all);
    }

    /**
     * The class names the plugin's own jars list in {@code META-INF/services/<service>}: the providers it
     * declares, without those the runtime's class path declares (which this loader also sees).
     */
    public List<String> ownServiceProviders(Class<?> service) throws IOException {
        List<String> names = new ArrayList<>();
        Enumeration<URL> files = findResources("META-INF/services/" + service.getName());
        while (files.hasMoreElements()) {
            try (var in = files.nextElement().openStream()) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                    int comment = line.indexOf('#');
                    String name = (comment < 0 ? line : line.substring(0, comment)).trim();
                    if (!name.isEmpty() && !names.contains(name)) {
                        names.add(name);
                    }
                }
            }
        }
        return names;
    }

    /** True when {@code className} is defined by this plugin itself (its jars hold the class file). */
    public boolean defines(String className) {
        return findResource(className.replace('.', '/') + ".class") != null;
    }

    private static boolean isSharedResource(String name) {
        return name.endsWith(".class") && isShared(name.substring(0, name.length() - 6).replace('/', '.'));
    }
}
