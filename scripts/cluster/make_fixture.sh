#!/usr/bin/env bash
# Writes the small batch the cluster checks run (check_parallel.sh,
# check_slurm.sh) into DIR: h/ and r/ with 40 pairs in two subdirectories,
# made from the sample pair in data/, and glossary.csv.
#
#   scripts/cluster/make_fixture.sh DIR
#
# Each hyp keeps a different share of the micro-letter variants and loses a
# different paragraph, so every pair has its own scores and glossary
# findings; odd/p7's hyp is binary, so a run ends with exit 2 and an error
# row (the path a shard must carry through to the merge).
set -euo pipefail
dir=${1:?usage: make_fixture.sh DIR}
data="$(dirname "$0")/../../data"
for i in $(seq 1 40); do
    sub=$([ $((i % 2)) -eq 0 ] && echo even || echo odd)
    mkdir -p "$dir/h/$sub" "$dir/r/$sub"
    awk -v i="$i" '
        NR % 9 == i % 9 && NR > 2 {next}
        {if ((NR + i) % 3 == 0) gsub(/micro-letter/, "WeChat"); print}
    ' "$data/sample_hyp.txt" > "$dir/h/$sub/p$i.txt"
    cp "$data/sample_ref.txt" "$dir/r/$sub/p$i.txt"
done
printf 'bin\0ary' > "$dir/h/odd/p7.txt"
cp "$data/glossary.csv" "$dir/glossary.csv"
