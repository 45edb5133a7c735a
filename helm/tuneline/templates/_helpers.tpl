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
{{- .Values.s3.existingSecret | default (printf "%s-s3" (include "tuneline.fullname" .)) -}}
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
      key: {{ .Values.s3.accessKeyKey }}
- name: TUNELINE_S3_SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "tuneline.s3SecretName" . }}
      key: {{ .Values.s3.secretKeyKey }}
{{- end -}}
