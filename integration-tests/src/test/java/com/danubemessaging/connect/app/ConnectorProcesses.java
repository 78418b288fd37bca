package com.danubemessaging.connect.app;

import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.connectors.RecordIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The runnable in child processes against one test broker: starts them with the environment the operator sets,
 * kills what is left at the end, and reads the line files the test connectors write.
 */
public final class ConnectorProcesses implements AutoCloseable {
    private final Path dir;
    private final String serviceUrl;
    private final List<ChildConnector> children = new ArrayList<>();

    public ConnectorProcesses(Path dir, String serviceUrl) {
        this.dir = dir;
        this.serviceUrl = serviceUrl;
    }

    String serviceUrl() {
        return serviceUrl;
    }

    Path dir() {
        return dir;
    }

    /**
     * Starts {@code ConnectorMain --connector connector} with {@code toml}. {@code env} comes on top of the base
     * environment (config path, instance id, termination log, plugins dir); a null value removes a variable.
     */
    public ChildConnector start(String name, Path toml, String connector, String instanceId,
                                Map<String, String> env) {
        return launch(false, name, toml, connector, instanceId, env);
    }

    /** As {@link #start}, but as {@code java -jar distribution/target/danube-connect-runtime.jar} (no class path). */
    public ChildConnector startJar(String name, Path toml, String connector, String instanceId,
                                   Map<String, String> env) {
        return launch(true, name, toml, connector, instanceId, env);
    }

    private ChildConnector launch(boolean jar, String name, Path toml, String connector, String instanceId,
                                  Map<String, String> env) {
        Map<String, String> all = environment(name, toml, instanceId, env);
        ChildConnector child = jar ? ChildConnector.startJar(name, dir, all, "--connector", connector)
                : ChildConnector.start(name, dir, all, "--connector", connector);
        children.add(child);
        return child;
    }

    private Map<String, String> environment(String name, Path toml, String instanceId, Map<String, String> env) {
        Map<String, String> all = new HashMap<>();
        all.put("CONNECTOR_CONFIG_PATH", toml.toString());
        all.put("DANUBE_CONNECT_INSTANCE_ID", instanceId);
        all.put("DANUBE_CONNECT_TERMINATION_LOG", dir.resolve(name + ".termination-log").toString());
        all.put("DANUBE_CONNECT_PLUGINS_DIR", dir.toString());
        env.forEach((k, v) -> {
            if (v == null) {
                all.remove(k);
            } else {
                all.put(k, v);
            }
        });
        return all;
    }

    public Path write(String fileName, String text) {
        try {
            return Files.writeString(dir.resolve(fileName), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@link RecordingSink} wrote to {@code output} so far (complete lines only). */
    static List<Long> seen(Path output) {
        try {
            return RecordingSink.recorded(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<Long> distinct(List<Long> values) {
        return new TreeSet<>(values);
    }

    /** {@code 0 … total-1}. */
    static Set<Long> upTo(long total) {
        return RecordIds.range(0, total);
    }

    static void awaitSeen(Path output, long atLeast) {
        await("sink wrote " + atLeast + " records").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> distinct(seen(output)).size() >= atLeast);
    }

    /** Reads the offset a {@link CounterSource} committed (-1 before its first commit). */
    static long committed(Path stateFile) {
        try {
            return Files.exists(stateFile) ? Long.parseLong(Files.readString(stateFile).trim()) : -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        children.forEach(ChildConnector::close);
    }
}
