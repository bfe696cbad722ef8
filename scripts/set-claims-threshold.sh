#!/usr/bin/env bash
# Rewrites the threshold stored in an attribution model file (the span score below which the
# linker leaves the model's own claims out), without retraining: the threshold is the 32-bit
# little-endian float after the file's header (16-byte magic, 32-bit version).
# Usage: scripts/set-claims-threshold.sh THRESHOLD [MODEL]   (default models/claims-fast.bin)
set -euo pipefail
cd "$(dirname "$0")/.."
threshold=${1:?usage: scripts/set-claims-threshold.sh THRESHOLD [MODEL]}
model=${2:-models/claims-fast.bin}
python3 - "$threshold" "$model" <<'PY'
import struct, sys
t, path = float(sys.argv[1]), sys.argv[2]
if not 0.0 <= t <= 1.0:
    sys.exit(f"threshold {t} is not between 0 and 1")
data = bytearray(open(path, "rb").read())
if data[:16] != b"whosaid-claims\0\0":
    sys.exit(f"{path} is not an attribution model file")
old = struct.unpack_from("<f", data, 20)[0]
struct.pack_into("<f", data, 20, t)
open(path, "wb").write(data)
print(f"{path}: threshold {old:g} -> {t:g}")
PY
