package com.danubemessaging.connect.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import java.util.List;
import java.util.Map;

/** Desired state of a Danube connector; shared by both connector kinds. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.connector) != has(self.connectorClass)", message = "set exactly one of spec.connector (a built-in connector) or spec.connectorClass (a class in a custom image)")
public class ConnectorSpec {

    @JsonPropertyDescription("Built-in connector name (mqtt, webhook, http, jdbc, ...). Combined with the kind it selects the runtime connector id, e.g. source-mqtt. Set exactly one of connector and connectorClass.")
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    private String connector;

    @JsonPropertyDescription("Fully qualified class name of a connector packaged in a custom image (see image). Set exactly one of connector and connectorClass.")
    @Pattern("^[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)+$")
    private String connectorClass;

    @JsonPropertyDescription("connector_name written to connector.toml (names producers and consumers in Danube). Defaults to the resource name.")
    @Pattern("^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    private String connectorName;

    @JsonPropertyDescription("Container image of the connector runtime. Defaults to the runtime image the operator was installed with.")
    private String image;

    @JsonPropertyDescription("Image pull policy of the connector container (Always, IfNotPresent, Never). Defaults to the Kubernetes default for the image tag.")
    private ImagePullPolicy imagePullPolicy;

    @JsonPropertyDescription("Number of connector pods while running. Also the scale subresource (kubectl scale, HPA). Defaults to 1.")
    @Min(0)
    @Default("1")
    @SpecReplicas
    private Integer replicas;

    @JsonPropertyDescription("running (default) or paused. Paused scales the connector to 0 pods and keeps everything else.")
    private ConnectorState state;

    @JsonPropertyDescription("Any change of this value rolls the connector pods (e.g. set it to a timestamp).")
    private String restartNonce;

    @JsonPropertyDescription("How the connector reaches the Danube broker.")
    @Required
    private DanubeConnection danube;

    @JsonPropertyDescription("The connector's own TOML tables written as YAML (e.g. mqtt: {...}, routes: [...]); rendered beside the core keys of connector.toml. Core keys (danube_service_url, connector_name, retry, processing, schemas) are rejected here: use the typed fields instead. Never put secrets here: use env with secretKeyRef and ${env:NAME} placeholders.")
    @SchemaFrom(type = FreeFormObject.class)
    private Map<String, Object> config;

    @JsonPropertyDescription("Typed mirror of the [retry] table of connector.toml.")
    private RetrySpec retry;

    @JsonPropertyDescription("Typed mirror of the [processing] table of connector.toml (metrics_port comes from metrics.port).")
    private ProcessingSpec processing;

    @JsonPropertyDescription("Typed mirror of the [[schemas]] tables of connector.toml: one entry per topic.")
    private List<SchemaSpec> schemas;

    @JsonPropertyDescription("Extra environment variables of the connector container (use valueFrom.secretKeyRef for secrets). Names the operator sets itself are rejected.")
    private List<EnvVar> env;

    @JsonPropertyDescription("Extra environment sources of the connector container (ConfigMaps, Secrets).")
    private List<EnvFromSource> envFrom;

    @JsonPropertyDescription("Extra container ports (e.g. the webhook listener), also exposed on the connector's Service. Names are unique and not metrics; Service ports (servicePort, else containerPort) are unique per protocol.")
    @Size(max = 20)
    @ValidationRule(value = "self.all(p, p.name != 'metrics')", message = "the port name metrics is taken by the runtime's metrics port; choose another name")
    @ValidationRule(value = "self.all(p, self.exists_one(q, q.name == p.name))", message = "port names must be unique")
    @ValidationRule(value = "self.all(p, self.exists_one(q, (has(q.servicePort) ? q.servicePort : q.containerPort) == (has(p.servicePort) ? p.servicePort : p.containerPort) && (has(q.protocol) ? q.protocol : 'TCP') == (has(p.protocol) ? p.protocol : 'TCP')))", message = "two ports would use the same Service port and protocol; set servicePort to a free port")
    private List<ConnectorPort> ports;

    @JsonPropertyDescription("Prometheus metrics and health endpoint of the runtime.")
    private MetricsSpec metrics;

    @JsonPropertyDescription("CPU and memory requests and limits of the connector container.")
    private ResourceRequirements resources;

    @JsonPropertyDescription("JVM flags passed to the runtime as JAVA_OPTS, e.g. -Xmx256m.")
    private String jvmOptions;

    @JsonPropertyDescription("Log format of the connector runtime, passed as LOG_FORMAT: text (default) or json (one JSON object per line for cluster log pipelines).")
    private LogFormat logFormat;

    @JsonPropertyDescription("Overrides of the generated pod and container.")
    private TemplateSpec template;

    public String getConnector() {
        return connector;
    }

    public void setConnector(String connector) {
        this.connector = connector;
    }

    public String getConnectorClass() {
        return connectorClass;
    }

    public void setConnectorClass(String connectorClass) {
        this.connectorClass = connectorClass;
    }

    public String getConnectorName() {
        return connectorName;
    }

    public void setConnectorName(String connectorName) {
        this.connectorName = connectorName;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public ImagePullPolicy getImagePullPolicy() {
        return imagePullPolicy;
    }

    public void setImagePullPolicy(ImagePullPolicy imagePullPolicy) {
        this.imagePullPolicy = imagePullPolicy;
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public ConnectorState getState() {
        return state;
    }

    public void setState(ConnectorState state) {
        this.state = state;
    }

    public String getRestartNonce() {
        return restartNonce;
    }

    public void setRestartNonce(String restartNonce) {
        this.restartNonce = restartNonce;
    }

    public DanubeConnection getDanube() {
        return danube;
    }

    public void setDanube(DanubeConnection danube) {
        this.danube = danube;
    }

    public Map<String, Object> getConfig() {
        return config;
    }

    public void setConfig(Map<String, Object> config) {
        this.config = config;
    }

    public RetrySpec getRetry() {
        return retry;
    }

    public void setRetry(RetrySpec retry) {
        this.retry = retry;
    }

    public ProcessingSpec getProcessing() {
        return processing;
    }

    public void setProcessing(ProcessingSpec processing) {
        this.processing = processing;
    }

    public List<SchemaSpec> getSchemas() {
        return schemas;
    }

    public void setSchemas(List<SchemaSpec> schemas) {
        this.schemas = schemas;
    }

    public List<EnvVar> getEnv() {
        return env;
    }

    public void setEnv(List<EnvVar> env) {
        this.env = env;
    }

    public List<EnvFromSource> getEnvFrom() {
        return envFrom;
    }

    public void setEnvFrom(List<EnvFromSource> envFrom) {
        this.envFrom = envFrom;
    }

    public List<ConnectorPort> getPorts() {
        return ports;
    }

    public void setPorts(List<ConnectorPort> ports) {
        this.ports = ports;
    }

    public MetricsSpec getMetrics() {
        return metrics;
    }

    public void setMetrics(MetricsSpec metrics) {
        this.metrics = metrics;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }

    public String getJvmOptions() {
        return jvmOptions;
    }

    public void setJvmOptions(String jvmOptions) {
        this.jvmOptions = jvmOptions;
    }

    public TemplateSpec getTemplate() {
        return template;
    }

    public void setTemplate(TemplateSpec template) {
        this.template = template;
    }

    public LogFormat getLogFormat() {
        return logFormat;
    }

    public void setLogFormat(LogFormat logFormat) {
        this.logFormat = logFormat;
    }
}
