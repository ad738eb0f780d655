{{/* The chart's name, or nameOverride: the app.kubernetes.io/name label, and so the job label. */}}
{{- define "container-netstat.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The objects' name: the release name where it holds the chart's name (helm install container-netstat ...). */}}
{{- define "container-netstat.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "container-netstat.selectorLabels" -}}
app.kubernetes.io/name: {{ include "container-netstat.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Helm's standard labels, on every object. */}}
{{- define "container-netstat.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "container-netstat.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "container-netstat.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "container-netstat.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* "true" when the agent serves /metrics (the prometheus sink). */}}
{{- define "container-netstat.serves" -}}
{{- if has "prometheus" .Values.sinks }}true{{ end }}
{{- end }}

{{- define "container-netstat.webConfigSecret" -}}
{{- if .Values.webConfig.existingSecret }}
{{- .Values.webConfig.existingSecret }}
{{- else if .Values.webConfig.files }}
{{- printf "%s-web-config" (include "container-netstat.fullname" .) }}
{{- end }}
{{- end }}

{{/* The relabelings both monitors share: keep the node, drop the agent pod's namespace/pod/container
     target labels, which would turn the agent's own (the described pod's) into exported_*. */}}
{{- define "container-netstat.relabelings" -}}
relabelings:
  - sourceLabels: [__meta_kubernetes_pod_node_name]
    targetLabel: node
    action: replace
  - regex: (namespace|pod|container)
    action: labeldrop
{{- end }}

{{/* Values that contradict each other fail the rendering, naming them. */}}
{{- define "container-netstat.validate" -}}
{{- if and .Values.webConfig.existingSecret .Values.webConfig.files }}
{{- fail "webConfig: give existingSecret or files, not both" }}
{{- end }}
{{- if and .Values.webConfig.files (not (hasKey .Values.webConfig.files "web-config.yml")) }}
{{- fail "webConfig.files must hold web-config.yml" }}
{{- end }}
{{- if not (include "container-netstat.serves" .) }}
{{- if include "container-netstat.webConfigSecret" . }}
{{- fail "webConfig secures the prometheus sink's /metrics: add prometheus to sinks" }}
{{- end }}
{{- if or .Values.podMonitor.enabled .Values.serviceMonitor.enabled }}
{{- fail "podMonitor and serviceMonitor scrape the prometheus sink: add prometheus to sinks" }}
{{- end }}
{{- end }}
{{- if and .Values.serviceMonitor.enabled (not .Values.service.enabled) }}
{{- fail "serviceMonitor.enabled scrapes the Service's endpoints: set service.enabled too" }}
{{- end }}
{{- end }}
