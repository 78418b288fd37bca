package com.danubemessaging.connect.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The name checks against cases of apimachinery's {@code pkg/util/validation/validation_test.go} (TestIsDNS1123Label,
 * TestIsDNS1035Label, TestIsDNS1123Subdomain, TestIsValidPortName): the operator must refuse exactly what the API
 * server refuses.
 */
class KubernetesNamesTest {

    @Test
    void dns1035LabelsAreServiceNames() {
        for (String good : List.of("a", "ab", "abc", "a1", "a-1", "a--1--2--b", "a" + "b".repeat(62))) {
            assertThat(KubernetesNames.dns1035Label(good)).as(good).isEmpty();
        }
        for (String bad : List.of("0", "01", "012", "1a", "1-a", "1--a--b--2", "", "A", "ABC", "aBc", "A1", "A-1",
                "1-A", "-", "a-", "-a", "1-", "-1", "_", "a_", "_a", "a_b", "1_", "_1", "1_2", ".", "a.", ".a", "a.b",
                "1.", ".1", "1.2", " ", "a ", " a", "a b", "1 ", " 1", "1 2", "a" + "b".repeat(63))) {
            assertThat(KubernetesNames.dns1035Label(bad)).as("'%s'", bad).isNotEmpty();
        }
    }

    @Test
    void dns1123LabelsAreVolumeNames() {
        for (String good : List.of("a", "ab", "abc", "a1", "a-1", "a--1--2--b", "0", "01", "012", "1a", "1-a",
                "1--a--b--2", "a".repeat(63))) {
            assertThat(KubernetesNames.dns1123Label(good)).as(good).isEmpty();
        }
        for (String bad : List.of("", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a", "1-", "-1", "_", "a_",
                "_a", "a_b", "1_", "_1", "1_2", ".", "a.", ".a", "a.b", "1.", ".1", "1.2", " ", "a ", " a", "a b",
                "1 ", " 1", "1 2", "a".repeat(64))) {
            assertThat(KubernetesNames.dns1123Label(bad)).as("'%s'", bad).isNotEmpty();
        }
    }

    @Test
    void dns1123SubdomainsAreConfigMapNames() {
        for (String good : List.of("a", "ab", "abc", "a1", "a-1", "a--1--2--b", "0", "01", "012", "1a", "1-a",
                "1--a--b--2", "a.a", "ab.a", "abc.a", "a1.a", "a-1.a", "a--1--2--b.a", "a.1", "ab.1", "abc.1",
                "a1.1", "a-1.1", "a--1--2--b.1", "0.a", "01.a", "012.a", "1a.a", "1-a.a", "1--a--b--2",
                "0.1", "01.1", "012.1", "1a.1", "1-a.1", "1--a--b--2.1", "a.b.c.d.e", "aa.bb.cc.dd.ee",
                "1.2.3.4.5", "11.22.33.44.55", "a".repeat(253))) {
            assertThat(KubernetesNames.dns1123Subdomain(good)).as(good).isEmpty();
        }
        for (String bad : List.of("", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a", "1-", "-1", "_",
                "a_", "_a", "a_b", "1_", "_1", "1_2", ".", "a.", ".a", "a..b", "1.", ".1", "1..2", " ", "a ", " a",
                "a b", "1 ", " 1", "1 2", "A.a", "aB.a", "ab.A", "A1.a", "a1.A", "A.1", "aB.1", "A1.1", "1A.1",
                "0.A", "01.A", "012.A", "1A.a", "1a.A", "A.B.C.D.E", "AA.BB.CC.DD.EE", "a.B.c.d.e", "aa.bB.cc.dd.ee",
                "a@b", "a,b", "a_b", "a;b", "a:b", "a%b", "a?b", "a$b", "a".repeat(254))) {
            assertThat(KubernetesNames.dns1123Subdomain(bad)).as("'%s'", bad).isNotEmpty();
        }
    }

    @Test
    void ianaServiceNamesArePortNames() {
        for (String good : List.of("telnet", "re-mail-ck", "pop3", "a", "a-1", "1-a", "a-1-b-2-c", "1-a-2-b-3")) {
            assertThat(KubernetesNames.portName(good)).as(good).isEmpty();
        }
        assertThat(KubernetesNames.portName("longerthan15characters")).contains("must be no more than 15 characters");
        assertThat(KubernetesNames.portName("")).contains("must contain at least one letter (a-z)");
        assertThat(KubernetesNames.portName("12345")).containsExactly("must contain at least one letter (a-z)");
        assertThat(KubernetesNames.portName("a--b")).containsExactly("must not contain consecutive hyphens");
        assertThat(KubernetesNames.portName("-ab")).containsExactly("must not begin or end with a hyphen");
        assertThat(KubernetesNames.portName("ab-")).containsExactly("must not begin or end with a hyphen");
        assertThat(KubernetesNames.portName("Upper"))
                .containsExactly("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        assertThat(KubernetesNames.portName("a_b")).isNotEmpty();
    }

    @Test
    void schemaVolumeNamesAreValidAndDistinct() {
        String a = "platform-observability-schemas-for-the-payments-team-version-one";
        String b = "platform-observability-schemas-for-the-payments-team-version-two";
        List<String> names = List.of(DeploymentRenderer.schemaVolumeName(a), DeploymentRenderer.schemaVolumeName(b),
                DeploymentRenderer.schemaVolumeName("x.y"), DeploymentRenderer.schemaVolumeName("x-y"),
                DeploymentRenderer.schemaVolumeName("a".repeat(253)));
        assertThat(names).doesNotHaveDuplicates().allSatisfy(n -> assertThat(KubernetesNames.dns1123Label(n))
                .as(n).isEmpty());
        assertThat(DeploymentRenderer.schemaVolumeName("x-y")).isEqualTo("schema-x-y");
    }
}
