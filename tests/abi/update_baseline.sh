#!/usr/bin/env bash
# update_baseline.sh [SOURCE_DIR]
#
# Regenerates the committed ABI baseline sdk-plugin/abi/otelc-sdk.abi from
# the current headers. Run it only for a deliberate ABI change (a new
# minor that appends members, or a new major), and commit the result
# together with the header change; tests/abi/abi_gate.sh compares against
# this file.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src_dir=$(cd "${1:-$here/../..}" && pwd)
baseline=$src_dir/sdk-plugin/abi/otelc-sdk.abi

"$here/abi_dump.sh" "$src_dir" "$src_dir/sdk-plugin/include" "$baseline"
echo "wrote $baseline"
echo "review it with: git diff -- sdk-plugin/abi/otelc-sdk.abi"
