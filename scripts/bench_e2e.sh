#!/usr/bin/env bash
# The whole command against its metric core (issue #17, and #19's share of
# the QA checks): in one run, on the 200,000 benchmark pairs of
# bench_metric.sh, pairs/s of
#   - the metric code alone (examples/metric_bench, one thread),
#   - `mtaudit compare --aligned` at -j 1 and at the default thread count,
#     each with the QA checks on (the default) and with --checks none,
#   - sacrebleu's sentence chrF + TER + BLEU (bench_metric.py's timing),
# peak RSS of `compare --aligned` at 200,000 and at 2,000,000 pairs, and the
# ratios the issues set targets for.
#
#   scripts/bench.sh e2e          # or scripts/bench_e2e.sh
#   ROUNDS=7 scripts/bench_e2e.sh # more rounds (default 5)
#   MAX_LOAD=1.5 WAIT=1200        # wait up to WAIT s for the 1-minute load
#                                 # average to fall below MAX_LOAD (defaults)
#   BIG=2000000 PAIRS=200000 SUBSET=2000   # the sizes (defaults)
#   PROFILE=20000                 # also run callgrind on that many pairs of
#                                 # compare --aligned -j 1, top functions
#   BREAKDOWN=1                   # also the CPU time each QA check adds alone
#
# Creates scripts/.venv-metric as bench_metric.sh does. The reports go to a
# real file in a temporary directory: /dev/null would skip the page cache
# and the write path that a user's report takes.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-5}
PAIRS=${PAIRS:-200000}
BIG=${BIG:-2000000}
SUBSET=${SUBSET:-2000}
MAX_LOAD=${MAX_LOAD:-1.5}
WAIT=${WAIT:-1200}
PROFILE=${PROFILE:-}
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

# shellcheck source=scripts/venv_metric.sh
. scripts/venv_metric.sh
# Before OMP_NUM_THREADS is set: nproc honours it.
CORES=$(nproc)
# sacrebleu (and numpy under it) on one thread, as in bench_metric.sh. mtaudit
# must not inherit a RAYON_NUM_THREADS, or "the default thread count" would
# not be the default.
export OMP_NUM_THREADS=1
unset RAYON_NUM_THREADS

