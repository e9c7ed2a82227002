#!/usr/bin/env bash
# s3rver (an S3-compatible server on Node.js) for tests/Spate.S3.Tests, installed into .ci/node (gitignored).
# Idempotent: does nothing when the pinned version is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=3.7.1
command -v node >/dev/null || { apt-get update -qq && apt-get install -y -qq nodejs npm; }
command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq npm; }
mkdir -p node
if [ -f node/node_modules/s3rver/package.json ] && grep -q "\"version\": \"$VERSION\"" node/node_modules/s3rver/package.json; then
  echo "s3rver $VERSION already installed in .ci/node"
  exit 0
fi
cd node
[ -f package.json ] || printf '{ "name": "spate-ci-node", "private": true }\n' > package.json
npm install "s3rver@$VERSION" --no-audit --no-fund --no-save --loglevel=error
test -f node_modules/s3rver/bin/s3rver.js
echo "s3rver $VERSION installed in .ci/node"
