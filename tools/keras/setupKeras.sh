#!/usr/bin/env bash
# Sets up the Python side of `--reference keras`: a virtual environment holding keras 3 and tensorflow-cpu 2.21,
# in parity-check's cache (PARITY_CHECK_CACHE, default ~/.cache/parity-check) so that Debian's "externally managed"
# Python is left alone and harness/reference/keras/findPython.ts finds it without configuration.
# pip uses its configured index locations (pip config list); the default index is unreachable on these machines,
# so retries and timeouts are short: a missing wheel fails in seconds with pip's own message, never a hanging loop.
set -euo pipefail
cache="${PARITY_CHECK_CACHE:-$HOME/.cache/parity-check}"
venv="$cache/keras-venv"
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import keras, tensorflow' 2>/dev/null; then
  echo "parity-check: keras reference ready ($("$venv/bin/python" -c 'import keras, tensorflow as tf; print("keras", keras.__version__, "tensorflow", tf.__version__)') in $venv)"
  exit 0
fi
command -v python3 >/dev/null || { echo "parity-check: --reference keras needs python3 with venv and pip (apt-get install -y python3 python3-venv python3-pip)" >&2; exit 1; }
mkdir -p "$cache"
python3 -m venv "$venv"
# A configured local index (pip config list: global.extra-index-url) replaces the default one, so pip never
# retries an unreachable pypi.org; without one, pip's default index is used.
index=$(python3 -m pip config get global.extra-index-url 2>/dev/null | awk '{print $1}' || true)
"$venv/bin/python" -m pip install --quiet --retries 1 --timeout 20 ${index:+--index-url "$index"} 'tensorflow-cpu==2.21.0' 'keras>=3.15,<4'
echo "parity-check: keras reference ready ($("$venv/bin/python" -c 'import keras, tensorflow as tf; print("keras", keras.__version__, "tensorflow", tf.__version__)') in $venv)"
