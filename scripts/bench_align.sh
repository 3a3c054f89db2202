#!/usr/bin/env bash
# Alignment scaling and accuracy figures for bench/align.md.
#  1. scaling: generated pairs of 1k, 4k, 16k, 31k sentences per side (KJV
#     text perturbed by scripts/align_devgen.py), one core, release build,
#     wall/user time and peak RSS from /usr/bin/time -v;
#  2. dev-set accuracy (dev and held-out parts) of mtaudit and, when they can
#     be installed, the peers (Bleualign and its Gale-Church mode, from PyPI).
# usage: scripts/bench_align.sh [--no-peers]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${ALIGN_BENCH_DIR:-target/align-bench}
mkdir -p "$OUT"
if ! command -v bible >/dev/null; then
  # The dev text: the King James Bible (public domain), from Debian.
  apt-get install -y -qq bible-kjv >/dev/null
fi
cargo build --release --example align_run -q
BIN=target/release/examples/align_run

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo
echo "| sentences/side (hyp x ref) | wall s | user s | peak RSS MiB | link F1 | gap F1 |"
echo "|---|---|---|---|---|---|"
for n in 1000 4000 16000 31000; do
  python3 scripts/align_devgen.py "$OUT" --big "$n"
  d="$OUT/n$n"; mkdir -p "$d"; mv "$OUT/big$n".* "$d/"
  h="$d/big$n.hyp"; r="$d/big$n.ref"
  # taskset: one core, as the target says.
  /usr/bin/time -v taskset -c 0 "$BIN" "$h" "$r" >"$d/out" 2>"$d/time"
  wall=$(grep 'Elapsed (wall' "$d/time" | awk '{print $NF}' | awk -F: '{print $(NF-1)*60+$NF}')
  user=$(grep 'User time' "$d/time" | awk '{print $NF}')
  rss=$(grep 'Maximum resident' "$d/time" | awk '{printf "%.0f", $NF/1024}')
  acc=$(python3 scripts/eval_align.py "$d" | grep TOTAL | awk '{print $8, $16}')
  echo "| $(wc -l <"$h") x $(wc -l <"$r") | $wall | $user | $rss | ${acc% *} | ${acc#* } |"
done

DEV=${ALIGN_DEV_DIR:-target/align-dev}
rm -rf "$DEV" "$DEV-hard"
python3 scripts/align_devgen.py "$DEV"
# The same documents rendered twice as freely (stress test, never tuned on).
ALIGN_DEV_STRENGTH=2 python3 scripts/align_devgen.py "$DEV-hard"
echo
echo "| aligner | part | link P | link R | link F1 | gap P | gap R | gap F1 |"
echo "|---|---|---|---|---|---|---|---|"
row() { # aligner part dir
  # shellcheck disable=SC2086 # $3 may hold several directories
  python3 scripts/eval_align.py $3 | grep TOTAL |
    awk -v a="$1" -v p="$2" '{printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", a, p, $4, $6, $8, $12, $14, $16}'
}
row mtaudit dev "$DEV/dev"
row mtaudit held-out "$DEV/heldout"
row mtaudit "hard (all)" "$DEV-hard/dev $DEV-hard/heldout"
if [[ "${1:-}" != "--no-peers" ]]; then
  VENV="$OUT/peer-venv"
  if [[ ! -x "$VENV/bin/python" ]]; then
    python3 -m venv "$VENV" && "$VENV/bin/pip" install -q pypi-bleualign || true
  fi
  if "$VENV/bin/python" -c 'import bleualign' 2>/dev/null; then
    for a in bleualign galechurch; do
      ALIGNER=$a PEER_PYTHON="$VENV/bin/python" row "$a" dev "$DEV/dev"
      ALIGNER=$a PEER_PYTHON="$VENV/bin/python" row "$a" held-out "$DEV/heldout"
      ALIGNER=$a PEER_PYTHON="$VENV/bin/python" row "$a" "hard (all)" "$DEV-hard/dev $DEV-hard/heldout"
    done
  else
    echo "(Bleualign could not be installed: no peer figures)"
  fi
fi
echo
python3 scripts/eval_align.py "$DEV/dev" "$DEV/heldout" --verbose | sed -n '/^confidence/,$p'
# 3. real text pairs (shared/dev) against Bleualign, through the binary.
if [[ -d "${ALIGN_REAL_DEV:-/work/shared/dev}" ]]; then
  cargo build --release --bin mtaudit -q
  echo
  python3 scripts/eval_align_real.py --parts shared,dev,heldout --buckets \
    $([[ "${1:-}" != "--no-peers" ]] && echo --peers)
fi
