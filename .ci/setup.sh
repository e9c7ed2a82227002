#!/usr/bin/env bash
# Installs what the tests need on a fresh machine (idempotent). Each connector adds a script in .ci/setup.d/;
# servers themselves are started and stopped by the tests.
set -euo pipefail
cd "$(dirname "$0")"
command -v dotnet >/dev/null || { echo "the .NET 10 SDK is required (dotnet not found)"; exit 1; }
for script in setup.d/*.sh; do
  [ -e "$script" ] || continue
  echo "== $script"
  bash "$script"
done
