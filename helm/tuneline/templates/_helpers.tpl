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
{{- include "tuneline.kafkaSaslEnv" . }}
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

{{/* Is SASL on for Kafka (protocol SASL_SSL or SASL_PLAINTEXT)? Renders "true" or nothing. */}}
{{- define "tuneline.kafkaSasl" -}}
{{- if hasPrefix "SASL_" .Values.security.kafka.protocol }}true{{ end -}}
{{- end -}}

{{/* Non-secret security settings of every service and training Job (ConfigMap entries). */}}
{{- define "tuneline.securityConfig" -}}
{{- $security := .Values.security -}}
TUNELINE_SECURITY_MODE: {{ $security.mode | quote }}
TUNELINE_SECURITY_RATE_LIMIT_REQUESTS: {{ $security.rateLimit.requests | quote }}
TUNELINE_SECURITY_RATE_LIMIT_PERIOD: {{ $security.rateLimit.period | quote }}
{{- with $security.oidc.issuerUrl }}
QUARKUS_OIDC_AUTH_SERVER_URL: {{ . | quote }}
{{- end }}
{{- with $security.oidc.clientId }}
QUARKUS_OIDC_CLIENT_ID: {{ . | quote }}
{{- end }}
{{- with $security.oidc.audience }}
QUARKUS_OIDC_TOKEN_AUDIENCE: {{ . | quote }}
{{- end }}
{{- with $security.oidc.roleClaimPath }}
QUARKUS_OIDC_ROLES_ROLE_CLAIM_PATH: {{ . | quote }}
{{- end }}
KAFKA_SECURITY_PROTOCOL: {{ $security.kafka.protocol | quote }}
{{- if $security.kafka.caSecret }}
KAFKA_SSL_TRUSTSTORE_TYPE: "PEM"
KAFKA_SSL_TRUSTSTORE_LOCATION: {{ printf "/etc/tuneline/kafka-ca/%s" $security.kafka.caKey | quote }}
{{- end }}
{{- if include "tuneline.kafkaSasl" . }}
KAFKA_SASL_MECHANISM: {{ $security.kafka.sasl.mechanism | quote }}
{{- end }}
{{- if $security.s3.caSecret }}
TUNELINE_S3_CA_FILE: {{ printf "/etc/tuneline/s3-ca/%s" $security.s3.caKey | quote }}
{{- end }}
{{- end -}}

{{/* Kafka SASL credentials from their Secret; the JAAS line only references them ($(VAR) is expanded by the kubelet). */}}
{{- define "tuneline.kafkaSaslEnv" -}}
{{- if include "tuneline.kafkaSasl" . }}
{{- $sasl := .Values.security.kafka.sasl }}
{{- $module := ternary "org.apache.kafka.common.security.plain.PlainLoginModule" "org.apache.kafka.common.security.scram.ScramLoginModule" (eq $sasl.mechanism "PLAIN") }}
- name: TUNELINE_KAFKA_SASL_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ required "security.kafka.sasl.existingSecret is required for SASL" $sasl.existingSecret }}
      key: {{ $sasl.usernameKey }}
- name: TUNELINE_KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $sasl.existingSecret }}
      key: {{ $sasl.passwordKey }}
- name: KAFKA_SASL_JAAS_CONFIG
  value: {{ printf "%s required username=\"$(TUNELINE_KAFKA_SASL_USERNAME)\" password=\"$(TUNELINE_KAFKA_SASL_PASSWORD)\";" $module | quote }}
{{- end }}
{{- end -}}

{{/* CA certificates from Secrets, mounted read-only where the settings above point. */}}
{{- define "tuneline.securityVolumeMounts" -}}
{{- if .Values.security.kafka.caSecret }}
- name: kafka-ca
  mountPath: /etc/tuneline/kafka-ca
  readOnly: true
{{- end }}
{{- if .Values.security.s3.caSecret }}
- name: s3-ca
  mountPath: /etc/tuneline/s3-ca
  readOnly: true
{{- end }}
{{- end -}}

{{- define "tuneline.securityVolumes" -}}
{{- if .Values.security.kafka.caSecret }}
- name: kafka-ca
  secret:
    secretName: {{ .Values.security.kafka.caSecret }}
{{- end }}
{{- if .Values.security.s3.caSecret }}
- name: s3-ca
  secret:
    secretName: {{ .Values.security.s3.caSecret }}
{{- end }}
{{- end -}}
