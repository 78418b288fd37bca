package com.danubemessaging.connect.operator.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.danubemessaging.connect.operator.secrets.ReferencedSecrets;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * The chart's default values (watch every namespace, leader election on) grant every request the operator makes.
 */
@QuarkusTest
@TestProfile(OperatorRbacScenario.ChartSettings.class)
@WithKubernetesTestServer(crud = true, setup = RbacAllNamespacesTest.Setup.class)
class RbacAllNamespacesTest {

    static final ChartRbac CHART = ChartRbac.render();

    public static class Setup extends OperatorRbacScenario.ClusterSetup {
        @Override
        ChartRbac chart() {
            return CHART;
        }

        @Override
        List<String> workloadNamespaces() {
            return List.of("demo");
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    @Test
    void everyCallTheOperatorMakesIsGrantedByTheDefaultChart() {
        RecordedCalls recorded = OperatorRbacScenario.drive(server, "demo");
        List<ApiCall> calls = recorded.operatorCalls();
        RbacAssertions.assertAllGranted(calls, CHART);
        // Watching every namespace means cluster-wide lists and watches of the CRs, Deployments and Secrets.
        assertThat(calls).anySatisfy(c -> {
            assertThat(c.verb()).isEqualTo("watch");
            assertThat(c.resource()).isEqualTo("secrets");
            assertThat(c.namespace()).isEmpty();
        });
        // Every Secret of the cluster is listed, so the list comes in pages rather than in one response.
        assertThat(recorded.operatorRequestLines()).as("the operator's lists of Secrets")
                .filteredOn(line -> line.startsWith("GET /api/v1/secrets?") && !line.contains("watch=true"))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains("limit=" + ReferencedSecrets.LIST_PAGE_SIZE));
    }
}
