#!/usr/bin/env bash
# Batch throughput: PAIRS generated pairs of ~SENTENCES sentences each run
# through `mtaudit batch` on 1 and on 2 threads (-j 1, -j 2); prints pairs/s
# and peak memory (max RSS from /usr/bin/time -v) for each, and checks that
# both runs wrote byte-identical outputs.
#
#   scripts/bench_batch.sh                 # 10,000 pairs x 30 sentences
#   PAIRS=2000 scripts/bench_batch.sh      # a quicker run
#   KEEP=1 scripts/bench_batch.sh          # keep the generated tree
#   FORMAT=xlsx scripts/bench_batch.sh     # report format (csv, jsonl, xlsx)
set -euo pipefail
cd "$(dirname "$0")/.."
PAIRS=${PAIRS:-10000}
SENTENCES=${SENTENCES:-30}
FORMAT=${FORMAT:-csv}
WORK=${WORK:-$(mktemp -d /tmp/mtaudit-bench-batch.XXXXXX)}
BIN=target/release/mtaudit
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

cargo build --release --quiet
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "input: $PAIRS pairs x ~$SENTENCES sentences, in $WORK; --format $FORMAT"

python3 - "$WORK" "$PAIRS" "$SENTENCES" <<'PY'
import os, random, sys
root, pairs, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(42)
words = ("the a report system user data file update service network team "
         "release customer support version security cloud message account "
         "quickly carefully new old large small open closed before after").split()
for i in range(pairs):
    sub = f"d{i % 100:02d}"
    hyp, ref = [], []
    for k in range(n):
        s = [rng.choice(words) for _ in range(rng.randint(6, 18))]
        r = list(s)
        for _ in range(rng.randint(0, 3)):  # a few word edits on the ref side
            r[rng.randrange(len(r))] = rng.choice(words)
        hyp.append(" ".join(s).capitalize() + ".")
        ref.append(" ".join(r).capitalize() + ".")
    if i % 10 == 0:
        ref.pop(rng.randrange(len(ref)))  # some pairs lack a sentence
    for side, sents in (("hyp", hyp), ("ref", ref)):
        d = os.path.join(root, side, sub)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, f"p{i:05d}.txt"), "w") as f:
            # Two to three sentences per line, as running text.
            for j in range(0, len(sents), 3):
                f.write(" ".join(sents[j:j + 3]) + "\n")
PY
du -sh "$WORK/hyp" "$WORK/ref" | sed 's/^/size: /'

run() {
  local j=$1 out="$WORK/out-j$1"
  rm -rf "$out"
  local start end
  start=$(date +%s.%N)
  "$TIME" -v -o "$WORK/time-j$j.txt" "$BIN" batch --hyp-dir "$WORK/hyp" --ref-dir "$WORK/ref" \
    --out-dir "$out" -j "$j" -q --format "$FORMAT"
  end=$(date +%s.%N)
  local rss secs
  rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2}' "$WORK/time-j$j.txt")
  secs=$(awk "BEGIN {print $end - $start}")
  printf -- "-j %s: %.1f s wall, %.0f pairs/s, peak RSS %.1f MiB, user %s s, sys %s s\n" \
    "$j" "$secs" "$(awk "BEGIN {print $PAIRS / $secs}")" "$(awk "BEGIN {print $rss / 1024}")" \
    "$(awk -F': ' '/User time/ {print $2}' "$WORK/time-j$j.txt")" \
    "$(awk -F': ' '/System time/ {print $2}' "$WORK/time-j$j.txt")"
}
run 1
run 2
if diff -rq "$WORK/out-j1" "$WORK/out-j2" >/dev/null; then
  echo "outputs of -j 1 and -j 2: byte-identical ($(find "$WORK/out-j1" -type f | wc -l) files)"
else
  echo "outputs of -j 1 and -j 2 DIFFER" >&2
  exit 1
fi
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
[ -n "${KEEP:-}" ] || rm -rf "$WORK"
