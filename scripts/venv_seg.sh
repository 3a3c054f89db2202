# Sourced by the segmentation scripts: the venv with pySBD 0.3.4 (PyPI),
# created on first use; sets VENV.
VENV=scripts/.venv-seg
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  echo '*' > "$VENV/.gitignore"
fi
"$VENV/bin/pip" install -q --disable-pip-version-check pysbd==0.3.4