# Two builds: the example pulls in the dev-dependencies' features (zip's,
# shared with rust_xlsxwriter), and the binary timed is the shipped one.
cargo build --release --quiet --bin mtaudit
cargo build --release --quiet --example metric_bench
BIN=target/release/mtaudit
METRIC=target/release/examples/metric_bench
WORK=$(mktemp -d /tmp/mtaudit-bench-e2e.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

load1() { cut -d' ' -f1 /proc/loadavg; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }

echo "machine: $CORES cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src Cargo.toml Cargo.lock || echo ' (src modified)')"

# The benchmark set of bench_metric.sh, and BIG pairs from the same
# generator (a longer run of the same seeded stream, so the same mix).
"$PY" scripts/bench_metric.py gen "$WORK/set" "$PAIRS"
"$PY" scripts/bench_metric.py gen "$WORK/big" "$BIG"
H=$WORK/set/hyp.txt R=$WORK/set/ref.txt
size() { awk -v b="$(stat -c %s "$1")" 'BEGIN {printf "%.1f MB", b / 1e6}'; }
echo "input: $PAIRS pairs ($(size "$H") hyp, $(size "$R") ref); $BIG pairs ($(size "$WORK/big/hyp.txt") hyp, $(size "$WORK/big/ref.txt") ref)"
# sacrebleu runs some 400 pairs/s, so it gets SUBSET pairs. Taken evenly
# over the set (every PAIRS/SUBSET-th), not its first SUBSET: bench/metric.md
# found the first 2,000 7-8 % cheaper than the whole.
mkdir -p "$WORK/sub"
STEP=$(( PAIRS / SUBSET ))
for side in hyp ref; do
    awk -v s="$STEP" 'NR % s == 1' "$WORK/set/$side.txt" > "$WORK/sub/$side.txt"
done

# Other agents build on this host: wait (up to WAIT s) for a quiet moment.
waited=0
while awk -v l="$(load1)" -v m="$MAX_LOAD" 'BEGIN {exit !(l >= m)}' && [ "$waited" -lt "$WAIT" ]; do
    [ "$waited" -eq 0 ] && echo "waiting for the load average to fall below $MAX_LOAD (now $(loadavg); up to ${WAIT}s)"
    sleep 30
    waited=$((waited + 30))
done
START_LOAD=$(loadavg)
if awk -v l="$(load1)" -v m="$MAX_LOAD" 'BEGIN {exit !(l >= m)}'; then
    echo "load average $START_LOAD after ${waited}s of waiting: still above $MAX_LOAD, measuring anyway"
else
    echo "load average at the start: $START_LOAD (waited ${waited}s)"
fi

# The machine's busy CPU time so far, in clock ticks (user, nice, system,
# irq, softirq, steal of /proc/stat's cpu line).
busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
TCK=$(getconf CLK_TCK)
# One timed compare: prints "wall cpu maxrss_kib pairs/s others", cpu being
# its user+sys seconds and others the cores the rest of the machine kept
# busy meanwhile. With the kernel's autogroup scheduling (on here) a
# neighbour's job, even a niced one, gets an equal share of the cores, so
# one busy neighbour leaves a two-thread run one core: others tells those
# runs apart, whatever their result.
compare() {
    local label=$1 n=$2 hyp=$3 ref=$4
    shift 4
    local out="$WORK/out-$label.csv" b0 b1
    rm -f "$out"
    b0=$(busy)
    "$TIME" -f '%e %U %S %M' -o "$WORK/time-$label" \
        "$BIN" compare --aligned "$hyp" "$ref" -o "$out" -q "$@"
    b1=$(busy)
    awk -v n="$n" -v b="$((b1 - b0))" -v t="$TCK" '{
        cpu = $2 + $3; o = b / t - cpu; if (o < 0) o = 0
        printf "%s %.2f %s %.0f %.2f\n", $1, cpu, $4, n / $1, o / $1}' "$WORK/time-$label"
}
# A round is quiet when no compare of it shared the machine with more than
# QUIET cores of other work (the kernel's own threads and the writeback of
# the report stay well below it).
QUIET=${QUIET:-0.25}
# "def" runs without -j: the default thread count (all cores: $CORES here).
JD=jdef
jargs() { if [ "$1" = def ]; then :; else echo "-j $1"; fi; }
declare -A V  # V[figure] = space-separated values, one per round
add() { V[$1]="${V[$1]:-} $2"; }
last() { awk '{print $NF}' <<<"${V[$1]}"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {print a / b}'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN {print 100 * (a / b - 1)}'; }
echo "rounds (pairs/s; compare: wall s, cpu s, cores busy with other work, peak RSS MiB):"
QUIET_ROUNDS=()
for k in $(seq "$ROUNDS"); do
    m=$("$METRIC" "$H" "$R" all 2>&1 >/dev/null | sed -E 's/.*= ([0-9]+) pairs\/s.*/\1/')
    # On and off alternate in order, so drift within a round favours neither.
    if [ $((k % 2)) -eq 1 ]; then order="on off"; else order="off on"; fi
    line="  round $k: metric $m"
    quiet=1
    for j in 1 def; do
        for c in $order; do
            extra=()
            [ "$c" = on ] || extra=(--checks none)
            # shellcheck disable=SC2046 # jargs is empty or "-j N"
            read -r wall cpu rss pps others < <(compare "j$j-$c" "$PAIRS" "$H" "$R" $(jargs "$j") "${extra[@]}")
            add "j$j-$c" "$pps"; add "j$j-$c-wall" "$wall"; add "j$j-$c-cpu" "$cpu"; add "j$j-$c-rss" "$(mib "$rss")"
            awk -v o="$others" -v q="$QUIET" 'BEGIN {exit !(o < q)}' || quiet=0
            line+=", -j $j checks $c $pps ($wall s, $cpu s, $others, $(mib "$rss") MiB)"
        done
    done
    sb=$("$PY" scripts/bench_metric.py sacrebleu_all "$WORK/sub/hyp.txt" "$WORK/sub/ref.txt" "$SUBSET")
    add metric "$m"; add sacrebleu "$sb"
    # The round's ratios, from timings taken within the same minute.
    add r_sb "$(ratio "$(last "$JD-on")" "$sb")"
    add r_sb1 "$(ratio "$(last j1-on)" "$sb")"
    add r_par "$(ratio "$(last "$JD-on")" "$(last j1-on)")"
    add r_chk1 "$(pct "$(last j1-on-wall)" "$(last j1-off-wall)")"
    add r_chkC "$(pct "$(last j1-on-cpu)" "$(last j1-off-cpu)")"
    add r_chkD "$(pct "$(last "$JD-on-wall")" "$(last "$JD-off-wall")")"
    add r_e2e "$(ratio "$(last j1-on)" "$m")"
    [ "$quiet" = 0 ] || QUIET_ROUNDS+=("$k")
    echo "$line, sacrebleu $sb; load $(load1)$([ "$quiet" = 1 ] && echo "; quiet")"
