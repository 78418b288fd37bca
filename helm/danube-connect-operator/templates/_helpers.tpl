{{/*
Chart name, truncated to the 63 characters Kubernetes allows in a label value.
*/}}
{{- define "danube-connect-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Full name of the release's objects: fullnameOverride, else the release name with the chart name appended unless it
already contains it (release "danube-connect-operator" -> "danube-connect-operator").
*/}}
{{- define "danube-connect-operator.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "danube-connect-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "danube-connect-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "danube-connect-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "danube-connect-operator.labels" -}}
helm.sh/chart: {{ include "danube-connect-operator.chart" . }}
{{ include "danube-connect-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: danube-connect
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "danube-connect-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "danube-connect-operator.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/*
Image reference "repository:tag" or "repository@digest"; the tag defaults to the chart's appVersion.
Usage: include "danube-connect-operator.imageRef" (dict "image" .Values.image "root" .)
*/}}
{{- define "danube-connect-operator.imageRef" -}}
{{- if .image.digest -}}
{{- printf "%s@%s" .image.repository .image.digest -}}
{{- else -}}
{{- printf "%s:%s" .image.repository (default .root.Chart.AppVersion .image.tag) -}}
{{- end -}}
{{- end -}}

{{/*
Stops the render with a clear message when values contradict each other
(the schema checks types; these checks span several values).
*/}}
{{- define "danube-connect-operator.validateValues" -}}
{{- if and .Values.watchAnyNamespace (gt (len .Values.watchNamespaces) 0) -}}
{{- fail "watchNamespaces must be empty when watchAnyNamespace is true: set watchAnyNamespace=false to watch only the listed namespaces" -}}
{{- end -}}
{{- if and (gt (int .Values.replicas) 1) (not .Values.leaderElection.enabled) -}}
{{- fail (printf "replicas=%d needs leaderElection.enabled=true: without a leader, every replica would reconcile the same connectors" (int .Values.replicas)) -}}
{{- end -}}
{{- end -}}

{{/*
The namespaces the operator watches when it does not watch all of them (a list; never empty).
*/}}
{{- define "danube-connect-operator.watchedNamespaces" -}}
{{- if .Values.watchNamespaces -}}
{{- toYaml (uniq .Values.watchNamespaces) -}}
{{- else -}}
{{- toYaml (list .Release.Namespace) -}}
{{- end -}}
{{- end -}}

{{/*
Value of QUARKUS_OPERATOR_SDK_NAMESPACES: JOSDK's all-namespaces marker or a comma-separated list.
*/}}
{{- define "danube-connect-operator.namespacesEnv" -}}
{{- if .Values.watchAnyNamespace -}}
JOSDK_ALL_NAMESPACES
{{- else -}}
{{- include "danube-connect-operator.watchedNamespaces" . | fromYamlArray | join "," -}}
{{- end -}}
{{- end -}}

{{/*
RBAC rules the operator needs in every namespace it watches (least privilege).
*/}}
{{- define "danube-connect-operator.connectorRules" -}}
- apiGroups: ["connect.danube-messaging.io"]
  resources: ["danubesourceconnectors", "danubesinkconnectors"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["connect.danube-messaging.io"]
  resources: ["danubesourceconnectors/status", "danubesinkconnectors/status"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["connect.danube-messaging.io"]
  resources: ["danubesourceconnectors/finalizers", "danubesinkconnectors/finalizers"]
  verbs: ["update"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["configmaps", "services"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
- apiGroups: ["events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end -}}
