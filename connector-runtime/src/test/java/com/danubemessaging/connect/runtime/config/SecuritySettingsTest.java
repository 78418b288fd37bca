package com.danubemessaging.connect.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecuritySettingsTest {

    @TempDir
    Path dir;

    @Test
    void noVariablesMeansNoSecurity() {
        SecuritySettings settings = SecuritySettings.fromEnv(Map.of());
        assertThat(settings).isEqualTo(SecuritySettings.none());
        assertThat(settings.tlsConfigured()).isFalse();
    }

    @Test
    void readsTokenAndTlsFilesAndNeverPrintsTheToken() throws IOException {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "ca");
        Path cert = Files.writeString(dir.resolve("tls.crt"), "crt");
        Path key = Files.writeString(dir.resolve("tls.key"), "key");

        SecuritySettings settings = SecuritySettings.fromEnv(Map.of(
                RuntimeEnv.DANUBE_TOKEN, "eyJhbGciOiJIUzI1NiJ9.secret.sig",
                RuntimeEnv.DANUBE_TLS_CA_FILE, ca.toString(),
                RuntimeEnv.DANUBE_TLS_CERT_FILE, cert.toString(),
                RuntimeEnv.DANUBE_TLS_KEY_FILE, key.toString()));

        assertThat(settings.token()).contains("eyJhbGciOiJIUzI1NiJ9.secret.sig");
        assertThat(settings.tlsCaFile()).contains(ca);
        assertThat(settings.tlsCertFile()).contains(cert);
        assertThat(settings.tlsKeyFile()).contains(key);
        assertThat(settings.tlsConfigured()).isTrue();
        assertThat(settings.toString()).doesNotContain("secret").contains("token=<set>");
    }

    @Test
    void reportsEveryBadVariable() {
        assertThatThrownBy(() -> SecuritySettings.fromEnv(Map.of(
                RuntimeEnv.DANUBE_TOKEN, "t",
                RuntimeEnv.DANUBE_TOKEN_FILE, dir.resolve("missing-token").toString(),
                RuntimeEnv.DANUBE_TLS_CERT_FILE, dir.resolve("missing.crt").toString())))
                .isInstanceOfSatisfying(ConfigValidationException.class, e -> assertThat(e.errors())
                        .extracting(ConfigError::toString)
                        .containsExactly(
                                "DANUBE_TOKEN_FILE: file not found: " + dir.resolve("missing-token"),
                                "DANUBE_TLS_CERT_FILE: file not found: " + dir.resolve("missing.crt"),
                                "DANUBE_TOKEN: set either DANUBE_TOKEN or DANUBE_TOKEN_FILE, not both",
                                "DANUBE_TLS_KEY_FILE: required for mTLS when DANUBE_TLS_CERT_FILE is set"));
    }
}
