#!/usr/bin/env bash
# Installs what the tests need on a fresh machine. Idempotent; servers are started by the tests themselves.
set -euo pipefail
command -v dotnet >/dev/null || { echo "the .NET 10 SDK is required (dotnet not found)"; exit 1; }
