#!/usr/bin/env bash
# Runs the cargo-fuzz targets of fuzz/ one after the other, SECS seconds
# each (default 600), at low priority, and prints one result line per
# target. cargo-fuzz needs nightly features; on a stable toolchain
# RUSTC_BOOTSTRAP=1 unlocks them.
#
#   scripts/fuzz_batch.sh                       # all eight targets, 10 min each
#   SECS=60 scripts/fuzz_batch.sh decode align  # chosen targets, 1 min each
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
SECS=${SECS:-600}
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(decode segment align glossary metric outputs qa cat)
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1
mkdir -p target/logs
for t in "${TARGETS[@]}"; do
  log="target/logs/$t.log"
  if nice -n 19 cargo fuzz run "$t" -- -max_total_time="$SECS" -rss_limit_mb=2048 >"$log" 2>&1; then
    echo "$t: $(grep -E '^Done [0-9]+ runs' "$log" || echo 'done'), no crash"
  else
    echo "$t: FAILED, see fuzz/$log and fuzz/artifacts/$t/"
    grep -E 'panicked|ERROR|SUMMARY' "$log" | head -5
  fi
done
