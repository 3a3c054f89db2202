#!/usr/bin/env bash
# All of mtaudit's benchmarks, one after another. Each part creates the
# Python venv it needs (sacrebleu, rapidfuzz, fastchrf, pySBD) itself and
# prints its figures; BENCHMARKS.md records a run of each.
#
#   scripts/bench.sh            # everything
#   scripts/bench.sh metric     # one part: metric, segment, align, glossary, batch, e2e, qa
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(metric segment align glossary batch e2e qa)
for p in "${parts[@]}"; do
  script="scripts/bench_${p}.sh"
  if [ ! -x "$script" ] && [ ! -f "$script" ]; then
    echo "no benchmark script $script" >&2
    exit 2
  fi
  echo "=== $p ($(date -u +%FT%TZ), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)) ==="
  bash "$script"
done
