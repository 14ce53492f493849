#!/usr/bin/env bash
# Stands in for a VS Code executable so @vscode/test-electron's runTests() works here:
# desktop VS Code cannot be downloaded on this network, so the tests run in code-server instead.
# It reads the two test paths runTests passes, ignores the desktop-only flags, and exits with
# the tests' exit code. On a machine with desktop VS Code, runTests works without this shim.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dev="" tests=""
for arg in "$@"; do
  case "$arg" in
    --extensionDevelopmentPath=*) dev="${arg#*=}" ;;
    --extensionTestsPath=*) tests="${arg#*=}" ;;
  esac
done
exec "$root/node_modules/.bin/tsx" "$root/scripts/host/runInHost.ts" \
  --extensionDevelopmentPath="$dev" --extensionTestsPath="$tests"
