#!/usr/bin/env bash
# Exercises the Slurm recipe without Slurm: a stand-in `sbatch` (below)
# reads the scripts' #SBATCH lines as sbatch would, runs an array's tasks
# at once with the SLURM_ARRAY_* variables a real array task sees, and runs
# a dependent job only when its afterok dependency succeeded (cancelling it
# under --kill-on-invalid-dep otherwise). Checks that
#   1. slurm_submit.sh's shards and merge leave the output tree (reports,
#      summary.csv, term_summary.csv) and exit status of one plain batch
#      run, byte for byte;
#   2. a task that writes no shard file fails, and the merge is cancelled.
#
#   scripts/cluster/check_slurm.sh                 # target/debug/mtaudit, as the tests build it
#   MTAUDIT=target/release/mtaudit scripts/cluster/check_slurm.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${MTAUDIT:-}" ]; then
    # The tests' binary, as in check_parallel.sh.
    cargo test --quiet --no-run --test cli
    MTAUDIT=target/debug/mtaudit
fi
MTAUDIT=$(realpath "$MTAUDIT")
W=$(mktemp -d /tmp/mtaudit-check-slurm.XXXXXX)
trap 'rm -rf "$W"' EXIT
for f in scripts/cluster/*.sbatch scripts/cluster/*.sh; do bash -n "$f"; done

cat > "$W/sbatch" <<'FAKE'
#!/usr/bin/env bash
# Stand-in sbatch: synchronous, state in $FAKE_SLURM (next job id, one
# status file per job: ok, failed or cancelled).
set -euo pipefail
parsable=0 array="" dep="" kill=0
while [ $# -gt 0 ]; do
    case $1 in
        --parsable) parsable=1 ;;
        --array=*) array=${1#*=} ;;
        --dependency=*) dep=${1#*=} ;;
        --kill-on-invalid-dep=yes) kill=1 ;;
        --*=*) ;;
        -*) echo "fake sbatch: option $1 not simulated" >&2; exit 1 ;;
        *) break ;;
    esac
    shift
done
script=$1
shift
# sbatch reads #SBATCH lines only before the first command.
awk '/^#SBATCH/ && seen {bad = 1} !/^#/ && !/^[[:space:]]*$/ {seen = 1} END {exit bad}' "$script" \
    || { echo "fake sbatch: #SBATCH after a command in $script" >&2; exit 1; }
directive() { sed -n "s/^#SBATCH --$1=//p" "$script" | head -n1; }
[ -n "$array" ] || array=$(directive array)
cpus=$(directive cpus-per-task)
id=$(( $(cat "$FAKE_SLURM/next" 2>/dev/null || echo 100) + 1 ))
echo "$id" > "$FAKE_SLURM/next"
if [ -n "$dep" ]; then
    want=${dep#afterok:}
    if [ "$(cat "$FAKE_SLURM/$want")" != ok ]; then
        [ "$kill" = 1 ] && echo cancelled > "$FAKE_SLURM/$id" || echo pending-forever > "$FAKE_SLURM/$id"
        [ "$parsable" = 1 ] && echo "$id" || echo "Submitted batch job $id"
        exit 0
    fi
fi
env_common=(SLURM_JOB_ID="$id" SLURM_CPUS_PER_TASK="$cpus")
status=ok
if [ -n "$array" ]; then
    lo=${array%-*} hi=${array#*-}
    pids=()
    for k in $(seq "$lo" "$hi"); do
        env "${env_common[@]}" SLURM_ARRAY_JOB_ID="$id" SLURM_ARRAY_TASK_ID="$k" \
            SLURM_ARRAY_TASK_COUNT=$((hi - lo + 1)) SLURM_ARRAY_TASK_MIN="$lo" SLURM_ARRAY_TASK_MAX="$hi" \
            bash "$script" "$@" > "$FAKE_SLURM/out-${id}_$k" 2>&1 &
        pids+=($!)
    done
    for p in "${pids[@]}"; do wait "$p" || status=failed; done
else
    env "${env_common[@]}" bash "$script" "$@" > "$FAKE_SLURM/out-$id" 2>&1 || status="failed $?"
fi
echo "$status" > "$FAKE_SLURM/$id"
[ "$parsable" = 1 ] && echo "$id" || echo "Submitted batch job $id"
FAKE
chmod +x "$W/sbatch"

scripts/cluster/make_fixture.sh "$W/in"  # 40 pairs, one of them binary
args=(--hyp-dir h --ref-dir r --glossary glossary.csv -q)
fail() { echo "check_slurm.sh: FAILED: $*" >&2; tail -n +1 "$W"/slurm*/out-* >&2 || true; exit 1; }
submit() {  # state dir, out dir, then slurm_submit.sh's options
    local state=$1 out=$2
    shift 2
    mkdir -p "$state"
    (cd "$W/in" && FAKE_SLURM=$state SBATCH="$W/sbatch" \
        "$OLDPWD/scripts/cluster/slurm_submit.sh" --out-dir "$out" "$@" -- "${args[@]}")
}

set +e
(cd "$W/in" && "$MTAUDIT" batch "${args[@]}" --out-dir "$W/one" 2>/dev/null)
one=$?
set -e
MTAUDIT=$MTAUDIT submit "$W/slurm1" "$W/sharded" -n 4 >/dev/null
[ "$(cat "$W/slurm1/101")" = ok ] || fail "the array job: $(cat "$W/slurm1/101")"
want=$([ "$one" = 0 ] && echo ok || echo "failed $one")
[ "$(cat "$W/slurm1/102")" = "$want" ] || fail "the merge job: $(cat "$W/slurm1/102"), the one run exited $one"
diff -r -x 'shard-*-of-*.json' "$W/one" "$W/sharded" >&2 || fail "the merged output differs from one run's"
[ "$(find "$W/sharded" -name 'shard-*-of-4.json' | wc -l)" -eq 4 ] || fail "not 4 shard files"

# A task that dies without its shard file: the array fails, the merge is cancelled.
cat > "$W/broken" <<EOF
#!/usr/bin/env bash
case " \$* " in *" 3/4 "*) exit 137 ;; esac
exec "$MTAUDIT" "\$@"
EOF
chmod +x "$W/broken"
MTAUDIT="$W/broken" submit "$W/slurm2" "$W/broken-out" -n 4 >/dev/null
[ "$(cat "$W/slurm2/101")" = failed ] || fail "a task without a shard file did not fail the array"
[ "$(cat "$W/slurm2/102")" = cancelled ] || fail "the merge ran after a failed shard: $(cat "$W/slurm2/102")"
grep -q "shard 3/4 wrote no shard file (mtaudit exit 137)" "$W/slurm2/out-101_3" || fail "task 3's message"
[ ! -e "$W/broken-out/summary.csv" ] || fail "a summary without every shard"
echo "check_slurm.sh: slurm_submit.sh (4 array tasks + merge, fake sbatch) = one batch run, byte for byte (exit $one); a shard without its file cancels the merge"
