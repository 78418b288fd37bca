package com.danubemessaging.connect.runtime.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.ConnectorProvider;
import com.danubemessaging.connect.api.ConsumerConfig;
import com.danubemessaging.connect.api.ProducerConfig;
import com.danubemessaging.connect.api.SinkConnector;
import com.danubemessaging.connect.api.SourceConnector;
import com.danubemessaging.connect.runtime.config.RuntimeEnv;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectorResolverTest {

    public static final class TestSource implements SourceConnector {
        @Override
        public void initialize(ConnectorConfig config) {
        }

        @Override
        public List<ProducerConfig> producerConfigs() {
            return List.of(ProducerConfig.of("/default/t"));
        }
    }

    public static final class TestSink implements SinkConnector {
        @Override
        public void initialize(ConnectorConfig config) {
        }

        @Override
        public List<ConsumerConfig> consumerConfigs() {
            return List.of();
        }
    }

    public static final class TestSinkProvider implements ConnectorProvider {
        @Override
        public String id() {
            return "sink-plugin-test";
        }

        @Override
        public Object create() {
            return new TestSink();
        }
    }

    public static final class NotAConnector {
    }

    @TempDir
    Path dir;

    private final ClassLoader appLoader = getClass().getClassLoader();

    @Test
    void resolvesAClassName() {
        Object connector = new ConnectorResolver(appLoader).resolve(TestSource.class.getName()).connector();
        assertThat(connector).isInstanceOf(TestSource.class);
    }

    @Test
    void resolvesAProviderClassName() {
        assertThat(new ConnectorResolver(appLoader).resolve(TestSinkProvider.class.getName()).connector())
                .isInstanceOf(TestSink.class);
    }

    @Test
    void findsProvidersInPluginJarsById() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins/my-plugin"));
        writeJarWithServiceFile(plugins.resolve("my-plugin.jar"), TestSinkProvider.class.getName());
        Map<String, String> env = Map.of(RuntimeEnv.PLUGINS_DIR, dir.resolve("plugins").toString());
        List<Path> jars = PluginClassLoaders.pluginJars(env);
        assertThat(jars).containsExactly(plugins.resolve("my-plugin.jar"));

        ConnectorResolver resolver = new ConnectorResolver(PluginClassLoaders.create(env, jars, appLoader));

        assertThat(resolver.knownIds()).contains("sink-plugin-test");
        assertThat(resolver.resolve("sink-plugin-test").connector()).isInstanceOf(TestSink.class);
    }

    @Test
    void unknownIdsListTheKnownOnes() throws IOException {
        writeJarWithServiceFile(dir.resolve("p.jar"), TestSinkProvider.class.getName());
        ConnectorResolver resolver = new ConnectorResolver(PluginClassLoaders.create(
                Map.of(RuntimeEnv.PLUGINS_DIR, dir.toString()), List.of(dir.resolve("p.jar")), appLoader));

        assertThatThrownBy(() -> resolver.resolve("sink-nope"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("unknown connector \"sink-nope\"")
                .hasMessageContaining("sink-plugin-test");
        assertThatThrownBy(() -> resolver.resolve("com.example.Missing"))
                .hasMessageContaining("unknown connector \"com.example.Missing\"");
    }

    @Test
    void classesThatAreNoConnectorsAreRejected() {
        assertThatThrownBy(() -> new ConnectorResolver(appLoader).resolve(NotAConnector.class.getName()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("implements neither SourceConnector, SinkConnector nor ConnectorProvider");
    }

    @Test
    void aMissingPluginsDirectoryIsAnErrorOnlyWhenConfigured() {
        assertThatThrownBy(() -> PluginClassLoaders.pluginJars(Map.of(RuntimeEnv.PLUGINS_DIR, dir.resolve("nope").toString())))
                .hasMessageStartingWith("DANUBE_CONNECT_PLUGINS_DIR: not a directory");
        assertThat(PluginClassLoaders.create(Map.of(), List.of(), appLoader).list()).isEmpty();
    }

    private static void writeJarWithServiceFile(Path jar, String providerClass) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("META-INF/services/" + ConnectorProvider.class.getName()));
            out.write((providerClass + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }
}
