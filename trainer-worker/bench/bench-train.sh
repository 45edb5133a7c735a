#!/usr/bin/env bash
# ./tuneline train on a random flan-t5-small-shape model for STEPS steps (batch 8, 256 + 64 tokens), next to
# ./tuneline model bench's training figure, both with the launcher's settings (OMP_WAIT_POLICY=PASSIVE, malloc
# thresholds). Usage: trainer-worker/bench/bench-train.sh [STEPS] [WORK_DIR]; needs cli/target/tuneline-cli.jar
# (./mvnw -pl cli -am package -DskipTests).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
steps="${1:-20}"
work="${2:-$(mktemp -d)}"
cp="$root/cli/target/tuneline-cli.jar:$root/cli/target/lib/*"
export OMP_WAIT_POLICY=PASSIVE MALLOC_MMAP_THRESHOLD_=1073741824 MALLOC_TRIM_THRESHOLD_=4294967296
java -cp "$cp" -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  "$root/trainer-worker/bench/MakeBenchRun.java" "$work" "$root/model-core/src/test/resources/t5/tokenizer.json" $((steps * 8))
echo "== uptime before: $(uptime)"
start=$(date +%s.%N)
java -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar "$root/cli/target/tuneline-cli.jar" train \
  --base-model "$work/flan-t5-small-random" --train "$work/train.jsonl" --out "$work/out" --max-steps "$steps" \
  --batch-size 8 --learning-rate 3e-4 | tr '\r' '\n' | tail -n 14
end=$(date +%s.%N)
echo "== ./tuneline train wall: $(echo "$end - $start" | bc) s for $steps steps of 8 x (256 + 64) tokens"
echo "== uptime between: $(uptime)"
java -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar "$root/cli/target/tuneline-cli.jar" model bench \
  --shape small --steps 5
echo "== uptime after: $(uptime)"
