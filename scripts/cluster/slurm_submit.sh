#!/usr/bin/env bash
# Submits an mtaudit batch to Slurm as an array of N shards
# (slurm_array.sbatch) and the merge (slurm_merge.sbatch) that runs once
# every shard has succeeded.
#
#   scripts/cluster/slurm_submit.sh -n 16 --out-dir /shared/audit \
#       [--fail-under chrf=50] [--fail-on-terms] [--sbatch-option ...] \
#       -- --manifest /shared/pairs.csv --glossary /shared/terms.csv
#
# -n N              shards (array tasks 1-N)
# --out-dir DIR     shared by every shard and the merge (a file system all
#                   nodes see, as the inputs must be)
# --fail-under GATE, --fail-on-terms   quality gates, applied by the merge
# --sbatch-option X passed to both sbatch calls (repeat; e.g. --partition=short,
#                   --cpus-per-task=8, --time=1:00:00)
# after --           `mtaudit batch` options (not --out-dir or --shard)
#
# MTAUDIT (default: mtaudit on PATH) names the binary on the nodes; SBATCH
# (default: sbatch) the submit command. Prints the two job ids; the merge's
# output is mtaudit-merge-JOBID.out in this directory.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
n="" out="" merge=() opts=()
while [ $# -gt 0 ]; do
    case $1 in
        -n) n=$2; shift 2 ;;
        --out-dir) out=$2; shift 2 ;;
        --fail-under) merge+=(--fail-under "$2"); shift 2 ;;
        --fail-on-terms) merge+=(--fail-on-terms); shift ;;
        --sbatch-option) opts+=("$2"); shift 2 ;;
        --) shift; break ;;
        *) echo "slurm_submit.sh: unknown option $1 (batch options go after --)" >&2; exit 2 ;;
    esac
done
[[ $n =~ ^[1-9][0-9]*$ ]] || { echo "slurm_submit.sh: give -n N, the number of shards" >&2; exit 2; }
[ -n "$out" ] || { echo "slurm_submit.sh: give --out-dir DIR" >&2; exit 2; }
[ $# -gt 0 ] || { echo "slurm_submit.sh: give the batch's inputs after --" >&2; exit 2; }
sbatch=${SBATCH:-sbatch}
mkdir -p "$out"
# Shard files of an earlier run in DIR would be merged with this run's: start clean.
rm -f "$out"/shard-*-of-*.json
array=$("$sbatch" --parsable "${opts[@]}" --array="1-$n" "$here/slurm_array.sbatch" "$out" "$@")
array=${array%%;*}  # --parsable prints JOBID or JOBID;CLUSTER
# --kill-on-invalid-dep: if a shard fails, the merge is cancelled instead of
# waiting in the queue forever.
merge_job=$("$sbatch" --parsable "${opts[@]}" --dependency="afterok:$array" --kill-on-invalid-dep=yes \
    "$here/slurm_merge.sbatch" "$out" "${merge[@]}")
echo "shards: job $array (array 1-$n); merge: job ${merge_job%%;*} (after all shards succeed)"
