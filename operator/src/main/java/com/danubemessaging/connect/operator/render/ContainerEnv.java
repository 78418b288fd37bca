package com.danubemessaging.connect.operator.render;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.danubemessaging.connect.operator.model.ConnectorSpec;
import com.danubemessaging.connect.operator.secrets.SecretDigest;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;

/** The environment of the connector container (Contract 1), followed by the user's {@code spec.env}. */
final class ContainerEnv {

    static final String CONFIG_DIR = "/etc/danube-connect";
    static final String CONFIG_PATH = CONFIG_DIR + "/connector.toml";
    static final String TLS_DIR = CONFIG_DIR + "/tls";
    /** The token Secret's key is mounted as this directory's file {@value #TOKEN_FILE_NAME} (no subPath, so kubelet
     * refreshes it in place when the Secret changes). */
    static final String TOKEN_DIR = CONFIG_DIR + "/token";
    static final String TOKEN_FILE_NAME = "token";

    private ContainerEnv() {
    }

    /** Names the operator sets for this spec; {@code spec.env} must not repeat them. */
    static Set<String> reservedNames(ConnectorSpec spec) {
        Set<String> names = new LinkedHashSet<>(List.of("CONNECTOR_CONFIG_PATH", "DANUBE_CONNECTOR",
                "DANUBE_CONNECT_INSTANCE_ID"));
        if (spec.getDanube() != null && spec.getDanube().getTokenSecretRef() != null) {
            // DANUBE_TOKEN too: the runtime refuses a token from both the variable and the file.
            names.addAll(List.of("DANUBE_TOKEN", "DANUBE_TOKEN_FILE"));
        }
        if (spec.getDanube() != null && spec.getDanube().getTlsSecretRef() != null) {
            names.addAll(List.of("DANUBE_TLS_CA_FILE", "DANUBE_TLS_CERT_FILE", "DANUBE_TLS_KEY_FILE"));
        }
        if (spec.getJvmOptions() != null && !spec.getJvmOptions().isBlank()) {
            names.add("JAVA_OPTS");
        }
        if (spec.getLogFormat() != null) {
            names.add("LOG_FORMAT");
        }
        return names;
    }

    static List<EnvVar> build(ConnectorSpec spec, String connectorId, SecretDigest tlsSecret) {
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVarBuilder().withName("CONNECTOR_CONFIG_PATH").withValue(CONFIG_PATH).build());
        env.add(new EnvVarBuilder().withName("DANUBE_CONNECTOR").withValue(connectorId).build());
        env.add(new EnvVarBuilder().withName("DANUBE_CONNECT_INSTANCE_ID").withNewValueFrom().withNewFieldRef()
                .withApiVersion("v1").withFieldPath("metadata.name").endFieldRef().endValueFrom().build());
        if (spec.getDanube().getTokenSecretRef() != null) {
            env.add(new EnvVarBuilder().withName("DANUBE_TOKEN_FILE").withValue(TOKEN_DIR + "/" + TOKEN_FILE_NAME)
                    .build());
        }
        if (tlsSecret != null) {
            env.add(new EnvVarBuilder().withName("DANUBE_TLS_CA_FILE").withValue(TLS_DIR + "/ca.crt").build());
            if (tlsSecret.hasKey("tls.crt") && tlsSecret.hasKey("tls.key")) {
                env.add(new EnvVarBuilder().withName("DANUBE_TLS_CERT_FILE").withValue(TLS_DIR + "/tls.crt").build());
                env.add(new EnvVarBuilder().withName("DANUBE_TLS_KEY_FILE").withValue(TLS_DIR + "/tls.key").build());
            }
        }
        if (spec.getJvmOptions() != null && !spec.getJvmOptions().isBlank()) {
            env.add(new EnvVarBuilder().withName("JAVA_OPTS").withValue(spec.getJvmOptions()).build());
        }
        if (spec.getLogFormat() != null) {
            env.add(new EnvVarBuilder().withName("LOG_FORMAT").withValue(spec.getLogFormat().value()).build());
        }
        if (spec.getEnv() != null) {
            env.addAll(spec.getEnv());
        }
        return env;
    }
}
