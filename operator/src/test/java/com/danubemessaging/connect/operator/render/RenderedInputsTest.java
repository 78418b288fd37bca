package com.danubemessaging.connect.operator.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.danubemessaging.connect.operator.ProductionSettings;
import com.danubemessaging.connect.operator.model.ConnectorSpec;
import com.danubemessaging.connect.operator.model.ConnectorVolume;
import com.danubemessaging.connect.operator.model.ContainerTemplateOverrides;
import com.danubemessaging.connect.operator.model.DanubeConnection;
import com.danubemessaging.connect.operator.model.DanubeConnector;
import com.danubemessaging.connect.operator.model.DanubeSinkConnector;
import com.danubemessaging.connect.operator.model.PodTemplateOverrides;
import com.danubemessaging.connect.operator.model.SecretKeyReference;
import com.danubemessaging.connect.operator.model.TemplateSpec;
import com.danubemessaging.connect.operator.secrets.SecretDigest;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * What enters the config hash (so rolls the pods) and what does not, the volume checks the golden files do not
 * cover, the Deployment strategy of single-consumer sinks and the operator-wide pull secrets.
 */
class RenderedInputsTest {

    private static final ConnectorRenderer RENDERER = new ConnectorRenderer(
            new RenderSettings(ProductionSettings.settings().runtimeImage(),
                    ProductionSettings.settings().builtinConnectors(), List.of("org-registry")));

    @Test
    void rotatingTheTokenSecretKeepsTheHashButOtherSecretsAndConfigMapsChangeIt() {
        DanubeConnector cr = sink(spec -> {
            SecretKeyReference token = new SecretKeyReference();
            token.setName("danube-token");
            token.setKey("token");
            spec.getDanube().setTokenSecretRef(token);
            spec.setEnvFrom(List.of(new EnvFromSourceBuilder().withNewSecretRef("db", false).build(),
                    new EnvFromSourceBuilder().withNewConfigMapRef("settings", false).build()));
        });
        Map<String, SecretDigest> secrets = Map.of("danube-token", secret("danube-token", "token", "jwt-1"),
                "db", secret("db", "password", "p1"));
        Map<String, SecretDigest> configMaps = Map.of("settings", configMap("settings", "MODE", "a"));
        String hash = RENDERER.render(cr, secrets, configMaps).configHash();

        Map<String, SecretDigest> rotatedToken = Map.of("danube-token", secret("danube-token", "token", "jwt-2"),
                "db", secrets.get("db"));
        assertThat(RENDERER.render(cr, rotatedToken, configMaps).configHash()).isEqualTo(hash);

        Map<String, SecretDigest> newPassword = Map.of("danube-token", secrets.get("danube-token"),
                "db", secret("db", "password", "p2"));
        assertThat(RENDERER.render(cr, newPassword, configMaps).configHash()).isNotEqualTo(hash);
        assertThat(RENDERER.render(cr, secrets, Map.of("settings", configMap("settings", "MODE", "b"))).configHash())
                .isNotEqualTo(hash);
    }

    @Test
    void aMissingTokenSecretIsStillRefusedBeforeAnythingRolls() {
        DanubeConnector cr = sink(spec -> {
            SecretKeyReference token = new SecretKeyReference();
            token.setName("danube-token");
            token.setKey("token");
            spec.getDanube().setTokenSecretRef(token);
        });
        assertThatThrownBy(() -> RENDERER.render(cr, Map.of(), Map.of()))
                .hasMessageContaining("Secret 'danube-token' referenced by spec.danube.tokenSecretRef does not exist");
        assertThatThrownBy(() -> RENDERER.render(cr, Map.of("danube-token", secret("danube-token", "jwt", "x")),
                Map.of())).hasMessageContaining("Secret 'danube-token' has no key 'token'");
    }

    @Test
    void volumeChecksNameTheFieldAndTheFix() {
        assertRefused(volumes(List.of(volume("tmp")), List.of()), "InvalidVolume",
                "spec.template.pod.volumes[tmp] uses a name the operator gives its own volumes");
        assertRefused(volumes(List.of(volume("schema-x")), List.of()), "InvalidVolume", "schema-*");
        assertRefused(volumes(List.of(volume("Data_1")), List.of()), "InvalidVolume", "is not a DNS-1123 label");
        assertRefused(volumes(List.of(volume("data"), volume("data")), List.of()), "InvalidVolume",
                "lists 'data' more than once");
        assertRefused(volumes(List.of(volume("data")), List.of(mount("other", "/data"))), "InvalidVolumeMount",
                "volumeMounts[other] names no volume of spec.template.pod.volumes (declared: [data])");
        assertRefused(volumes(List.of(volume("data")), List.of(mount("data", "data"))), "InvalidVolumeMount",
                "needs an absolute mountPath");
        assertRefused(volumes(List.of(volume("data")), List.of(mount("data", "/tmp/data"))), "InvalidVolumeMount",
                "mountPath /tmp/data overlaps /tmp, which the operator mounts itself");
        assertRefused(volumes(List.of(volume("data")), List.of(mount("data", "/etc/danube-connect/token/"))),
                "InvalidVolumeMount", "overlaps /etc/danube-connect/token");
        assertRefused(volumes(List.of(volume("a"), volume("b")), List.of(mount("a", "/data"), mount("b", "/data/b"))),
                "InvalidVolumeMount", "mountPath /data/b overlaps /data, mounted by another entry");
        // A path beside the operator's files is fine.
        Deployment ok = RENDERER.render(volumes(List.of(volume("data")), List.of(mount("data",
                "/etc/danube-connect/data"))), Map.of(), Map.of()).deployment();
        assertThat(ok.getSpec().getTemplate().getSpec().getVolumes()).extracting(v -> v.getName())
                .containsExactly("config", "tmp", "data");
    }

