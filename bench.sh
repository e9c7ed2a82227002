#!/usr/bin/env bash
# Spate's performance harness: builds the bench and the spate CLI (the socket workload's producer) in Release, then
# runs the end-to-end benchmarks. Examples:
#   ./bench.sh --quick                 # all workloads, small data, about a minute
#   ./bench.sh --full --out full.json  # 5M-record files, 10M users, 10M state keys (many minutes)
#   ./bench.sh micro                   # BenchmarkDotNet kernels (from_json, concat, filter, hash count)
#   ./bench.sh profile                 # per-operator CPU time and allocations of the fraud query
set -euo pipefail
cd "$(dirname "$0")"
dotnet build -c Release src/Spate.Cli/Spate.Cli.csproj -nologo -v q >/dev/null
dotnet build -c Release bench/Spate.Bench/Spate.Bench.csproj -nologo -v q >/dev/null
exec dotnet bench/Spate.Bench/bin/Release/net10.0/linux-x64/Spate.Bench.dll "$@"
