package com.danubemessaging.connect.operator.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * The fabric8 mock API server (CRUD mode) as the benchmarks need it: the CRDs the benchmarked build generated and
 * one namespace. Its threads are not daemons, so a benchmark main ends with {@code System.exit}.
 */
final class BenchApiServer implements AutoCloseable {

    /** Held here: java.util.logging keeps loggers weakly, and a collected logger forgets its level. */
    private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private BenchApiServer(KubernetesMockServer server) {
        this.server = server;
        this.client = server.createClient();
    }

    /** Starts the server, then creates the CRDs built next to {@code jar} and the namespace. */
    static BenchApiServer start(KubernetesCrudDispatcher dispatcher, Path jar, String namespace) throws IOException {
        MOCK_SERVER_LOG.setLevel(Level.WARNING); // one line per request otherwise
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        BenchApiServer started = new BenchApiServer(server);
        Path crds = BenchOperatorProcess.besideQuarkusApp(jar, "kubernetes");
        for (String kind : List.of("danubesourceconnectors", "danubesinkconnectors")) {
            try (InputStream crd = Files.newInputStream(crds.resolve(kind + ".connect.danube-messaging.io-v1.yml"))) {
                started.client.load(crd).create();
            }
        }
        started.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                .endMetadata().build()).create();
        return started;
    }

    KubernetesClient client() {
        return client;
    }

    String url() {
        return server.url("/");
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
