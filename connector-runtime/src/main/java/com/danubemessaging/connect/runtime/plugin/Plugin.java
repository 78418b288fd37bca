package com.danubemessaging.connect.runtime.plugin;

import java.nio.file.Path;
import java.util.List;

/**
 * One plugin of the plugins directory: a jar placed directly in it, or a sub-directory whose jars (the connector
 * and its dependencies) form one plugin. Each has its own {@link PluginClassLoader}.
 *
 * @param name     the jar's or the sub-directory's file name
 * @param location the jar or the sub-directory
 * @param jars     the jars on the plugin's class path
 * @param loader   the plugin's class loader
 */
public record Plugin(String name, Path location, List<Path> jars, PluginClassLoader loader) {
}
