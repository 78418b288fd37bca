package com.danubemessaging.connect.e2e.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

/** The simulated kubelet builds a container's env as kubelet_pods.go does, and refuses it with the kubelet's words. */
class ContainerEnvironmentTest {
    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(false);
        server.init();
        server.expect().get().withPath("/api/v1/namespaces/ns/secrets/creds").andReturn(200, new SecretBuilder()
                .withNewMetadata().withName("creds").endMetadata()
                .addToData("password", Base64.getEncoder().encodeToString("s3cret".getBytes(StandardCharsets.UTF_8)))
                .build()).always();
        server.expect().get().withPath("/api/v1/namespaces/ns/configmaps/settings").andReturn(200,
                new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata()
                        .addToData("MODE", "fast").addToData("LEVEL", "debug").build()).always();
        client = server.createClient();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    private static Pod pod() {
        return new PodBuilder().withNewMetadata().withName("sink-abc-12345").withNamespace("ns").endMetadata()
                .withNewSpec().withNodeName("node-1").endSpec().build();
    }

    @Test
    void envFromThenEnvInOrderWithReferencesExpanded() throws Exception {
        Container container = new ContainerBuilder().withName("c")
                .addNewEnvFrom().withPrefix("APP_").withNewConfigMapRef().withName("settings").endConfigMapRef()
                .endEnvFrom()
                .addNewEnv().withName("PASSWORD").withNewValueFrom().withNewSecretKeyRef("password", "creds", null)
                .endValueFrom().endEnv()
                .addNewEnv().withName("POD").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name")
                .endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("URL").withValue("db://$(POD)/$(APP_MODE)/$(LATER)/$$(POD)").endEnv()
                .addNewEnv().withName("LATER").withValue("x").endEnv()
                .build();
        Map<String, String> env = new ContainerEnvironment(client).resolve(pod(), container);
        assertThat(env).containsEntry("APP_MODE", "fast").containsEntry("APP_LEVEL", "debug")
                .containsEntry("PASSWORD", "s3cret").containsEntry("POD", "sink-abc-12345")
                // only variables defined before are expanded; $$ escapes
                .containsEntry("URL", "db://sink-abc-12345/fast/$(LATER)/$(POD)");
    }

    @Test
    void missingSecretsAndKeysStopTheContainerWithTheKubeletsMessage() {
        Container missingKey = new ContainerBuilder().withName("c").addNewEnv().withName("P").withNewValueFrom()
                .withNewSecretKeyRef("token", "creds", null).endValueFrom().endEnv().build();
        assertThatThrownBy(() -> new ContainerEnvironment(client).resolve(pod(), missingKey))
                .isInstanceOf(ContainerConfigException.class).hasMessage("couldn't find key token in Secret ns/creds");
        Container missingSecret = new ContainerBuilder().withName("c").addNewEnv().withName("P").withNewValueFrom()
                .withNewSecretKeyRef("token", "nope", null).endValueFrom().endEnv().build();
        assertThatThrownBy(() -> new ContainerEnvironment(client).resolve(pod(), missingSecret))
                .isInstanceOf(ContainerConfigException.class).hasMessage("secret \"nope\" not found");
        Container optional = new ContainerBuilder().withName("c").addNewEnv().withName("P").withNewValueFrom()
                .withNewSecretKeyRef("token", "nope", true).endValueFrom().endEnv().build();
        assertThat(catching(() -> new ContainerEnvironment(client).resolve(pod(), optional))).doesNotContainKey("P");
    }

    private interface Resolve {
        Map<String, String> get() throws Exception;
    }

    private static Map<String, String> catching(Resolve resolve) {
        try {
            return resolve.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
