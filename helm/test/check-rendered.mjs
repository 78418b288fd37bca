// Checks the chart's own rules on one `helm template` output: what the Kubernetes schemas cannot say.
//  - security: non-root, read-only root filesystem with a /tmp emptyDir, no privilege escalation,
//    capabilities dropped, RuntimeDefault seccomp, no Secret objects;
//  - least-privilege RBAC: the ServiceAccount's effective permissions, per namespace, equal exactly the
//    agreed table (cluster-wide when watching all namespaces, per watched namespace otherwise; the
//    Lease only in the release namespace);
//  - wiring: env (POD_NAMESPACE via the downward API, watched namespaces, leader election, runtime image),
//    probes on /q/health/*, port 8080 "http", Service and ServiceMonitor selecting the operator pods.
// Usage: node check-rendered.mjs --deps DIR --release-namespace NS --watch '*'|ns1,ns2
//        --leader-election true|false --replicas N --service-monitor true|false
//        [--pod-monitor true|false] [--prometheus-rule true|false] [--dashboard true|false]
//        [--log-format text|json] [--connector-pull-secrets name1,name2] RENDERED.yaml
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

function parseArgs(argv) {
  const args = { files: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith("--")) args[arg.slice(2)] = argv[++i];
    else args.files.push(arg);
  }
  for (const required of ["deps", "release-namespace", "watch", "leader-election", "replicas", "service-monitor"]) {
    if (args[required] === undefined) throw new Error(`--${required} is required`);
  }
  if (args.files.length !== 1) throw new Error("exactly one rendered manifest file is expected");
  return args;
}

const args = parseArgs(process.argv.slice(2));
const yaml = createRequire(join(args.deps, "package.json"))("js-yaml");
const docs = yaml.loadAll(readFileSync(args.files[0], "utf8")).filter(Boolean);
const releaseNamespace = args["release-namespace"];
const watchAll = args.watch === "*";
const watched = watchAll ? [] : args.watch.split(",");
const leaderElection = args["leader-election"] === "true";
const replicas = Number(args.replicas);
const serviceMonitorExpected = args["service-monitor"] === "true";
const podMonitorExpected = args["pod-monitor"] === "true";
const prometheusRuleExpected = args["prometheus-rule"] === "true";
const dashboardExpected = args["dashboard"] === "true";

const failures = [];
function expect(condition, message) {
  if (!condition) failures.push(message);
}
const ofKind = (kind) => docs.filter((d) => d.kind === kind);

// The agreed least-privilege table: [apiGroup, resource, verbs] the operator needs where it watches connectors.
const CONNECTOR_PERMISSIONS = [
  ["connect.danube-messaging.io", "danubesourceconnectors", "get list watch patch update"],
  ["connect.danube-messaging.io", "danubesinkconnectors", "get list watch patch update"],
  ["connect.danube-messaging.io", "danubesourceconnectors/status", "get list watch patch update"],
  ["connect.danube-messaging.io", "danubesinkconnectors/status", "get list watch patch update"],
  ["connect.danube-messaging.io", "danubesourceconnectors/finalizers", "update"],
  ["connect.danube-messaging.io", "danubesinkconnectors/finalizers", "update"],
  ["apps", "deployments", "get list watch create update patch delete"],
  ["", "configmaps", "get list watch create update patch delete"],
  ["", "services", "get list watch create update patch delete"],
  ["", "pods", "get list watch"],
  ["", "secrets", "get list watch"],
  ["", "events", "create patch"],
  ["events.k8s.io", "events", "create patch"],
];
const LEASE_NAME = "danube-connect-operator";
const CRD_NAMES = ["danubesourceconnectors.connect.danube-messaging.io", "danubesinkconnectors.connect.danube-messaging.io"];

/** Expands RBAC rules into "group|resource|verb[|resourceName]" strings. */
function permissions(rules, scope) {
  const result = new Set();
  for (const rule of rules ?? []) {
    for (const field of ["apiGroups", "resources", "verbs"]) {
      expect(!(rule[field] ?? []).includes("*"), `${scope}: wildcard '*' in ${field}`);
    }
    expect(!rule.nonResourceURLs, `${scope}: nonResourceURLs are not needed`);
    for (const group of rule.apiGroups ?? []) {
      for (const resource of rule.resources ?? []) {
        for (const verb of rule.verbs ?? []) {
          const names = rule.resourceNames?.length ? rule.resourceNames : [""];
          names.forEach((name) => result.add([group, resource, verb, name].join("|")));
        }
      }
    }
  }
  return result;
}

