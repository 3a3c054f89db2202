#!/usr/bin/env bash
# Segmentation on a set we never tuned on: the 48 English "golden rules"
# that ship in pySBD's source distribution (benchmarks/english_golden_rules.py,
# from the Pragmatic Segmenter). Prints each case mtaudit gets wrong and
# both scores (exact sentence lists, whitespace folded).
#
#   scripts/segment_golden.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/venv_seg.sh
. scripts/venv_seg.sh
cargo build --release -q
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# The rules are only in the sdist (the wheel has no benchmarks/), and PyPI
# has no sdist of 0.3.4: the file comes from 0.3.3's, the segmenter scored
# is the installed 0.3.4, the version BENCHMARKS.md compares with.
"$VENV/bin/pip" download -q --disable-pip-version-check --no-deps --no-binary :all: \
  pysbd==0.3.3 -d "$WORK"
tar -xzf "$WORK"/pysbd-0.3.3.tar.gz -C "$WORK"
"$VENV/bin/python" - "$WORK/pysbd-0.3.3/benchmarks" target/release/mtaudit <<'PY'
import re, subprocess, sys
sys.path.insert(0, sys.argv[1])
from english_golden_rules import GOLDEN_EN_RULES
import pysbd

norm = lambda s: re.sub(r"\s+", " ", s).strip()
seg = pysbd.Segmenter(language="en", clean=False)
ours = theirs = 0
for i, (text, expected) in enumerate(GOLDEN_EN_RULES, 1):
    want = [norm(x) for x in expected]
    out = subprocess.run([sys.argv[2], "segment", "-"], input=text.encode(),
                         capture_output=True, check=True).stdout.decode()
    got = [norm(x) for x in out.split("\n") if x.strip()]
    ours += got == want
    theirs += [norm(x) for x in seg.segment(text) if x.strip()] == want
    if got != want:
        print(f"rule {i}: {text!r}\n  expected {want}\n  mtaudit  {got}")
n = len(GOLDEN_EN_RULES)
print(f"golden rules: mtaudit {ours}/{n}, pySBD {theirs}/{n}")
PY
