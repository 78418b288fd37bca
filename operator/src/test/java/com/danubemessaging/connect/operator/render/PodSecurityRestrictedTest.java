package com.danubemessaging.connect.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.danubemessaging.connect.operator.ProductionSettings;
import com.danubemessaging.connect.operator.TestFiles;
import com.danubemessaging.connect.operator.model.ContainerTemplateOverrides;
import com.danubemessaging.connect.operator.model.DanubeConnector;
import com.danubemessaging.connect.operator.model.PodTemplateOverrides;
import com.danubemessaging.connect.operator.model.TemplateSpec;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The Pod Security Standards "restricted" profile (ported in RestrictedPodSecurity) holds for every golden
 * Deployment and for renders with partial {@code spec.template} security overrides, which merge with the secure
 * defaults instead of replacing them. Only an override that names a weakening field breaks the profile.
 */
class PodSecurityRestrictedTest {

    private static final Path GOLDEN = Path.of("src/test/resources/DerivedResourcesTest");

    @TestFactory
    Stream<DynamicTest> everyGoldenDeploymentIsRestricted() throws IOException {
        List<Path> deployments;
        try (Stream<Path> s = Files.walk(GOLDEN)) {
            deployments = s.filter(p -> p.getFileName().toString().equals("out-Deployment.yaml")).sorted().toList();
        }
        assertThat(deployments).as("golden Deployments").hasSizeGreaterThanOrEqualTo(4);
        return deployments.stream().map(file -> DynamicTest.dynamicTest(file.getParent().getFileName().toString(),
                () -> {
                    Deployment d = Serialization.unmarshal(TestFiles.read(file), Deployment.class);
                    assertThat(RestrictedPodSecurity.violations(d.getSpec().getTemplate().getSpec())).isEmpty();
                }));
    }

    @Test
    void partialOverridesKeepTheSecureDefaults() {
        PodSpec pod = render(p -> p.setSecurityContext(new PodSecurityContextBuilder().withRunAsUser(2000L)
                .withFsGroup(3000L).build()), null);
        assertThat(RestrictedPodSecurity.violations(pod)).isEmpty();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(2000L);
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        // The container has no runAsUser of its own, so the pod's 2000 applies.
        assertThat(pod.getContainers().get(0).getSecurityContext().getRunAsUser()).isNull();

        PodSpec container = render(null, new SecurityContextBuilder().withRunAsUser(2000L).build());
        SecurityContext sc = container.getContainers().get(0).getSecurityContext();
        assertThat(RestrictedPodSecurity.violations(container)).isEmpty();
        assertThat(sc.getRunAsUser()).isEqualTo(2000L);
        assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
        assertThat(sc.getReadOnlyRootFilesystem()).isTrue();

        PodSpec bind = render(null, new SecurityContextBuilder().withNewCapabilities().withAdd("NET_BIND_SERVICE")
                .endCapabilities().build());
        assertThat(RestrictedPodSecurity.violations(bind)).isEmpty();
        assertThat(bind.getContainers().get(0).getSecurityContext().getCapabilities().getDrop())
                .containsExactly("ALL");

        PodSpec localhost = render(null, new SecurityContextBuilder().withNewSeccompProfile().withType("Localhost")
                .withLocalhostProfile("profiles/connector.json").endSeccompProfile().build());
        assertThat(RestrictedPodSecurity.violations(localhost)).isEmpty();

        // A writable root filesystem is allowed by restricted; it is an explicit choice and changes only that field.
        PodSpec writable = render(null, new SecurityContextBuilder().withReadOnlyRootFilesystem(false).build());
        assertThat(RestrictedPodSecurity.violations(writable)).isEmpty();
        assertThat(writable.getContainers().get(0).getSecurityContext().getCapabilities().getDrop())
                .containsExactly("ALL");
    }

    @Test
    void onlyAnExplicitWeakeningFieldBreaksRestricted() {
        assertThat(RestrictedPodSecurity.violations(render(null, new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(true).build())))
                .containsExactly("allowPrivilegeEscalation: container connector must set "
                        + "allowPrivilegeEscalation=false");
        assertThat(RestrictedPodSecurity.violations(render(null, new SecurityContextBuilder().withNewCapabilities()
                .withDrop("NET_RAW").endCapabilities().build())))
                .containsExactly("capabilities: container connector must drop ALL");
        assertThat(RestrictedPodSecurity.violations(render(pod -> pod.setSecurityContext(
                new PodSecurityContextBuilder().withRunAsNonRoot(false).withRunAsUser(0L).build()), null)))
                .containsExactly("runAsUser: pod sets runAsUser=0", "runAsNonRoot: pod sets runAsNonRoot=false");
    }

    /** The port must be able to fail: each weakened pod trips the check named after its upstream file. */
    @Test
    void theRestrictedChecksCatchWeakenedPods() {
        Map<String, Consumer<PodSpecBuilder>> weakenings = Map.of(
                "host namespaces", p -> p.withHostNetwork(true),
                "restricted volume types", p -> p.addNewVolume().withName("host").withNewHostPath("/", null)
                        .endVolume(),
                "privileged", p -> p.editFirstContainer().editSecurityContext().withPrivileged(true)
                        .endSecurityContext().endContainer(),
                "hostPort", p -> p.editFirstContainer().addNewPort().withContainerPort(80).withHostPort(80)
                        .endPort().endContainer(),
                "seccompProfile", p -> p.editFirstContainer().editSecurityContext().editSeccompProfile()
                        .withType("Unconfined").endSeccompProfile().endSecurityContext().endContainer(),
                "sysctls", p -> p.editSecurityContext().addNewSysctl().withName("kernel.msgmax").withValue("1")
                        .endSysctl().endSecurityContext(),
                "procMount", p -> p.editFirstContainer().editSecurityContext().withProcMount("Unmasked")
                        .endSecurityContext().endContainer(),
                "capabilities", p -> p.editFirstContainer().editSecurityContext().editCapabilities()
                        .withAdd("SYS_ADMIN").endCapabilities().endSecurityContext().endContainer());
        PodSpec secure = render(null, null);
        assertThat(RestrictedPodSecurity.violations(secure)).isEmpty();
        weakenings.forEach((check, weaken) -> {
            PodSpecBuilder builder = new PodSpecBuilder(secure);
            weaken.accept(builder);
            assertThat(RestrictedPodSecurity.violations(builder.build())).as(check)
                    .anyMatch(v -> v.startsWith(check + ":"));
        });
    }

    private static PodSpec render(Consumer<PodTemplateOverrides> pod, SecurityContext container) {
        DanubeConnector cr = TestFiles.connector(TestFiles.repoRoot().resolve(
                "operator/src/test/resources/DerivedResourcesTest/source-mqtt-minimal/in-connector.yaml"),
                "connectors");
        TemplateSpec template = new TemplateSpec();
        if (pod != null) {
            template.setPod(new PodTemplateOverrides());
            pod.accept(template.getPod());
        }
        if (container != null) {
            template.setContainer(new ContainerTemplateOverrides());
            template.getContainer().setSecurityContext(container);
        }
        cr.getSpec().setTemplate(template);
        return ProductionSettings.renderer().render(cr, Map.of(), Map.of()).deployment().getSpec().getTemplate().getSpec();
    }
}
