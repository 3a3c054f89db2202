# Sourced by the metric benchmarks: the venv with the Python peers
# (sacrebleu, rapidfuzz, fastchrf, jiwer; PyPI), created on first use;
# sets VENV and PY.
VENV=scripts/.venv-metric
PY=$VENV/bin/python
if [ ! -x "$PY" ]; then
    python3 -m venv "$VENV"
    echo '*' > "$VENV/.gitignore"
    "$VENV/bin/pip" install -q sacrebleu==2.6.0 rapidfuzz==3.14.6 fastchrf jiwer==4.0.0
fi
