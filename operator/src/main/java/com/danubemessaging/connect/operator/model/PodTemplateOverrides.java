package com.danubemessaging.connect.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/** Pod-level overrides of the connector's pod template. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PodTemplateOverrides {

    @JsonPropertyDescription("Extra pod labels (the operator's selector labels win).")
    private Map<String, String> labels;

    @JsonPropertyDescription("Extra pod annotations (the operator's hash and scrape annotations win).")
    private Map<String, String> annotations;

    @JsonPropertyDescription("Node selector of the pods.")
    private Map<String, String> nodeSelector;

    @JsonPropertyDescription("Tolerations of the pods.")
    private List<Toleration> tolerations;

    @JsonPropertyDescription("Affinity of the pods.")
    private Affinity affinity;

    @JsonPropertyDescription("Pod security context, merged field by field over the operator's secure default (runAsNonRoot, uid/gid/fsGroup 1000, seccomp RuntimeDefault): fields left out keep the default. Weakening a setting below the Pod Security Standards restricted profile takes naming that field explicitly.")
    private PodSecurityContext securityContext;

    @JsonPropertyDescription("Service account of the pods.")
    private String serviceAccountName;

    @JsonPropertyDescription("Secrets used to pull the image, added to the operator-wide connector pull secrets (chart value connectorImagePullSecrets).")
    private List<LocalObjectReference> imagePullSecrets;

    @JsonPropertyDescription("Priority class of the pods.")
    private String priorityClassName;

    @JsonPropertyDescription("Extra pod volumes (persistentVolumeClaim, configMap, secret or emptyDir), mounted with template.container.volumeMounts. ConfigMap and Secret volumes must exist (or be optional) and roll the pods when their data changes.")
    private List<ConnectorVolume> volumes;

    public Map<String, String> getLabels() {
        return labels;
    }

    public void setLabels(Map<String, String> labels) {
        this.labels = labels;
    }

    public Map<String, String> getAnnotations() {
        return annotations;
    }

    public void setAnnotations(Map<String, String> annotations) {
        this.annotations = annotations;
    }

    public Map<String, String> getNodeSelector() {
        return nodeSelector;
    }

    public void setNodeSelector(Map<String, String> nodeSelector) {
        this.nodeSelector = nodeSelector;
    }

    public List<Toleration> getTolerations() {
        return tolerations;
    }

    public void setTolerations(List<Toleration> tolerations) {
        this.tolerations = tolerations;
    }

    public Affinity getAffinity() {
        return affinity;
    }

    public void setAffinity(Affinity affinity) {
        this.affinity = affinity;
    }

    public PodSecurityContext getSecurityContext() {
        return securityContext;
    }

    public void setSecurityContext(PodSecurityContext securityContext) {
        this.securityContext = securityContext;
    }

    public String getServiceAccountName() {
        return serviceAccountName;
    }

    public void setServiceAccountName(String serviceAccountName) {
        this.serviceAccountName = serviceAccountName;
    }

    public List<LocalObjectReference> getImagePullSecrets() {
        return imagePullSecrets;
    }

    public void setImagePullSecrets(List<LocalObjectReference> imagePullSecrets) {
        this.imagePullSecrets = imagePullSecrets;
    }

    public String getPriorityClassName() {
        return priorityClassName;
    }

    public void setPriorityClassName(String priorityClassName) {
        this.priorityClassName = priorityClassName;
    }

    public List<ConnectorVolume> getVolumes() {
        return volumes;
    }

    public void setVolumes(List<ConnectorVolume> volumes) {
        this.volumes = volumes;
    }
}
