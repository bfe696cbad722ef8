#!/usr/bin/env bash
# The pipeline on generated documents (tests/fuzz.rs), as many as wanted: every document must be
# extracted without a panic, with records whose offsets slice the text. CI runs 24,000 documents;
# this runs COUNT (default 1,000,000) from SEED (default the CI's), on all cores unless
# WHOSAID_FUZZ_JOBS says how many. A failure prints the document's id (fuzz-SEED-INDEX) and text.
# Usage: scripts/fuzz.sh [COUNT] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
export WHOSAID_FUZZ_COUNT="${1:-1000000}"
if [ -n "${2:-}" ]; then export WHOSAID_FUZZ_SEED="$2"; fi
exec cargo test --release --test fuzz the_pipeline_survives_generated_documents -- --nocapture
