package com.danubemessaging.connect.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.danubemessaging.connect.operator.TestFiles;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * The CRDs committed under {@code crds/} must be exactly what the build generates from the Java model. QOSDK writes
 * them into {@code <build dir>/kubernetes} when Quarkus builds the application, which happens before any
 * {@code @QuarkusTest} runs. Refresh the committed files with {@code ./mvnw -pl operator -am verify -Dcrds.update=true}.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class CrdFilesUpToDateTest {

    static final List<String> CRD_FILES = List.of(
            "danubesourceconnectors.connect.danube-messaging.io-v1.yml",
            "danubesinkconnectors.connect.danube-messaging.io-v1.yml");

    @Test
    void committedCrdsMatchTheGeneratedOnes() throws IOException {
        boolean update = Boolean.getBoolean("crds.update");
        for (String file : CRD_FILES) {
            Path generated = TestFiles.buildDir().resolve("kubernetes").resolve(file);
            Path committed = TestFiles.repoRoot().resolve("crds").resolve(file);
            assertThat(generated).as("generated CRD (QOSDK output)").exists();
            if (update) {
                Files.createDirectories(committed.getParent());
                Files.copy(generated, committed, StandardCopyOption.REPLACE_EXISTING);
                continue;
            }
            assertThat(committed)
                    .as("crds/%s is missing; run ./mvnw -pl operator -am verify -Dcrds.update=true and commit crds/", file)
                    .exists();
            assertThat(Files.readString(committed))
                    .as("crds/%s differs from the CRD generated from the Java model; run "
                            + "./mvnw -pl operator -am verify -Dcrds.update=true and commit crds/ "
                            + "(and copy it to helm/danube-connect-operator/crds/)", file)
                    .isEqualTo(Files.readString(generated));
        }
    }
}
