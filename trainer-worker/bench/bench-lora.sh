#!/usr/bin/env bash
# LoRA against full fine-tuning with ./tuneline train on the same random flan-t5-small-shape model and data (batch 8,
# 256 + 64 tokens, STEPS steps each, the launcher's OMP/malloc settings), one JVM per run. Prints each run's
# trainable parameters, training tokens/s, peak RSS of the process, final checkpoint size and wall time (from the
# run's result.json) and the process's CPU seconds (/usr/bin/time), with the load average around each run. Under load,
# CPU seconds compare the two methods better than tokens/s (wall time), which mostly measures the other processes.
# Usage: trainer-worker/bench/bench-lora.sh [STEPS] [WORK_DIR] [LORA_TARGETS]; needs cli/target/tuneline-cli.jar
# (./mvnw -pl cli -am package -DskipTests).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
steps="${1:-10}"
work="${2:-$(mktemp -d)}"
targets="${3:-q,v}"
cp="$root/cli/target/tuneline-cli.jar:$root/cli/target/lib/*"
export OMP_WAIT_POLICY=PASSIVE MALLOC_MMAP_THRESHOLD_=1073741824 MALLOC_TRIM_THRESHOLD_=4294967296
if [[ ! -d "$work/flan-t5-small-random" ]]; then
  java -cp "$cp" -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    "$root/trainer-worker/bench/MakeBenchRun.java" "$work" "$root/model-core/src/test/resources/t5/tokenizer.json" $((steps * 8))
fi
train() { # name, extra options
  local name="$1"; shift
  rm -rf "$work/$name"
  echo "== $name: uptime before: $(uptime)"
  /usr/bin/time -f "== $name: CPU user %U s + sys %S s, max RSS %M KiB, elapsed %e s (JVM start to exit)" \
    java -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar "$root/cli/target/tuneline-cli.jar" train \
    --base-model "$work/flan-t5-small-random" --train "$work/train.jsonl" --out "$work/$name" --max-steps "$steps" \
    --batch-size 8 "$@" | tr '\r' '\n' | tail -n 3
  echo "== $name: uptime after: $(uptime)"
  python3 - "$work/$name/result.json" "$name" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))["result"]["metrics"]
print(f"== {sys.argv[2]}: trainable {m['trainable_parameters']:.0f} of {m['model_parameters']:.0f} parameters, "
      f"{m['train_tokens_per_second']:.0f} training tokens/s, peak RSS {m['peak_rss_bytes'] / 2**20:.0f} MiB, "
      f"checkpoint {m['checkpoint_bytes'] / 2**20:.2f} MiB, wall {m['wall_seconds']:.1f} s")
PY
  du -sh "$work/$name/final/trainer_state"; du -sh "$work/$name/final"
}
train full --learning-rate 3e-4
train lora --method lora --lora-r 8 --lora-alpha 32 --lora-dropout 0.05 --lora-targets "$targets" --learning-rate 1e-3
