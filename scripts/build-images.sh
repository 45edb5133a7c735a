#!/usr/bin/env bash
# Builds Tuneline's container images as OCI image tarballs under target/images/<image>.tar, without a Docker daemon
# and without a registry: jib-core (module deploy-tools) writes the tarballs.
#
# Offline (the default, what CI does): the base image is assembled from this machine first — a jlink'ed Java 17
# runtime plus the glibc, libstdc++, libgcc and libgomp it and libtorch load, a passwd entry for uid 185 — written
# as target/images/tuneline-base.tar and used as tar://…; nothing is downloaded. With TUNELINE_BASE_IMAGE set to a
# registry reference (e.g. eclipse-temurin:17-jre) Jib pulls that base instead (needs network access).
#
# Usage: scripts/build-images.sh [--no-package] [IMAGE...]
#   IMAGE: dataset-service template-service trainer-service eval-service inference-service trainer-worker
#          trainer-worker-gpu (default: all)
#   --no-package  use the modules' existing target/ output (e.g. after ./mvnw verify) instead of packaging them
# Environment: TUNELINE_IMAGE_REGISTRY (ghcr.io/tuneline), TUNELINE_IMAGE_TAG (the project version),
#   TUNELINE_BASE_IMAGE (offline), TUNELINE_LIBTORCH_CUDA (an unpacked CUDA libtorch for trainer-worker-gpu),
#   TUNELINE_LIBTORCH_FLAVOR (cu128).
# Push afterwards, e.g.: skopeo copy oci-archive:target/images/dataset-service.tar docker://ghcr.io/tuneline/dataset-service:0.1.0
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin" # ldconfig

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/target/images"
REGISTRY="${TUNELINE_IMAGE_REGISTRY:-ghcr.io/tuneline}"
VERSION="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -n 1)"
TAG="${TUNELINE_IMAGE_TAG:-${VERSION%-SNAPSHOT}}"
BASE="${TUNELINE_BASE_IMAGE:-offline}"
REVISION="$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
declare -A PORTS=([dataset-service]=8081 [template-service]=8082 [trainer-service]=8083 [eval-service]=8084
  [inference-service]=8085)
SERVICES=(dataset-service template-service trainer-service eval-service inference-service)
ALL=("${SERVICES[@]}" trainer-worker trainer-worker-gpu)

package=true
images=()
for arg in "$@"; do
  case "$arg" in
    --no-package) package=false ;;
    -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
    *) [[ " ${ALL[*]} " == *" $arg "* ]] || { echo "unknown image $arg (one of: ${ALL[*]})" >&2; exit 2; }
       images+=("$arg") ;;
  esac
