#!/usr/bin/env bash
# The database sink tests start a throwaway PostgreSQL server (initdb + pg_ctl as user postgres); make sure the
# server binaries exist. Idempotent: installs nothing when /usr/lib/postgresql/*/bin/initdb is there.
set -euo pipefail
if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  echo "PostgreSQL server binaries present: $(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends postgresql
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || { echo "postgresql installed but initdb not found under /usr/lib/postgresql/*/bin"; exit 1; }
id postgres >/dev/null 2>&1 || { echo "the postgres user is missing after installing postgresql"; exit 1; }
