package com.danubemessaging.connect.e2e.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulated image is what the Dockerfile's runtime stage says, read from the repository's Dockerfile. */
class RuntimeImageTest {
    private static final Path REPO = Path.of(System.getProperty("danube.repo.root", "..")).toAbsolutePath()
            .normalize();

    @Test
    void readsTheRuntimeStageAndItsBase(@TempDir Path scratch) throws Exception {
        Path dockerfile = scratch.resolve("Dockerfile");
        Path built = Files.createDirectories(scratch.resolve("repo/distribution/out/lib"));
        Files.writeString(built.resolveSibling("app.jar"), "jar");
        Files.writeString(dockerfile, String.join("\n",
                "FROM base:1 AS build",
                "RUN make",
                "FROM jre:17 AS jre-base",
                "ENV JAVA_DEFAULT_OPTS=\"-Xa -Xb\" \\",
                "    HOME=/tmp",
                "RUN useradd app",
                "FROM jre-base AS runtime",
                "COPY --from=build /workspace/distribution/target/lib/ /opt/app/lib/",
                "COPY --from=build /workspace/distribution/target/app.jar /opt/app/app.jar",
                "COPY --chmod=0755 <<'EOF' /opt/app/bin/run",
                "#!/bin/sh",
                "exec java $JAVA_DEFAULT_OPTS -cp /opt/app/app.jar Main \"$@\"",
                "EOF",
                "RUN mkdir -p /opt/app/plugins /etc/app",
                "ENV CONFIG=/etc/app/app.toml",
                "WORKDIR /opt/app",
                "USER 1000:1000",
                "ENTRYPOINT [\"/opt/app/bin/run\"]",
                ""));
        RuntimeImage image = RuntimeImage.read(dockerfile, "runtime", scratch.resolve("repo"), "out",
                scratch.resolve("scratch"));
        assertThat(image.entrypoint()).containsExactly("/opt/app/bin/run");
        assertThat(image.env()).containsEntry("JAVA_DEFAULT_OPTS", "-Xa -Xb").containsEntry("HOME", "/tmp")
                .containsEntry("CONFIG", "/etc/app/app.toml");
        assertThat(image.workdir()).isEqualTo("/opt/app");
        assertThat(image.uid()).contains(1000L);
        assertThat(image.gid()).contains(1000L);
        assertThat(image.directories()).containsExactly("/opt/app/plugins", "/etc/app");
        assertThat(image.skippedRunSteps()).containsExactly("jre-base: RUN useradd app");
        assertThat(image.files()).extracting(RuntimeImage.ImageFile::containerPath)
                .containsExactly("/opt/app/lib", "/opt/app/app.jar", "/opt/app/bin/run");
        assertThat(image.files().get(0).hostSource()).isEqualTo(built);
        assertThat(Files.readString(image.files().get(2).hostSource())).contains("exec java $JAVA_DEFAULT_OPTS");
        assertThat(image.files().get(2).mode()).isEqualTo("0755");
        // spec command replaces ENTRYPOINT; spec args replace CMD
        assertThat(image.commandFor(null, List.of("--help"))).containsExactly("/opt/app/bin/run", "--help");
        assertThat(image.commandFor(List.of("sh"), null)).containsExactly("sh");
    }

    @Test
    void theRepositoryDockerfileRunsTheLauncherOfTheRuntimeJar(@TempDir Path scratch) throws Exception {
        Path jar = REPO.resolve("distribution/target/danube-connect-runtime.jar");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(jar), "distribution is not built");
        RuntimeImage image = RuntimeImage.read(REPO.resolve("Dockerfile"), "runtime", REPO, "target", scratch);
        assertThat(image.commandFor(null, null)).containsExactly("/opt/danube-connect/bin/danube-connect");
        RuntimeImage.ImageFile launcher = image.files().stream()
                .filter(f -> f.containerPath().equals("/opt/danube-connect/bin/danube-connect")).findFirst()
                .orElseThrow();
        assertThat(Files.readString(launcher.hostSource())).contains("ConnectorMain");
        assertThat(image.files()).anySatisfy(f -> assertThat(f.hostSource()).isEqualTo(jar));
    }
}
