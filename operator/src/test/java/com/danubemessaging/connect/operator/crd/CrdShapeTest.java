package com.danubemessaging.connect.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.danubemessaging.connect.operator.TestFiles;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What {@code kubectl get} and an HPA see of the committed CRDs (CrdFilesUpToDateTest keeps them equal to the
 * generated ones): the printer columns in reading order, and {@code spec.replicas} defaulted to 1 so the scale
 * subresource has a value when a CR leaves it out.
 */
class CrdShapeTest {

    @Test
    void printerColumnsReadConnectorReplicasReadyPhaseAge() {
        for (String file : CrdFilesUpToDateTest.CRD_FILES) {
            JsonNode version = crd(file).path("spec").path("versions").get(0);
            List<String> columns = new ArrayList<>();
            version.path("additionalPrinterColumns").forEach(c -> columns.add(c.path("name").asText() + "="
                    + c.path("jsonPath").asText()));
            assertThat(columns).as(file).containsExactly("Connector=.status.connector", "Replicas=.spec.replicas",
                    "Ready=.status.readyReplicas", "Phase=.status.phase", "Age=.metadata.creationTimestamp");
        }
    }

    @Test
    void replicasDefaultToOneForTheScaleSubresource() {
        for (String file : CrdFilesUpToDateTest.CRD_FILES) {
            JsonNode version = crd(file).path("spec").path("versions").get(0);
            JsonNode replicas = version.path("schema").path("openAPIV3Schema").path("properties").path("spec")
                    .path("properties").path("replicas");
            assertThat(replicas.path("default").asInt(-1)).as(file).isEqualTo(1);
            assertThat(version.path("subresources").path("scale").path("specReplicasPath").asText())
                    .isEqualTo(".spec.replicas");
        }
    }

    private static JsonNode crd(String file) {
        return TestFiles.documents(TestFiles.repoRoot().resolve("crds").resolve(file)).get(0);
    }
}
