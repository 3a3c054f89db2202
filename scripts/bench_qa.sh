#!/usr/bin/env bash
# What the QA checks add to `compare --aligned` (issue #19: at most 15 %),
# on the benchmark pairs and on real pairs, in one run:
#   - bench:  the 200,000 generated pairs of bench_metric.sh (79 distinct
#             refs, so `inconsistent` reports on 98 % of the rows: the worst
#             case for the checks, not a real document),
#   - bible:  WEB against YLT, 31,102 verses, one document (../shared/dev),
#   - wmt22:  the 12 WMT22 zh-en systems and ref B, each against ref A,
#             13 documents of 1,875 lines (../shared/dev), as one `batch
#             --split aligned` run (a document each; one process, so that
#             the timer's 10 ms steps do not swamp 40 ms documents).
# For each set: CPU seconds of `compare --aligned -j 1 -q -o FILE` (wmt22:
# `batch`) with `--checks none` and with all checks (the default), the two
# alternating within each round, median of ROUNDS; then what the checks
# add, all / none - 1, and their share of the command, 1 - none / all. One
# thread, so that the figure is the work the checks add and not how well it
# hides on a second core. CPU time is perf's task-clock where `perf stat`
# works (to the microsecond: the real sets' checks take some 50 ms), else
# user + sys from /usr/bin/time (10 ms steps).
#
#   scripts/bench.sh qa                 # or scripts/bench_qa.sh
#   ROUNDS=9 scripts/bench_qa.sh        # more rounds (default 5)
#   BASE=/path/to/older/mtaudit scripts/bench_qa.sh
#                                       # the same for a second binary, in
#                                       # the same rounds (a before/after)
#   DEV=../shared/dev                   # where the real pairs are (default)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-5}
DEV=${DEV:-../shared/dev}
BASE=${BASE:-}
TIME=/usr/bin/time
# perf in the C locale (no decimal comma in its -x, fields); a user whom
# perf_event_paranoid limits gets the event as task-clock:u.
if LC_ALL=C perf stat -x, -e task-clock -o /dev/null true 2>/dev/null; then
  CLOCK=perf
elif [ -x "$TIME" ]; then
  CLOCK=time
else
  echo "needs perf or /usr/bin/time (apt-get install linux-perf or time)" >&2
  exit 2
fi
for f in "$DEV/bible_dev/WEB.tsv" "$DEV/bible_dev/YLT.tsv" "$DEV/wmt22_zhen/ref.A.en"; do
  [ -f "$f" ] || { echo "missing $f (set DEV to the dev data directory)" >&2; exit 2; }
done
cargo build --release --quiet --bin mtaudit
BIN=target/release/mtaudit
WORK=$(mktemp -d /tmp/mtaudit-bench-qa.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

python3 scripts/bench_metric.py gen "$WORK/bench" 200000 >/dev/null
mkdir -p "$WORK/bible" "$WORK/wmt22"
cut -f3 "$DEV/bible_dev/WEB.tsv" >"$WORK/bible/hyp.txt"
cut -f3 "$DEV/bible_dev/YLT.tsv" >"$WORK/bible/ref.txt"
DEV_ABS=$(cd "$DEV" && pwd)
{
  echo "hyp,ref,name"
  for h in "$DEV_ABS"/wmt22_zhen/hyp.*.en "$DEV_ABS/wmt22_zhen/ref.B.en"; do
    echo "$h,$DEV_ABS/wmt22_zhen/ref.A.en,$(basename "$h" .en)"
  done
} >"$WORK/wmt22/manifest.csv"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src Cargo.toml Cargo.lock || echo ' (src modified)')"
echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "clock: $CLOCK"

# cpu_of CMD...: CPU seconds of one run of CMD (all its threads).
cpu_of() {
  if [ "$CLOCK" = perf ]; then
    LC_ALL=C perf stat -x, -e task-clock -o "$WORK/t" "$@" >/dev/null
    local s
    s=$(awk -F, '$3 ~ /^task-clock(:u)?$/ {printf "%.4f", $1 / 1000}' "$WORK/t")
    [ -n "$s" ] || { echo "no task-clock in perf's output:" >&2; cat "$WORK/t" >&2; exit 2; }
    echo "$s"
  else
    "$TIME" -f '%U %S' -o "$WORK/t" "$@"
    awk '{printf "%.3f", $1 + $2}' "$WORK/t"
  fi
}

# cpu BIN CHECKS HYP REF: CPU seconds of one compare.
cpu() {
  cpu_of "$1" compare --aligned "$3" "$4" -j 1 -q --checks "$2" -o "$WORK/out.csv"
}

# run BIN CHECKS SET: CPU seconds of the set.
run() {
  case $3 in
    wmt22)
      rm -rf "$WORK/wmt22/out"
      cpu_of "$1" batch --manifest "$WORK/wmt22/manifest.csv" \
        --split aligned -j 1 -q --checks "$2" --out-dir "$WORK/wmt22/out"
      ;;
    *) cpu "$1" "$2" "$WORK/$3/hyp.txt" "$WORK/$3/ref.txt" ;;
  esac
}

bins=("$BIN")
[ -n "$BASE" ] && bins+=("$BASE")
: >"$WORK/times"
for r in $(seq "$ROUNDS"); do
  for set in bench bible wmt22; do
    for b in "${bins[@]}"; do
      # Alternate which goes first, so that a drift in the machine's speed
      # within a round does not favour one of the two.
      if [ $((r % 2)) -eq 1 ]; then order=(none all); else order=(all none); fi
      for c in "${order[@]}"; do
        # The previous run's report (100 MB for the generated set) is
        # written back to disk first: that writeback ran into the next
        # timings and put the Bible at +21 % in one run against +14 % for
        # the same binaries timed alone.
        sync
        # An assignment, so that a failed measurement stops the script.
        t=$(run "$b" "$c" "$set")
        echo "$b $set $c $t" >>"$WORK/times"
      done
    done
  done
  echo "round $r done (load $(cut -d' ' -f1 /proc/loadavg))" >&2
done

echo
echo "| binary | set | --checks none (CPU s) | all checks (CPU s) | the checks add | their share of the command |"
echo "|---|---|---:|---:|---:|---:|"
for b in "${bins[@]}"; do
  for set in bench bible wmt22; do
    med() { awk -v b="$b" -v s="$set" -v c="$1" '$1 == b && $2 == s && $3 == c {print $4}' \
      "$WORK/times" | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
    none=$(med none)
    all=$(med all)
    awk -v b="$b" -v s="$set" -v n="$none" -v a="$all" \
      'BEGIN {printf "| %s | %s | %.3f | %.3f | %+.1f %% | %.1f %% |\n", b, s, n, a, 100 * (a / n - 1), 100 * (1 - n / a)}'
  done
done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