done
[[ ${#images[@]} -gt 0 ]] || images=("${ALL[@]}")
wants() { [[ " ${images[*]} " == *" $1 "* ]]; }
worker_module=false
[[ -f trainer-worker/pom.xml ]] && worker_module=true

# --- the modules' build output -------------------------------------------------------------------------------------
if $package; then
  modules=deploy-tools
  for service in "${SERVICES[@]}"; do wants "$service" && modules+=",$service"; done
  echo "==> Packaging $modules"
  ./mvnw -B -q -o -pl "$modules" -am package -DskipTests
  if $worker_module && { wants trainer-worker || wants trainer-worker-gpu; }; then
    echo "==> Packaging trainer-worker and its runtime class path"
    ./mvnw -B -q -o -pl trainer-worker -am package dependency:copy-dependencies -DskipTests \
      -DincludeScope=runtime -DoutputDirectory=target/image-lib
  fi
fi
TOOLS=(java -cp "deploy-tools/target/deploy-tools-$VERSION.jar:deploy-tools/target/lib/*" io.tuneline.deploy.DeployTools)
[[ -d deploy-tools/target/lib ]] || { echo "deploy-tools is not packaged; run without --no-package" >&2; exit 1; }
COMMON=(--registry "$REGISTRY" --tag "$TAG" --revision "$REVISION" --cache "$ROOT/target/jib-cache")

# --- the base image --------------------------------------------------------------------------------------------------
# A root file system with what a JVM and libtorch need from the OS, copied from this (Debian) machine.
build_root_fs() {
  local rootfs="$1" java_home
  java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  rm -rf "$rootfs"
  mkdir -p "$rootfs"/{opt/java,etc,tmp,lib64}
  echo "    jlink: Java runtime from $java_home"
  "$java_home/bin/jlink" --output "$rootfs/opt/java/openjdk" --strip-debug --no-header-files --no-man-pages \
    --compress=2 --add-modules java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.zipfs,jdk.management,jdk.naming.dns,jdk.security.auth,jdk.security.jgss,jdk.jfr,jdk.net,jdk.httpserver
  # Debian's JDK links its CA certificates to /etc; the image gets the file itself.
  for file in "$rootfs"/opt/java/openjdk/lib/security/*; do
    [[ -L "$file" ]] && cp --remove-destination -L "$file" "$file"
  done
  [[ -f "$rootfs/opt/java/openjdk/lib/security/cacerts" ]] || cp -L "$java_home/lib/security/cacerts" "$rootfs/opt/java/openjdk/lib/security/"
  # Every shared library the runtime's binaries load, plus libtorch's C++ runtime and OpenMP, plus the loader.
  local libraries extra=() name
  # What libtorch, DJL's JNI library and the tokenizers library load beyond the Java runtime's needs (checked with
  # ldd on DJL 0.36's natives): the C++ runtime, OpenMP and glibc's compatibility libraries.
  for name in libstdc++.so.6 libgcc_s.so.1 libgomp.so.1 libdl.so.2 libpthread.so.0 librt.so.1 libm.so.6; do
    local found
    # awk reads all of ldconfig's output: exiting early would kill ldconfig with SIGPIPE and fail the pipeline.
    found="$(ldconfig -p 2>/dev/null | awk -v lib="$name" '$1 == lib && /x86-64/ && !found {print $NF; found = 1}')"
    if [[ -n "$found" ]]; then extra+=("$found"); else echo "    warning: $name not found on this machine"; fi
  done
  libraries="$( { find "$rootfs/opt/java/openjdk" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 \
      | xargs -0 ldd 2>/dev/null || true; [[ ${#extra[@]} -eq 0 ]] || ldd "${extra[@]}" || true; } \
    | awk '/=> \// {print $3} /^\t\/lib64/ {print $1}' | sort -u)"
  for name in "${extra[@]}"; do libraries+=$'\n'"$name"; done
  local library
  for library in $(echo "$libraries" | sort -u); do
    [[ "$library" == "$rootfs"/* ]] && continue # the runtime's own libraries, found through their RPATH
    mkdir -p "$rootfs$(dirname "$library")"
    cp -L "$library" "$rootfs$library"
  done
  printf '/lib/x86_64-linux-gnu\n/usr/lib/x86_64-linux-gnu\n' >"$rootfs/etc/ld.so.conf"
  ldconfig -r "$rootfs" 2>/dev/null || echo "    (no ldconfig: the loader's default paths are used)"
  printf 'root:x:0:0:root:/root:/sbin/nologin\ntuneline:x:185:185:Tuneline:/tmp:/sbin/nologin\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\ntuneline:x:185:\n' >"$rootfs/etc/group"
  printf 'hosts: files dns\n' >"$rootfs/etc/nsswitch.conf"
  chmod 777 "$rootfs/tmp"
  echo "    root file system: $(du -sh "$rootfs" | cut -f1)"
}

mkdir -p "$OUT"
if [[ "$BASE" == offline ]]; then
  if [[ ! -f "$OUT/tuneline-base.tar" ]]; then
    echo "==> Base image from this machine: target/images/tuneline-base.tar"
    build_root_fs "$ROOT/target/base-rootfs"
    "${TOOLS[@]}" base "${COMMON[@]}" --base scratch --root-fs "$ROOT/target/base-rootfs" \
      --out "$OUT/tuneline-base.tar"
  else
    echo "==> Base image: target/images/tuneline-base.tar (exists; delete it to rebuild)"
  fi
  BASE_REF="tar://$OUT/tuneline-base.tar"
else
  BASE_REF="$BASE"
fi

# --- the images ------------------------------------------------------------------------------------------------------
for service in "${SERVICES[@]}"; do
  wants "$service" || continue
  echo "==> $service"
  "${TOOLS[@]}" service "${COMMON[@]}" --base "$BASE_REF" --name "$service" --port "${PORTS[$service]}" \
    --app "$service/target/quarkus-app" --out "$OUT/$service.tar"
done

for variant in cpu gpu; do
  image=trainer-worker
  [[ $variant == gpu ]] && image=trainer-worker-gpu
  wants "$image" || continue
  if ! $worker_module; then
    echo "==> $image: skipped, module trainer-worker is not in this checkout yet"
    continue
  fi
  extra=()
  if [[ $variant == gpu ]]; then
    if [[ -n "${TUNELINE_LIBTORCH_CUDA:-}" ]]; then
      extra=(--libtorch "$TUNELINE_LIBTORCH_CUDA" --cuda-flavor "${TUNELINE_LIBTORCH_FLAVOR:-cu128}")
    else
      echo "    no TUNELINE_LIBTORCH_CUDA: CUDA libtorch is not baked in; DJL downloads it when the Job starts"
    fi
  fi
  echo "==> $image"
  "${TOOLS[@]}" worker "${COMMON[@]}" --base "$BASE_REF" --variant "${variant^^}" "${extra[@]}" \
    --jar "trainer-worker/target/trainer-worker-$VERSION.jar" --lib trainer-worker/target/image-lib \
    --out "$OUT/$image.tar"
done

echo
ls -lh "$OUT"/*.tar | awk '{print "    " $5 "  " $9}'
echo "Push: skopeo copy oci-archive:target/images/<image>.tar docker://$REGISTRY/<image>:$TAG"
