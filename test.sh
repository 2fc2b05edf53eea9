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

# A CI-sized run of the life-cycle benchmark (20 LSs against the bare engine, about a minute), so it
# cannot rot: it reports figures, asserts no timing, and fails only when an LS is not Closed or a mail
# went twice. A failure here fails the script, never hides a test failure, and leaves the counts below alone.
if dotnet build tests/LiaisonFlow.LifeCycleBenchmark -c Release -nologo -v quiet > artifacts/lifecycle-bench-build.log 2>&1; then
  dotnet tests/LiaisonFlow.LifeCycleBenchmark/bin/Release/net10.0/LiaisonFlow.LifeCycleBenchmark.dll 20 2>&1 | tee artifacts/lifecycle-bench.log
  bench_status=${PIPESTATUS[0]}
else
  bench_status=1
fi
if [ "$bench_status" -ne 0 ]; then
  echo "test.sh: the life-cycle benchmark (N = 20) failed with $bench_status; see artifacts/lifecycle-bench.log and artifacts/lifecycle-bench-build.log." >&2
  [ "$status" -eq 0 ] && status=$bench_status
fi
set -e

# One plain closing line: "N passed, N failed, N skipped" (from dotnet test's summary block).
count() { grep -E "^ +$1: +[0-9]+" artifacts/test.log | tail -1 | grep -oE "[0-9]+" || echo 0; }
if grep -qE "^Test Run (Successful|Failed|Aborted)" artifacts/test.log; then
  echo "$(count Passed) passed, $(count Failed) failed, $(count Skipped) skipped"
fi
exit "$status"
