package com.danubemessaging.connect.e2e.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * The fabric8 mock API server in CRUD mode (the one the operator's own tests use), on a free port of 127.0.0.1, with
 * the CRDs installed from {@code crds/} as the Helm chart installs them (the operator does not apply CRDs in
 * production). The mock keeps generation, resourceVersion, the status subresource and finalizers; it has no
 * controllers, no garbage collector and no admission; {@link ServerSideApplyDispatcher} adds server-side apply.
 */
public final class MockApiServer implements AutoCloseable {
    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private MockApiServer(KubernetesMockServer server) {
        this.server = server;
        this.client = server.createClient();
    }

    public static MockApiServer start(Path crdDir) {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new ServerSideApplyDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        MockApiServer api = new MockApiServer(server);
        try (Stream<Path> files = Files.list(crdDir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
                    .sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    api.client.resource(Serialization.unmarshal(in, CustomResourceDefinition.class)).create();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the CRDs of " + crdDir, e);
        }
        return api;
    }

    public KubernetesClient client() {
        return client;
    }

    /** The URL the operator is given as its API server. */
    public String url() {
        return server.url("/").replaceAll("/$", "");
    }

    public void createNamespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
