package com.danubemessaging.connect.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimVolumeSource;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;

/**
 * A pod volume of the connector: the four sources connectors need (data on a claim, files from a ConfigMap or a
 * Secret, scratch space). A typed subset of the Kubernetes Volume keeps the CRD small and the checks exact.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConnectorVolume {

    @JsonPropertyDescription("Volume name (DNS-1123 label), referenced by template.container.volumeMounts[].name. The operator's own names (config, tmp, danube-tls, danube-token, schema-*) are rejected.")
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    private String name;

    @JsonPropertyDescription("A PersistentVolumeClaim in the connector's namespace (claimName, readOnly). Set exactly one source.")
    private PersistentVolumeClaimVolumeSource persistentVolumeClaim;

    @JsonPropertyDescription("Files from a ConfigMap (name, items, defaultMode, optional). A change of its data rolls the pods. Set exactly one source.")
    private ConfigMapVolumeSource configMap;

    @JsonPropertyDescription("Files from a Secret (secretName, items, defaultMode, optional). A change of its data rolls the pods. Set exactly one source.")
    private SecretVolumeSource secret;

    @JsonPropertyDescription("Scratch space that lives as long as the pod (medium, sizeLimit). Set exactly one source.")
    private EmptyDirVolumeSource emptyDir;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public PersistentVolumeClaimVolumeSource getPersistentVolumeClaim() {
        return persistentVolumeClaim;
    }

    public void setPersistentVolumeClaim(PersistentVolumeClaimVolumeSource persistentVolumeClaim) {
        this.persistentVolumeClaim = persistentVolumeClaim;
    }

    public ConfigMapVolumeSource getConfigMap() {
        return configMap;
    }

    public void setConfigMap(ConfigMapVolumeSource configMap) {
        this.configMap = configMap;
    }

    public SecretVolumeSource getSecret() {
        return secret;
    }

    public void setSecret(SecretVolumeSource secret) {
        this.secret = secret;
    }

    public EmptyDirVolumeSource getEmptyDir() {
        return emptyDir;
    }

    public void setEmptyDir(EmptyDirVolumeSource emptyDir) {
        this.emptyDir = emptyDir;
    }
}