function table(rows, resourceName = "") {
  const result = new Set();
  for (const [group, resource, verbs] of rows) {
    verbs.split(" ").forEach((verb) => result.add([group, resource, verb, resourceName].join("|")));
  }
  return result;
}

function sameSet(actual, expected, scope) {
  const missing = [...expected].filter((p) => !actual.has(p));
  const extra = [...actual].filter((p) => !expected.has(p));
  const list = (items) => items.slice(0, 6).join(", ") + (items.length > 6 ? ` (+${items.length - 6} more)` : "");
  expect(missing.length === 0, `${scope}: missing permissions ${list(missing)}`);
  expect(extra.length === 0, `${scope}: more than least privilege: ${list(extra)}`);
}

// ---- ServiceAccount and the Deployment that uses it
const deployments = ofKind("Deployment");
expect(deployments.length === 1, `expected 1 Deployment, found ${deployments.length}`);
const deployment = deployments[0] ?? { spec: { template: { spec: { containers: [] } } } };
const podSpec = deployment.spec.template.spec;
const serviceAccountName = podSpec.serviceAccountName;
expect(serviceAccountName, "Deployment: serviceAccountName is not set");
expect(ofKind("ServiceAccount").some((sa) => sa.metadata.name === serviceAccountName && sa.metadata.namespace === releaseNamespace),
  `ServiceAccount ${serviceAccountName} is not rendered in ${releaseNamespace}`);
expect(ofKind("Secret").length === 0, "the chart must not render Secrets");

// ---- effective RBAC of the ServiceAccount, by namespace ("" = cluster-wide)
const isOurSubject = (binding) => (binding.subjects ?? []).some((s) =>
  s.kind === "ServiceAccount" && s.name === serviceAccountName && s.namespace === releaseNamespace);
const roleRules = (ref, namespace) => {
  const kind = ref.kind;
  const role = docs.find((d) => d.kind === kind && d.metadata.name === ref.name
    && (kind === "ClusterRole" || d.metadata.namespace === namespace));
  expect(role, `binding refers to ${kind} ${ref.name} that is not rendered${namespace ? " in " + namespace : ""}`);
  return role?.rules ?? [];
};
const granted = new Map();
const grant = (namespace, perms) => {
  const current = granted.get(namespace) ?? new Set();
  perms.forEach((p) => current.add(p));
  granted.set(namespace, current);
};
for (const binding of ofKind("ClusterRoleBinding").filter(isOurSubject)) {
  grant("", permissions(roleRules(binding.roleRef, ""), `ClusterRole ${binding.roleRef.name}`));
}
for (const binding of ofKind("RoleBinding").filter(isOurSubject)) {
  const namespace = binding.metadata.namespace;
  expect(namespace, `RoleBinding ${binding.metadata.name} has no namespace`);
  grant(namespace, permissions(roleRules(binding.roleRef, namespace), `${binding.roleRef.kind} ${binding.roleRef.name}`));
}

const clusterWide = granted.get("") ?? new Set();
const clusterExpected = new Set();
if (watchAll) table(CONNECTOR_PERMISSIONS).forEach((p) => clusterExpected.add(p));
sameSet(clusterWide, clusterExpected, "cluster-wide permissions");

const namespaces = new Set([...granted.keys()].filter((ns) => ns !== ""));
if (leaderElection) namespaces.add(releaseNamespace);
watched.forEach((ns) => namespaces.add(ns));
for (const namespace of namespaces) {
  const expected = new Set();
  if (!watchAll && watched.includes(namespace)) table(CONNECTOR_PERMISSIONS).forEach((p) => expected.add(p));
  if (leaderElection && namespace === releaseNamespace) {
    table([["coordination.k8s.io", "leases", "create"]]).forEach((p) => expected.add(p));
    table([["coordination.k8s.io", "leases", "get update patch"]], LEASE_NAME).forEach((p) => expected.add(p));
  }
  sameSet(granted.get(namespace) ?? new Set(), expected, `permissions in namespace ${namespace}`);
}

