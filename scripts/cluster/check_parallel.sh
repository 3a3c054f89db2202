#!/usr/bin/env bash
# Runs the GNU parallel recipe (parallel_ssh.sh) on this machine (`-S :`)
# over a generated batch and checks that the sharded run's output tree
# (every report, summary.csv, term_summary.csv) and exit status equal one
# plain `mtaudit batch` run's, byte for byte. .ci/run calls it after the
# tests; it takes a few seconds.
#
#   scripts/cluster/check_parallel.sh              # target/debug/mtaudit, as the tests build it
#   MTAUDIT=target/release/mtaudit scripts/cluster/check_parallel.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
parallel --version 2>/dev/null | grep -q 'GNU parallel' \
    || { echo "check_parallel.sh: needs GNU parallel (apt-get install parallel)" >&2; exit 2; }
if [ -z "${MTAUDIT:-}" ]; then
    # The binary the integration tests use: after .ci/run's `cargo test` this
    # builds nothing, where `cargo build --bin` would build the dependencies
    # once more without the dev-dependencies' features.
    cargo test --quiet --no-run --test cli
    MTAUDIT=target/debug/mtaudit
fi
MTAUDIT=$(realpath "$MTAUDIT")
W=$(mktemp -d /tmp/mtaudit-check-parallel.XXXXXX)
trap 'rm -rf "$W"' EXIT

scripts/cluster/make_fixture.sh "$W/in"  # 40 pairs, one of them binary

args=(--hyp-dir h --ref-dir r --glossary glossary.csv -q)
cd "$W/in"
set +e
"$MTAUDIT" batch "${args[@]}" --out-dir "$W/one" 2>"$W/one.err"
one=$?
"$OLDPWD/scripts/cluster/parallel_ssh.sh" -S : -P 2 -n 3 --mtaudit "$MTAUDIT" \
    --out-dir "$W/sharded" -- "${args[@]}" 2>"$W/parallel.err"
sharded=$?
set -e
cd "$OLDPWD"

fail() {
    echo "check_parallel.sh: FAILED: $*" >&2
    echo "--- the one run's stderr:" >&2; cat "$W/one.err" >&2
    echo "--- parallel_ssh.sh's stderr:" >&2; cat "$W/parallel.err" >&2
    exit 1
}
[ "$one" -eq 2 ] || fail "the one run exited $one, not 2 (one pair is binary)"
[ "$sharded" -eq "$one" ] || fail "the sharded run exited $sharded, the one run $one"
for s in 1 2 3; do
    [ -s "$W/sharded/shard-$s-of-3.json" ] || fail "no shard-$s-of-3.json"
done
# The sharded tree is the one run's plus the shard files and the joblog.
diff -r -x 'shard-*-of-*.json' -x .parallel-joblog "$W/one" "$W/sharded" >&2 \
    || fail "the merged output differs from one run's"
reports=$(find "$W/one" -name '*.csv' ! -name '*summary.csv' | wc -l)
[ "$reports" -eq 39 ] || fail "expected 39 reports, found $reports"
echo "check_parallel.sh: parallel_ssh.sh -S : (3 shards) = one batch run, byte for byte ($reports reports, summary.csv, term_summary.csv; exit $sharded)"
