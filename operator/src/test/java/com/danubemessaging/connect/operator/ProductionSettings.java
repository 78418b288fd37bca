package com.danubemessaging.connect.operator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import com.danubemessaging.connect.operator.render.ConnectorRenderer;
import com.danubemessaging.connect.operator.render.RenderSettings;

/**
 * The render settings of the production operator, read from the application.properties that the build filtered into
 * the classpath (the root pom's {@code danube.builtin.connectors} substituted), without any profile override. Tests
 * that render with these settings render what a production install renders.
 */
public final class ProductionSettings {

    private static final RenderSettings SETTINGS = load();

    private ProductionSettings() {
    }

    public static RenderSettings settings() {
        return SETTINGS;
    }

    public static ConnectorRenderer renderer() {
        return new ConnectorRenderer(SETTINGS);
    }

    private static RenderSettings load() {
        Properties properties = new Properties();
        try (InputStream in = ProductionSettings.class.getClassLoader().getResourceAsStream(
                "application.properties")) {
            if (in == null) {
                throw new IllegalStateException("application.properties is not on the test classpath");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String image = required(properties, "danube.operator.runtime-image");
        String builtins = required(properties, "danube.operator.builtin-connectors");
        if (builtins.contains("@")) {
            throw new IllegalStateException("danube.operator.builtin-connectors was not filtered by the build: "
                    + builtins);
        }
        List<String> ids = Arrays.stream(builtins.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (ids.isEmpty()) {
            throw new IllegalStateException("danube.operator.builtin-connectors is empty");
        }
        return new RenderSettings(image, ids);
    }

    private static String required(Properties properties, String key) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(key + " is missing from application.properties");
        }
        return value.strip();
    }
}
