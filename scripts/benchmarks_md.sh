#!/usr/bin/env bash
# Rebuilds BENCHMARKS.md from its summary (bench/README.md) and the
# per-stage records in bench/*.md that the bench_*.sh scripts describe.
set -euo pipefail
cd "$(dirname "$0")/.."
{
  cat bench/README.md
  for part in segment align metric glossary robust batch e2e qa cluster tests html; do
    f="bench/$part.md"
    [ -f "$f" ] || continue
    echo
    # Demote headings one level so each record is a section of this file.
    sed -e 's/^#/##/' "$f"
  done
} > BENCHMARKS.md
