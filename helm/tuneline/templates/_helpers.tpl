{{/* Name of the release's objects: <release>-tuneline, or just <release> when it already says tuneline. */}}
{{- define "tuneline.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels of every object but the per-service ones, which add tuneline.selectorLabels instead of the instance. */}}
{{- define "tuneline.commonLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/part-of: tuneline
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "tuneline.labels" -}}
{{ include "tuneline.commonLabels" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Selector labels of one service; call with (dict "root" $ "name" "dataset-service"). */}}
{{- define "tuneline.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* A service's settings: serviceDefaults overridden by its own block. Call with (dict "root" $ "service" $svc). */}}
{{- define "tuneline.serviceSettings" -}}
{{- toYaml (mergeOverwrite (deepCopy .root.Values.serviceDefaults) .service) -}}
{{- end -}}

{{/* The image of a service: its own repository and tag, else <image.registry>/<name> and image.tag / appVersion. */}}
{{- define "tuneline.image" -}}
{{- $repository := .service.image.repository | default (printf "%s/%s" .root.Values.image.registry .service.name) -}}
{{- $tag := .service.image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- printf "%s:%s" $repository $tag -}}
{{- end -}}

{{- define "tuneline.configName" -}}
{{- printf "%s-config" (include "tuneline.fullname" .) -}}
{{- end -}}

{{- define "tuneline.s3SecretName" -}}
{{- if .Values.quickstart.enabled -}}
{{- printf "%s-quickstart-s3" (include "tuneline.fullname" .) -}}
{{- else -}}
{{- .Values.s3.existingSecret | default (printf "%s-s3" (include "tuneline.fullname" .)) -}}
{{- end -}}
{{- end -}}

{{/* Keys inside the S3 Secret: the chart's own names in quick-start mode, else the configured ones. */}}
{{- define "tuneline.s3AccessKeyKey" -}}
{{- if .Values.quickstart.enabled }}access-key{{ else }}{{ .Values.s3.accessKeyKey }}{{ end -}}
{{- end -}}

{{- define "tuneline.s3SecretKeyKey" -}}
{{- if .Values.quickstart.enabled }}secret-key{{ else }}{{ .Values.s3.secretKeyKey }}{{ end -}}
{{- end -}}

{{/* Kafka and S3 addresses: the release's own in quick-start mode, else the configured external ones. */}}
{{- define "tuneline.kafkaBootstrapServers" -}}
{{- if .Values.quickstart.enabled -}}
{{- printf "%s-kafka:9092" (include "tuneline.fullname" .) -}}
{{- else -}}
{{- required "kafka.bootstrapServers is required" .Values.kafka.bootstrapServers -}}
{{- end -}}
{{- end -}}

{{- define "tuneline.s3Endpoint" -}}
{{- if .Values.quickstart.enabled -}}
{{- printf "http://%s-minio:9000" (include "tuneline.fullname" .) -}}
{{- else -}}
{{- required "s3.endpoint is required" .Values.s3.endpoint -}}
{{- end -}}
{{- end -}}

{{/* Selector labels of the quick-start Kafka or MinIO; call with (dict "root" $ "component" "kafka"). */}}
{{- define "tuneline.quickstartSelectorLabels" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* The training Job's image: trainer.job.image, else the CPU or GPU trainer-worker image. */}}
{{- define "tuneline.trainerJobImage" -}}
{{- $name := ternary "trainer-worker-gpu" "trainer-worker" (gt (int .Values.trainer.job.gpu.count) 0) -}}
{{- .Values.trainer.job.image | default (printf "%s/%s:%s" .Values.image.registry $name (.Values.image.tag | default .Chart.AppVersion)) -}}
{{- end -}}

{{- define "tuneline.trainerServiceAccountName" -}}
{{- .Values.trainer.serviceAccount.name | default (printf "%s-trainer" (include "tuneline.fullname" .)) -}}
{{- end -}}

{{- define "tuneline.trainerJobConfigName" -}}
{{- printf "%s-trainer-job" (include "tuneline.fullname" .) -}}
{{- end -}}

{{/* Kafka and S3 settings plus S3 credentials: the same variables in every service and every training Job. */}}
{{- define "tuneline.wiringEnv" -}}
- name: TUNELINE_S3_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "tuneline.s3SecretName" . }}
      key: {{ include "tuneline.s3AccessKeyKey" . }}
- name: TUNELINE_S3_SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "tuneline.s3SecretName" . }}
      key: {{ include "tuneline.s3SecretKeyKey" . }}
{{- end -}}

{{/* NetworkPolicy egress to Kafka and S3 (the quick-start Pods, or the configured external peers) and DNS. */}}
{{- define "tuneline.infrastructureEgress" }}
{{- $np := .Values.networkPolicy }}
{{- if .Values.quickstart.enabled }}
- to:
    - podSelector:
        matchLabels:
          {{- include "tuneline.quickstartSelectorLabels" (dict "root" . "component" "kafka") | nindent 10 }}
  ports:
    - port: 9092
      protocol: TCP
- to:
    - podSelector:
        matchLabels:
          {{- include "tuneline.quickstartSelectorLabels" (dict "root" . "component" "minio") | nindent 10 }}
  ports:
    - port: 9000
      protocol: TCP
{{- else }}
- to:
    {{- toYaml $np.kafka.peers | nindent 4 }}
  ports:
    {{- range $np.kafka.ports }}
    - port: {{ . }}
      protocol: TCP
    {{- end }}
- to:
    {{- toYaml $np.s3.peers | nindent 4 }}
  ports:
    {{- range $np.s3.ports }}
    - port: {{ . }}
      protocol: TCP
    {{- end }}
{{- end }}
# DNS, wherever the cluster runs it.
- ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
{{- end }}