// ---- pod and container security
const podSecurity = podSpec.securityContext ?? {};
expect(podSecurity.runAsNonRoot === true, "pod securityContext.runAsNonRoot must be true");
expect(podSecurity.runAsUser > 0, "pod securityContext.runAsUser must be a non-root uid");
expect(podSecurity.seccompProfile?.type === "RuntimeDefault", "pod seccompProfile must be RuntimeDefault");
expect(podSpec.hostNetwork !== true && podSpec.hostPID !== true && podSpec.hostIPC !== true, "pod must not use host namespaces");
expect(podSpec.containers.length === 1, `expected 1 container, found ${podSpec.containers.length}`);
const container = podSpec.containers[0] ?? {};
const security = container.securityContext ?? {};
expect(security.readOnlyRootFilesystem === true, "container readOnlyRootFilesystem must be true");
expect(security.allowPrivilegeEscalation === false, "container allowPrivilegeEscalation must be false");
expect(security.privileged !== true, "container must not be privileged");
expect(security.runAsNonRoot === true, "container runAsNonRoot must be true");
expect((security.capabilities?.drop ?? []).includes("ALL"), "container must drop ALL capabilities");
expect(!(security.capabilities?.add?.length), "container must not add capabilities");
expect(security.seccompProfile?.type === "RuntimeDefault", "container seccompProfile must be RuntimeDefault");
const tmpMount = (container.volumeMounts ?? []).find((m) => m.mountPath === "/tmp");
expect(tmpMount, "/tmp must be mounted (the root filesystem is read-only)");
expect((podSpec.volumes ?? []).some((v) => v.name === tmpMount?.name && v.emptyDir), "/tmp must be an emptyDir volume");
expect(container.resources?.limits?.memory, "container needs a memory limit");
expect(container.resources?.requests?.cpu && container.resources?.requests?.memory, "container needs cpu and memory requests");

// ---- ports, probes, env
const httpPort = (container.ports ?? []).find((p) => p.name === "http");
expect(httpPort?.containerPort === 8080, "container port 'http' must be 8080");
const probePath = (probe) => probe?.httpGet?.port === "http" ? probe.httpGet.path : undefined;
expect(probePath(container.livenessProbe) === "/q/health/live", "livenessProbe must GET /q/health/live on port http");
expect(probePath(container.readinessProbe) === "/q/health/ready", "readinessProbe must GET /q/health/ready on port http");
expect(probePath(container.startupProbe) === "/q/health/live", "startupProbe must GET /q/health/live on port http");

const env = Object.fromEntries((container.env ?? []).map((e) => [e.name, e]));
expect(env.POD_NAMESPACE?.valueFrom?.fieldRef?.fieldPath === "metadata.namespace", "POD_NAMESPACE must come from the downward API (metadata.namespace)");
const namespacesValue = env.QUARKUS_OPERATOR_SDK_NAMESPACES?.value;
expect(namespacesValue === (watchAll ? "JOSDK_ALL_NAMESPACES" : watched.join(",")),
  `QUARKUS_OPERATOR_SDK_NAMESPACES is '${namespacesValue}', expected '${watchAll ? "JOSDK_ALL_NAMESPACES" : watched.join(",")}'`);
expect(env.DANUBE_OPERATOR_LEADER_ELECTION_ENABLED?.value === String(leaderElection),
  `DANUBE_OPERATOR_LEADER_ELECTION_ENABLED must be '${leaderElection}'`);
expect(env.DANUBE_OPERATOR_LEADER_ELECTION_LEASE_NAME?.value === LEASE_NAME,
  `DANUBE_OPERATOR_LEADER_ELECTION_LEASE_NAME must be '${LEASE_NAME}' (the name the RBAC allows)`);
const imageReference = /^[^\s@]+(:[\w][\w.-]*|@sha256:[a-f0-9]{64})$/;
const logFormat = args["log-format"] ?? "text";
expect(env.QUARKUS_LOG_CONSOLE_JSON_ENABLED?.value === String(logFormat === "json"),
  `QUARKUS_LOG_CONSOLE_JSON_ENABLED is '${env.QUARKUS_LOG_CONSOLE_JSON_ENABLED?.value}', expected '${logFormat === "json"}' for logFormat ${logFormat}`);