    @Test
    void sinksOnExclusiveOrFailoverSubscriptionsAreRecreatedOthersRollOneAtATime() {
        assertThat(strategy(Map.of("file", Map.of("subscription_type", "Exclusive")))).isEqualTo("Recreate");
        assertThat(strategy(Map.of("http", Map.of("routes", List.of(Map.of("subscription_type", "Shared"),
                Map.of("subscription_type", "FailOver")))))).isEqualTo("Recreate");
        assertThat(strategy(Map.of("file", Map.of("subscription_type", "Shared")))).isEqualTo("RollingUpdate");
        assertThat(strategy(Map.of("file", Map.of("subscription", "s")))).isEqualTo("RollingUpdate");
    }

    @Test
    void operatorWidePullSecretsComeFirstAndEachNameOnce() {
        DanubeConnector cr = sink(spec -> {
            TemplateSpec template = new TemplateSpec();
            template.setPod(new PodTemplateOverrides());
            template.getPod().setImagePullSecrets(List.of(new LocalObjectReference("team-registry"),
                    new LocalObjectReference("org-registry")));
            spec.setTemplate(template);
        });
        assertThat(RENDERER.render(cr, Map.of(), Map.of()).deployment().getSpec().getTemplate().getSpec()
                .getImagePullSecrets()).extracting(LocalObjectReference::getName)
                .containsExactly("org-registry", "team-registry");
        assertThat(RENDERER.render(sink(spec -> { }), Map.of(), Map.of()).deployment().getSpec().getTemplate()
                .getSpec().getImagePullSecrets()).extracting(LocalObjectReference::getName)
                .containsExactly("org-registry");
    }

    private static String strategy(Map<String, Object> config) {
        return RENDERER.render(sink(spec -> spec.setConfig(config)), Map.of(), Map.of()).deployment().getSpec()
                .getStrategy().getType();
    }

    private static void assertRefused(DanubeConnector cr, String reason, String messagePart) {
        assertThatThrownBy(() -> RENDERER.render(cr, Map.of(), Map.of()))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).contains(messagePart);
                });
    }

    private static DanubeConnector volumes(List<ConnectorVolume> volumes, List<VolumeMount> mounts) {
        return sink(spec -> {
            TemplateSpec template = new TemplateSpec();
            template.setPod(new PodTemplateOverrides());
            template.getPod().setVolumes(volumes);
            template.setContainer(new ContainerTemplateOverrides());
            template.getContainer().setVolumeMounts(mounts);
            spec.setTemplate(template);
        });
    }

    private static ConnectorVolume volume(String name) {
        ConnectorVolume volume = new ConnectorVolume();
        volume.setName(name);
        volume.setEmptyDir(new EmptyDirVolumeSource());
        return volume;
    }

    private static VolumeMount mount(String name, String path) {
        return new VolumeMountBuilder().withName(name).withMountPath(path).build();
    }

    private static DanubeConnector sink(Consumer<ConnectorSpec> customize) {
        DanubeSinkConnector cr = new DanubeSinkConnector();
        cr.setMetadata(new ObjectMetaBuilder().withName("lines").withNamespace("ns").build());
        ConnectorSpec spec = new ConnectorSpec();
        spec.setConnector("file");
        DanubeConnection danube = new DanubeConnection();
        danube.setServiceUrl("http://danube-broker:6650");
        spec.setDanube(danube);
        spec.setConfig(Map.of("file", Map.of("path", "/data/out.txt", "topic", "/default/lines",
                "subscription", "s")));
        customize.accept(spec);
        cr.setSpec(spec);
        return cr;
    }

    private static SecretDigest secret(String name, String key, String value) {
        Secret secret = new SecretBuilder().withNewMetadata().withName(name).endMetadata()
                .withStringData(Map.of(key, value)).build();
        return SecretDigest.of(secret);
    }

    private static SecretDigest configMap(String name, String key, String value) {
        ConfigMap configMap = new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
                .withData(Map.of(key, value)).build();
        return SecretDigest.ofConfigMap(configMap);
    }
}
