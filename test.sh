#!/usr/bin/env bash
# Runs the whole test suite: unit, orchestration, and integration tests on Azurite and the local host.
set -euo pipefail
cd "$(dirname "$0")"

npm ci --no-audit --no-fund --loglevel=error

# The browser test (tests/LiaisonFlow.Tests/Browser) drives Debian's Chromium; install it when missing.
if [ ! -x /usr/bin/chromium ] && ! scripts/apt-install.sh chromium; then
  echo "test.sh: /usr/bin/chromium is missing and could not be installed; the browser test will fail." >&2
fi
mkdir -p artifacts
set +e
dotnet test LiaisonFlow.sln -c Release --nologo --logger "console;verbosity=normal" 2>&1 | tee artifacts/test.log
status=${PIPESTATUS[0]}
set -e

# One plain closing line: "N passed, N failed, N skipped" (from dotnet test's summary block).
count() { grep -E "^ +$1: +[0-9]+" artifacts/test.log | tail -1 | grep -oE "[0-9]+" || echo 0; }
if grep -qE "^Test Run (Successful|Failed|Aborted)" artifacts/test.log; then
  echo "$(count Passed) passed, $(count Failed) failed, $(count Skipped) skipped"
fi
exit "$status"