const connectorPullSecrets = args["connector-pull-secrets"] ?? "";
expect((env.DANUBE_OPERATOR_CONNECTOR_IMAGE_PULL_SECRETS?.value ?? "") === connectorPullSecrets,
  `DANUBE_OPERATOR_CONNECTOR_IMAGE_PULL_SECRETS is '${env.DANUBE_OPERATOR_CONNECTOR_IMAGE_PULL_SECRETS?.value}', expected '${connectorPullSecrets}'`);
expect(imageReference.test(env.DANUBE_OPERATOR_RUNTIME_IMAGE?.value ?? ""),
  `DANUBE_OPERATOR_RUNTIME_IMAGE '${env.DANUBE_OPERATOR_RUNTIME_IMAGE?.value}' is not an image reference with a tag or digest`);
expect(imageReference.test(container.image ?? ""), `operator image '${container.image}' has no tag or digest`);
expect(deployment.spec.replicas === replicas, `Deployment replicas is ${deployment.spec.replicas}, expected ${replicas}`);
expect(replicas <= 1 || leaderElection, "more than one replica needs leader election");
if (!leaderElection) expect(deployment.spec.strategy?.type === "Recreate", "without leader election the Deployment must use the Recreate strategy");

// ---- selectors: Deployment -> pods, Service -> pods, ServiceMonitor -> Service
const podLabels = deployment.spec.template.metadata?.labels ?? {};
const selects = (selector, labels) => Object.entries(selector ?? {}).length > 0
  && Object.entries(selector).every(([key, value]) => labels[key] === value);
expect(selects(deployment.spec.selector?.matchLabels, podLabels), "Deployment selector does not match its pod labels");
const services = ofKind("Service");
expect(services.length === 1, `expected 1 Service, found ${services.length}`);
const service = services[0] ?? { spec: {}, metadata: {} };
expect(selects(service.spec.selector, podLabels), "Service selector does not match the operator pods");
expect((service.spec.ports ?? []).some((p) => p.name === "http" && p.targetPort === "http"), "Service needs port 'http' targeting the container port 'http'");
const monitors = ofKind("ServiceMonitor");
expect(monitors.length === (serviceMonitorExpected ? 1 : 0), `expected ${serviceMonitorExpected ? 1 : 0} ServiceMonitor, found ${monitors.length}`);
for (const monitor of monitors) {
  expect(selects(monitor.spec.selector?.matchLabels, service.metadata.labels ?? {}), "ServiceMonitor selector does not match the Service");
  expect(monitor.spec.endpoints?.some((e) => e.port === "http" && e.path === "/q/metrics"), "ServiceMonitor must scrape port http path /q/metrics");
}

// ---- connector monitoring: PodMonitor over the watched namespaces, PrometheusRule, Grafana dashboard ConfigMap
const podMonitors = ofKind("PodMonitor");
expect(podMonitors.length === (podMonitorExpected ? 1 : 0), `expected ${podMonitorExpected ? 1 : 0} PodMonitor, found ${podMonitors.length}`);
for (const monitor of podMonitors) {
  expect(monitor.spec.selector?.matchLabels?.["app.kubernetes.io/managed-by"] === "danube-connect-operator",
    "PodMonitor must select the connector pods (app.kubernetes.io/managed-by: danube-connect-operator)");
  expect(monitor.spec.podMetricsEndpoints?.some((e) => e.port === "metrics" && e.path === "/metrics"),
    "PodMonitor must scrape port metrics path /metrics");
  const selector = monitor.spec.namespaceSelector ?? {};
  expect(watchAll ? selector.any === true : [...(selector.matchNames ?? [])].sort().join(",") === [...watched].sort().join(","),
    `PodMonitor namespaceSelector ${JSON.stringify(selector)} does not match the watched namespaces`);
}
const rules = ofKind("PrometheusRule");
expect(rules.length === (prometheusRuleExpected ? 1 : 0), `expected ${prometheusRuleExpected ? 1 : 0} PrometheusRule, found ${rules.length}`);
for (const rule of rules) {
  const alerts = (rule.spec.groups ?? []).flatMap((g) => g.rules ?? []).map((r) => r.alert);
  for (const alert of ["DanubeConnectorNotReady", "DanubeConnectorErrorRate", "DanubeConnectorNoProgress"]) {
    expect(alerts.includes(alert), `PrometheusRule lacks alert ${alert}`);
  }
}
const dashboards = ofKind("ConfigMap").filter((c) => c.data?.["danube-connectors.json"]);
expect(dashboards.length === (dashboardExpected ? 1 : 0), `expected ${dashboardExpected ? 1 : 0} dashboard ConfigMap, found ${dashboards.length}`);
for (const dashboard of dashboards) {
  expect(dashboard.metadata.labels?.grafana_dashboard === "1", "dashboard ConfigMap needs the sidecar label grafana_dashboard: \"1\"");
  let parsed;
  try { parsed = JSON.parse(dashboard.data["danube-connectors.json"]); } catch (e) { failures.push(`dashboard JSON does not parse: ${e.message}`); }
  expect(parsed?.panels?.length > 0 && parsed?.uid, "dashboard JSON needs a uid and panels");
}

