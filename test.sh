#!/usr/bin/env bash
# Runs Spate's whole test suite on a fresh machine: installs what the tests need, then `dotnet test`.
# Prints a closing line "N passed, N failed, N skipped" and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")"
mkdir -p .ci/logs
log=.ci/logs/test.log

if [ -x .ci/setup.sh ]; then .ci/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }; fi

dotnet test Spate.slnx -c Release 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}

p=$(grep -E '^(Passed|Failed)! +- ' "$log" | sed -E 's/.*Passed: +([0-9]+).*/\1/' | awk '{s+=$1} END{print s+0}')
f=$(grep -E '^(Passed|Failed)! +- ' "$log" | sed -E 's/.*Failed: +([0-9]+).*/\1/' | awk '{s+=$1} END{print s+0}')
k=$(grep -E '^(Passed|Failed)! +- ' "$log" | sed -E 's/.*Skipped: +([0-9]+).*/\1/' | awk '{s+=$1} END{print s+0}')
if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
echo "$p passed, $f failed, $k skipped"
exit $rc
