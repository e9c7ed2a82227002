#!/usr/bin/env bash
# Debian's chromium for the web UI's browser tests (Spate.Ui.Tests drive it with Playwright; nothing is downloaded
# by Playwright itself). Idempotent: does nothing when /usr/bin/chromium exists.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "chromium present: /usr/bin/chromium"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
# Another setup script may hold the dpkg lock briefly; apt waits for it.
apt-get -o DPkg::Lock::Timeout=300 update
apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends chromium
test -x /usr/bin/chromium || { echo "chromium install did not provide /usr/bin/chromium"; exit 1; }