done
if cmp -s "$WORK/out-j1-on.csv" "$WORK/out-$JD-on.csv"; then
    echo "reports of -j 1 and default threads: byte-identical ($(size "$WORK/out-j1-on.csv"))"
else
    echo "reports of -j 1 and default threads DIFFER" >&2
    exit 1
fi
rm -f "$WORK"/out-*.csv

# Peak memory at ten times the pairs, checks on, both thread counts.
for j in 1 def; do
    # shellcheck disable=SC2046
    read -r wall cpu rss pps others < <(compare "big-j$j" "$BIG" "$WORK/big/hyp.txt" "$WORK/big/ref.txt" $(jargs "$j"))
    add "big-j$j-rss" "$(mib "$rss")"
    echo "  $BIG pairs, -j $j: $pps pairs/s ($wall s, $cpu s, $others cores busy with other work), peak RSS $(mib "$rss") MiB"
    rm -f "$WORK/out-big-j$j.csv"
done
END_LOAD=$(loadavg)

# median MIN MAX of a list
stats() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{v[NR] = $1} END {
    m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%s %s %s\n", m, v[1], v[NR]}'; }
row() {  # label key format
    read -r med lo hi < <(stats "${V[$2]}")
    printf "%-52s %12s   (%s - %s)\n" "$1" "$(printf "$3" "$med")" "$(printf "$3" "$lo")" "$(printf "$3" "$hi")"
}
verdict() { awk -v v="$1" -v t="$3" -v op="$2" 'BEGIN {
    ok = (op == ">=") ? v >= t : v <= t; print ok ? "met" : "MISSED"}'; }
echo
echo "=== medians over $ROUNDS rounds (min - max); load $START_LOAD at the start, $END_LOAD at the end ==="
row "metric only (metric_bench all, 1 thread), pairs/s" metric "%.0f"
row "compare --aligned -j 1, pairs/s" j1-on "%.0f"
row "compare --aligned -j 1 --checks none, pairs/s" j1-off "%.0f"
row "compare --aligned (default: $CORES threads), pairs/s" "$JD-on" "%.0f"
row "compare --aligned --checks none ($CORES threads), pairs/s" "$JD-off" "%.0f"
row "sacrebleu chrF+TER+BLEU ($SUBSET pairs), pairs/s" sacrebleu "%.0f"
row "peak RSS, $PAIRS pairs, $CORES threads, MiB" "$JD-on-rss" "%.1f"
read -r rss_small _ _ < <(stats "${V[$JD-on-rss]}")
read -r rss_small1 _ _ < <(stats "${V[j1-on-rss]}")
rss_big=${V[big-$JD-rss]# }
rss_big1=${V[big-j1-rss]# }
row "peak RSS, $PAIRS pairs, -j 1, MiB" j1-on-rss "%.1f"
printf "%-52s %12s\n" "peak RSS, $BIG pairs, $CORES threads, MiB" "$rss_big"
printf "%-52s %12s\n" "peak RSS, $BIG pairs, -j 1, MiB" "$rss_big1"
echo
echo "ratios (median of the rounds' own ratios)          value   target   "
read -r v _ _ < <(stats "${V[r_sb]}")
printf "%-52s %8.1fx  >= 150x  %s\n" "end to end ($CORES threads) / sacrebleu" "$v" "$(verdict "$v" ">=" 150)"
read -r v _ _ < <(stats "${V[r_sb1]}")
printf "%-52s %8.1fx  (-)\n" "end to end (-j 1) / sacrebleu" "$v"
read -r v _ _ < <(stats "${V[r_par]}")
printf "%-52s %8.2fx  >= 1.8x  %s\n" "-j $CORES / -j 1 (checks on)" "$v" "$(verdict "$v" ">=" 1.8)"
v=$(awk -v a="$rss_big" -v b="$rss_small" 'BEGIN {print a / b}')
printf "%-52s %8.2f   <= 1.2   %s\n" "RSS($BIG) / RSS($PAIRS), $CORES threads" "$v" "$(verdict "$v" "<=" 1.2)"
v=$(awk -v a="$rss_big1" -v b="$rss_small1" 'BEGIN {print a / b}')
printf "%-52s %8.2f   <= 1.2   %s\n" "RSS($BIG) / RSS($PAIRS), -j 1" "$v" "$(verdict "$v" "<=" 1.2)"
read -r v _ _ < <(stats "${V[r_chk1]}")
printf "%-52s %7.1f %%  <= 15 %%  %s\n" "checks on / off - 1, wall, -j 1" "$v" "$(verdict "$v" "<=" 15)"
read -r v _ _ < <(stats "${V[r_chkC]}")
printf "%-52s %7.1f %%  <= 15 %%  %s\n" "checks on / off - 1, cpu (user+sys), -j 1" "$v" "$(verdict "$v" "<=" 15)"
read -r v _ _ < <(stats "${V[r_chkD]}")
printf "%-52s %7.1f %%  <= 15 %%  %s\n" "checks on / off - 1, wall, $CORES threads" "$v" "$(verdict "$v" "<=" 15)"
read -r v _ _ < <(stats "${V[r_e2e]}")
printf "%-52s %8.2f   (-)\n" "compare -j 1 / metric only (share of the core)" "$v"
# The fastest run of each is the least disturbed by the neighbours (the
# convention of bench_metric.sh's best-of-3); their ratios as a cross-check.
best() { read -r _ _ hi < <(stats "${V[$1]}"); echo "$hi"; }
low() { read -r _ lo _ < <(stats "${V[$1]}"); echo "$lo"; }
# The quiet rounds' medians: the figures of the code, not of the neighbours.
pick() {  # key, then round numbers: those rounds' values
    local key=$1
    shift
    for r in "$@"; do awk -v r="$r" '{print $r}' <<<"${V[$key]}"; done | xargs
}
if [ ${#QUIET_ROUNDS[@]} -gt 0 ]; then
    q() { read -r v _ _ < <(stats "$(pick "$1" "${QUIET_ROUNDS[@]}")"); printf "$2" "$v"; }
    echo "quiet rounds (${QUIET_ROUNDS[*]}: ${#QUIET_ROUNDS[@]} of $ROUNDS, under $QUIET cores of other work in each compare), medians:" \
        "$CORES threads $(q "$JD-on" %.0f) pairs/s, -j 1 $(q j1-on %.0f), sacrebleu $(q sacrebleu %.0f);" \
        "$CORES threads / sacrebleu $(q r_sb %.1f)x, -j $CORES / -j 1 $(q r_par %.2f)x," \
        "checks on / off - 1 $(q r_chk1 %.1f) % (wall, -j 1), $(q r_chkC %.1f) % (cpu), $(q r_chkD %.1f) % (wall, $CORES threads)"
else
    echo "no quiet round: every round shared the machine with over $QUIET cores of other work"
fi
echo "best runs: $CORES threads / sacrebleu $(ratio "$(best "$JD-on")" "$(best sacrebleu)" | xargs printf %.1f)x," \
    "-j $CORES / -j 1 $(ratio "$(best "$JD-on")" "$(best j1-on)" | xargs printf %.2f)x," \
    "checks on / off - 1 at -j 1 $(pct "$(low j1-on-wall)" "$(low j1-off-wall)" | xargs printf %.1f) % (wall)," \
    "$(pct "$(low j1-on-cpu)" "$(low j1-off-cpu)" | xargs printf %.1f) % (cpu)"

if [ -n "${BREAKDOWN:-}" ]; then
    # What each QA check adds alone: CPU seconds (user+sys, the least
    # disturbed by neighbours) of --checks X minus --checks none at -j 1,
    # medians of 3 interleaved runs.
    echo
    echo "=== each QA check alone, $PAIRS pairs, -j 1: CPU s over --checks none (median of 3) ==="
    # The eight per-pair checks together, i.e. all but inconsistent (which
    # runs in document order on the writer's thread).
    per_pair=number,placeholder,untranslated,url,punct,repeat,space,length
    codes=(none number placeholder untranslated url punct repeat space length inconsistent "$per_pair" all)
    declare -A C
    for _ in 1 2 3; do
        for c in "${codes[@]}"; do
            read -r _ cpu _ _ _ < <(compare chk "$PAIRS" "$H" "$R" -j 1 --checks "$c")
            C[$c]="${C[$c]:-} $cpu"
        done
    done
    read -r base _ _ < <(stats "${C[none]}")
    for c in "${codes[@]}"; do
        read -r v _ _ < <(stats "${C[$c]}")
        label=$c
        [ "$c" != "$per_pair" ] || label="the 8 per-pair (all but inconsistent)"
        awk -v c="$label" -v v="$v" -v b="$base" 'BEGIN {printf "  %-38s %5.2f s  %+6.2f s  %+6.1f %%\n", c, v, v - b, 100 * (v / b - 1)}'
    done
    rm -f "$WORK/out-chk.csv"
fi

if [ -n "$PROFILE" ]; then
    # Instruction counts by function (callgrind needs no perf counters, and
    # counts are not disturbed by the neighbours' load).
    command -v valgrind >/dev/null || { echo "PROFILE needs valgrind" >&2; exit 2; }
    head -n "$PROFILE" "$H" > "$WORK/p-hyp.txt"
    head -n "$PROFILE" "$R" > "$WORK/p-ref.txt"
    for c in all none; do
        valgrind --tool=callgrind --callgrind-out-file="$WORK/cg-$c.out" \
            "$BIN" compare --aligned "$WORK/p-hyp.txt" "$WORK/p-ref.txt" \
            -o "$WORK/p-out.csv" -q -j 1 --checks "$c" 2>/dev/null
    done
    total() { callgrind_annotate "$WORK/cg-$1.out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(/,/, "", $1); print $1}'; }
    on=$(total all) off=$(total none)
    echo
    echo "=== callgrind, the first $PROFILE pairs, compare --aligned -j 1 ==="
    awk -v a="$on" -v b="$off" -v n="$PROFILE" 'BEGIN {
        printf "instructions per pair: checks on %.0f, --checks none %.0f (+%.1f %%)\n", a / n, b / n, 100 * (a / b - 1)}'
    echo "--- checks on: by function, self (top 30) ---"
    callgrind_annotate "$WORK/cg-all.out" 2>/dev/null | sed -n '/^Ir /,$p' | sed -n '3,32p'
    # Inclusive costs tell the stages apart (reading, metrics, checks,
    # report writing) where fat LTO has inlined their helpers.
    echo "--- checks on: by function, inclusive (top 40) ---"
    callgrind_annotate --inclusive=yes "$WORK/cg-all.out" 2>/dev/null | sed -n '/^Ir /,$p' | sed -n '3,42p'
    echo "--- --checks none: by function, self (top 15) ---"
    callgrind_annotate "$WORK/cg-none.out" 2>/dev/null | sed -n '/^Ir /,$p' | sed -n '3,17p'
fi
