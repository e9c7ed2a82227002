#!/usr/bin/env bash
# Runs the main job: the lecture's fraud detection demo on the embedded engine (producer + streaming query).
# Extra arguments go to `spate demo fraud` (see --help), e.g. ./demo.sh --mode complete --duration "30 seconds".
set -euo pipefail
cd "$(dirname "$0")"
command -v dotnet >/dev/null || { echo "the .NET 10 SDK is required (dotnet not found)"; exit 1; }
dotnet build src/Spate.Cli -c Release -v quiet -nologo >/dev/null
exec dotnet src/Spate.Cli/bin/Release/net10.0/Spate.Cli.dll demo fraud "$@"
