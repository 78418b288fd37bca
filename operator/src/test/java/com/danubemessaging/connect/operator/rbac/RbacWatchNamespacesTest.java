package com.danubemessaging.connect.operator.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * With {@code watchAnyNamespace=false} and a namespace list, the chart's Roles in those namespaces (and the Lease
 * Role in the release namespace) grant every request the operator makes, and nothing cluster-wide is needed.
 */
@QuarkusTest
@TestProfile(RbacWatchNamespacesTest.WatchTwoNamespaces.class)
@WithKubernetesTestServer(crud = true, setup = RbacWatchNamespacesTest.Setup.class)
class RbacWatchNamespacesTest {

    static final List<String> WATCHED = List.of("team-a", "team-b");
    static final ChartRbac CHART = ChartRbac.render("--set", "watchAnyNamespace=false",
            "--set", "watchNamespaces={" + String.join(",", WATCHED) + "}");

    /** What the chart sets for this mode: QUARKUS_OPERATOR_SDK_NAMESPACES=team-a,team-b. */
    public static class WatchTwoNamespaces extends OperatorRbacScenario.ChartSettings {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("quarkus.operator-sdk.namespaces", String.join(",", WATCHED));
            return config;
        }
    }

    public static class Setup extends OperatorRbacScenario.ClusterSetup {
        @Override
        ChartRbac chart() {
            return CHART;
        }

        @Override
        List<String> workloadNamespaces() {
            return WATCHED;
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    @Test
    void everyCallTheOperatorMakesIsGrantedByTheNamespacedChart() {
        List<ApiCall> calls = OperatorRbacScenario.drive(server, "team-a").operatorCalls();
        RbacAssertions.assertAllGranted(calls, CHART);
        assertThat(calls).as("no cluster-wide resource request in namespaced mode")
                .filteredOn(c -> !c.nonResource() && c.namespace().isEmpty()
                        && !c.resource().equals("selfsubjectrulesreviews"))
                .isEmpty();
        assertThat(calls).anySatisfy(c -> {
            assertThat(c.verb()).isEqualTo("watch");
            assertThat(c.resource()).isEqualTo("secrets");
            assertThat(c.namespace()).isEqualTo("team-b");
        });
    }
}
