#!/usr/bin/env bash
# The demo: check every sample rules file (more steps join as the product grows).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== yishi rules check sample_configs/"
yishi rules check sample_configs/
