#!/usr/bin/env bash
# Glossary speed: a generated 10,000-entry glossary (30,000 variants, a third
# of them multiword) over a generated 10 MB text, checked by `mtaudit terms`
# (load + segment + match + write every finding), against `grep -F -i -w -o`
# with the same variant list as the peer (one multi-pattern search, no
# normalization, no case check, no inflections) in the same run.
#
# Usage: scripts/bench_glossary.sh [ENTRIES] [MEGABYTES]
set -euo pipefail
cd "$(dirname "$0")/.."
ENTRIES=${1:-10000}
MB=${2:-10}
# BENCH_KEEP=DIR keeps the generated files there (to rerun by hand).
if [ -n "${BENCH_KEEP:-}" ]; then
  WORK=$BENCH_KEEP
  mkdir -p "$WORK"
else
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
fi

python3 - "$WORK" "$ENTRIES" "$MB" <<'PY'
import random, sys
work, n, mb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(7)
syl = ["ba", "ko", "ri", "tu", "me", "sa", "lin", "dor", "vek", "quo", "zel", "pra", "mon", "tis", "gar"]
def word(k):
    return "".join(rng.choice(syl) for _ in range(k))
seen = set()
def fresh(multi):
    while True:
        w = word(rng.randint(2, 4))
        if multi:
            w += rng.choice([" ", "-"]) + word(rng.randint(2, 3))
        if w not in seen:
            seen.add(w)
            return w
entries = []
with open(f"{work}/g.csv", "w") as g, open(f"{work}/variants.txt", "w") as v:
    g.write("term,variants,note\n")
    for i in range(n):
        term = fresh(False).capitalize()
        variants = [fresh(rng.random() < 0.33) for _ in range(3)]
        entries.append((term, variants))
        g.write(f"{term},{'|'.join(variants)},entry {i}\n")
        for x in variants:
            v.write(x + "\n")
filler = ("the of and to in is that for it with as was on be at by this from or have an they which one "
          "you had not but what all were when we there can more if no out so said up its about into than "
          "them only other new some could time these two may then do first any my now such like our over "
          "man me even most made after also did many before must through back years where much your way").split()
target = mb * 1_000_000
parts, size, sent = [], 0, []
while size < target:
    r = rng.random()
    if r < 0.01:
        term, variants = rng.choice(entries)
        w = rng.choice(variants) if rng.random() < 0.7 else term
        if rng.random() < 0.2:
            w += rng.choice(["s", "'s", "\u2019s"])
    else:
        w = rng.choice(filler)
    sent.append(w)
    if len(sent) >= rng.randint(12, 30):
        s = " ".join(sent).capitalize() + ".\n"
        parts.append(s)
        size += len(s.encode())
        sent = []
with open(f"{work}/text.txt", "w") as f:
    f.write("".join(parts))
PY

cargo build --release -q --bin mtaudit --example glossary_bench
BIN=target/release/mtaudit
EX=target/release/examples/glossary_bench
bytes=$(stat -c %s "$WORK/text.txt")
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "input: $ENTRIES entries ($(wc -l < "$WORK/variants.txt") variants), text $((bytes / 1000000)) MB ($bytes bytes)"

secs() { # wall-clock seconds of "$@", output discarded
  local s e
  s=$(date +%s.%N)
  "$@" > /dev/null
  e=$(date +%s.%N)
  python3 -c "print(f'{$e - $s:.3f}')"
}

# 1. The glossary alone on the whole text, one core (load, build, check best of 3).
gb=$(taskset -c 0 "$EX" "$WORK/g.csv" "$WORK/text.txt")
echo "glossary_bench: $gb"

# 2. The same search by grep (the peer: a multi-pattern fixed-string search
#    with -w -i, no hyphen/space folding, no inflections, no case finding), run once.
g1=$(secs sh -c "LC_ALL=C taskset -c 0 grep -F -i -w -o -f '$WORK/variants.txt' '$WORK/text.txt' > '$WORK/grep.out'")
echo "grep -F -i -w -o: ${g1} s, $(wc -l < "$WORK/grep.out") hits"
python3 - "$gb" "$g1" <<'PY'
import sys
f = dict(kv.split("=") for kv in sys.argv[1].split())
total = float(f["load_s"]) + float(f["build_s"]) + float(f["check_s"])
print(f"mtaudit glossary load+build+check: {total:.3f} s; ratio grep / mtaudit: {float(sys.argv[2]) / total:.1f}x")
PY

# 3. End to end: `mtaudit terms` (segmentation + check + CSV of every finding)
#    on the first 1 MB (the segmenter, not the glossary, bounds this figure).
head -c 1000000 "$WORK/text.txt" | sed '$d' > "$WORK/text1.txt"
e1=$(secs taskset -c 0 "$BIN" terms "$WORK/text1.txt" --glossary "$WORK/g.csv" -q -o "$WORK/out.csv")
echo "mtaudit terms on 1 MB end to end: ${e1} s, $(($(wc -l < "$WORK/out.csv") - 1)) rows"
