#!/usr/bin/env bash
# One mtaudit batch split over ssh hosts with GNU parallel: each job runs one
# shard (`mtaudit batch ... --shard K/N`), then `mtaudit merge` here writes
# summary.csv and term_summary.csv exactly as one run over every pair would.
#
#   scripts/cluster/parallel_ssh.sh -S host1,host2 -n 8 --out-dir /nfs/audit \
#       -- --manifest /nfs/pairs.csv --glossary /nfs/terms.csv
#   scripts/cluster/parallel_ssh.sh --sshloginfile HOSTS -n 16 --out-dir /nfs/audit \
#       --fail-under chrf=50 -- --hyp-dir /nfs/mt --ref-dir /nfs/approved
#   scripts/cluster/parallel_ssh.sh -S : -n 4 --out-dir audit -- --hyp-dir mt --ref-dir ref
#
# -S LOGINS / --sshloginfile FILE   GNU parallel's host list (`:` is this machine)
# -n N                              shards (more shards than hosts balance the load)
# --out-dir DIR                     shared by every shard; the merge writes there too
# -P JOBS                           shards run at once per host (default 1: one
#                                   mtaudit already uses all of a host's cores)
# --mtaudit PATH                    the binary on the hosts (default: mtaudit on PATH)
# --local-mtaudit PATH              the binary for the merge here (default: --mtaudit's)
# --fail-under GATE, --fail-on-terms  quality gates, applied by the merge
# --retries R                       a failed shard is retried, on another host if
#                                   there is one (default 1)
# after --                          `mtaudit batch` options (not --out-dir or --shard)
#
# Needs GNU parallel here (Debian/Ubuntu: apt-get install parallel), and the
# inputs and DIR at the same absolute path on every host (a shared file
# system such as NFS): each job cds to this directory, so relative paths work
# too. Exit status: the merge's (0, 1 for a failed gate, 2 when a pair could
# not be read: see README "Exit codes"), or 3 when a shard did not finish.
set -euo pipefail

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
logins=() n="" out="" per_host=1 bin=mtaudit local_bin="" retries=1 merge=()
while [ $# -gt 0 ]; do
    case $1 in
        -S) logins+=(-S "$2"); shift 2 ;;
        --sshloginfile) logins+=(--sshloginfile "$2"); shift 2 ;;
        -n) n=$2; shift 2 ;;
        --out-dir) out=$2; shift 2 ;;
        -P) per_host=$2; shift 2 ;;
        --mtaudit) bin=$2; shift 2 ;;
        --local-mtaudit) local_bin=$2; shift 2 ;;
        --retries) retries=$2; shift 2 ;;
        --fail-under) merge+=(--fail-under "$2"); shift 2 ;;
        --fail-on-terms) merge+=(--fail-on-terms); shift ;;
        --) shift; break ;;
        -h|--help) usage ;;
        *) echo "parallel_ssh.sh: unknown option $1 (batch options go after --)" >&2; exit 2 ;;
    esac
done
[ ${#logins[@]} -gt 0 ] || { echo "parallel_ssh.sh: give -S LOGINS or --sshloginfile FILE" >&2; exit 2; }
[[ $n =~ ^[1-9][0-9]*$ ]] || { echo "parallel_ssh.sh: give -n N, the number of shards" >&2; exit 2; }
[ -n "$out" ] || { echo "parallel_ssh.sh: give --out-dir DIR" >&2; exit 2; }
[ $# -gt 0 ] || { echo "parallel_ssh.sh: give the batch's inputs after --" >&2; exit 2; }
local_bin=${local_bin:-$bin}
# moreutils ships another program called parallel, with other options.
parallel --version 2>/dev/null | grep -q 'GNU parallel' \
    || { echo "parallel_ssh.sh: needs GNU parallel (apt-get install parallel)" >&2; exit 2; }

mkdir -p "$out"
# Shard files left by an earlier run in DIR would be merged with this run's
# (same listing, same N) or make the merge refuse (another N): start clean.
rm -f "$out"/shard-*-of-*.json

# The command each job runs, quoted once here for the remote shell; parallel
# quotes it again for ssh and puts the shard number where {} stands. A job
# counts as done when its shard file exists: batch exits 2 when a pair could
# not be read, yet its shard is complete (the merge reports that pair and
# exits 2 in turn), while no shard file means the job itself failed and is
# worth a retry elsewhere.
q() { printf '%q ' "$@"; }
shard_file=$(printf '%q' "$out/shard-")'{}'"-of-$n.json"
cmd="cd $(q "$PWD")&& $(q "$bin")batch $(q "$@")--shard {}/$n --out-dir $(q "$out")"
cmd+="; test -s $shard_file"
log="$out/.parallel-joblog"
echo "parallel_ssh.sh: $n shards over ${logins[*]}, joblog $log" >&2
if ! parallel --will-cite "${logins[@]}" --jobs "$per_host" --retries "$retries" \
    --joblog "$log" --tagstring 'shard {}/'"$n" --line-buffer --halt never \
    "$cmd" ::: $(seq "$n"); then
    echo "parallel_ssh.sh: some shards did not finish (column Exitval in $log):" >&2
    awk -F'\t' 'NR > 1 && $7 != 0 {print "  " $0}' "$log" >&2
    exit 3
fi
exec "$local_bin" merge "$out" --out-dir "$out" "${merge[@]}"