// ---- aggregated ClusterRoles: namespace users manage (admin/edit) or read (view) connectors, nothing else
const CONNECTOR_RESOURCES = ["danubesourceconnectors", "danubesinkconnectors"];
const aggregated = (to) => ofKind("ClusterRole").filter((r) => r.metadata.labels?.[`rbac.authorization.k8s.io/aggregate-to-${to}`] === "true");
for (const to of ["admin", "edit", "view"]) {
  const roles = aggregated(to);
  expect(roles.length === 1, `expected 1 ClusterRole aggregated to ${to}, found ${roles.length}`);
  for (const role of roles) {
    const perms = permissions(role.rules, `ClusterRole ${role.metadata.name}`);
    for (const p of perms) {
      const [group, resource, verb] = p.split("|");
      expect(group === "connect.danube-messaging.io", `aggregated ClusterRole ${role.metadata.name} grants ${p} outside the connector API group`);
      if (to === "view") expect(["get", "list", "watch"].includes(verb), `view-aggregated ClusterRole grants ${verb} on ${resource}`);
      if (resource.endsWith("/status")) expect(["get", "list", "watch"].includes(verb), `aggregated ClusterRole ${role.metadata.name} lets users write ${resource}`);
    }
    for (const resource of CONNECTOR_RESOURCES) {
      const verbs = to === "view" ? ["get", "list", "watch"] : ["get", "list", "watch", "create", "update", "patch", "delete"];
      verbs.forEach((verb) => expect(perms.has(`connect.danube-messaging.io|${resource}|${verb}|`), `ClusterRole aggregated to ${to} lacks ${verb} on ${resource}`));
      if (to !== "view") expect(perms.has(`connect.danube-messaging.io|${resource}/scale|update|`), `ClusterRole aggregated to ${to} lacks update on ${resource}/scale (kubectl scale)`);
    }
  }
}

// ---- labels and namespaces on every object the chart owns
for (const doc of docs.filter((d) => d.kind !== "CustomResourceDefinition")) {
  const labels = doc.metadata.labels ?? {};
  for (const key of ["app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/managed-by", "helm.sh/chart"]) {
    expect(labels[key], `${doc.kind} ${doc.metadata.name}: label ${key} missing`);
  }
  const clusterScoped = ["ClusterRole", "ClusterRoleBinding"].includes(doc.kind);
  expect(clusterScoped ? !doc.metadata.namespace : Boolean(doc.metadata.namespace),
    `${doc.kind} ${doc.metadata.name}: ${clusterScoped ? "cluster-scoped, must not have" : "needs"} a namespace`);
}

// ---- the CRDs the chart installs are the ones the RBAC rules name
const crds = ofKind("CustomResourceDefinition");
expect(crds.map((c) => c.metadata.name).sort().join(",") === [...CRD_NAMES].sort().join(","),
  `chart CRDs are [${crds.map((c) => c.metadata.name)}], expected [${CRD_NAMES}]`);
for (const crd of crds) {
  expect(crd.spec.group === "connect.danube-messaging.io", `${crd.metadata.name}: group ${crd.spec.group}`);
  expect(crd.spec.scope === "Namespaced", `${crd.metadata.name}: must be Namespaced`);
  expect(crd.spec.versions?.some((v) => v.name === "v1alpha1" && v.served && v.storage && v.subresources?.status),
    `${crd.metadata.name}: needs a served, stored v1alpha1 with the status subresource`);
}

if (failures.length > 0) {
  console.error(`${args.files[0]}: ${failures.length} chart rule(s) broken:\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
console.log(`${args.files[0]}: chart rules hold (${docs.length} objects; watch=${args.watch}, leaderElection=${leaderElection}, replicas=${replicas})`);
