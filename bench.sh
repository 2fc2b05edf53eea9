#!/usr/bin/env bash
# The app's benchmarks, each on its own in-memory Azurite with the app's storage requests counted:
#
#   ./bench.sh    everything issue 12 asks for, one after the other (about 45 minutes on 2 cores):
#                 the dashboard at 1,000 and 10,000 LSs, imports of 150, 500 and 1,000 LSs,
#                 then life cycles against the bare engine at N = 100 and 1,000
#   ./bench.sh <dashboard sizes> [import sizes]
#                 dashboard queries (entities read per query, index vs full-table scan; e.g. 1000,10000)
#                 and meeting import (default 150,500,1000, then a re-import); 0 skips one
#   ./bench.sh lifecycle [sizes] [--concurrency N] [--warm-up W]
#                 LiaisonFlow life cycles against the bare engine (default N = 100; e.g. 20 or 100,1000),
#                 each run after W life cycles not measured (default 50);
#                 exits non-zero when an LS is not Closed or a mail went twice.
#                 See README "Life cycle against the bare engine".
set -euo pipefail
cd "$(dirname "$0")"
if [ "${1:-}" = "lifecycle" ]; then
  shift
  sizes=100
  if [ $# -gt 0 ] && [[ "$1" != --* ]]; then sizes=$1; shift; fi
  npm ci --no-audit --no-fund --loglevel=error
  dotnet build tests/LiaisonFlow.LifeCycleBenchmark -c Release -nologo -v quiet
  exec dotnet tests/LiaisonFlow.LifeCycleBenchmark/bin/Release/net10.0/LiaisonFlow.LifeCycleBenchmark.dll "$sizes" "$@"
fi
everything=$([ $# -eq 0 ] && echo yes || echo no)
sizes=${1:-1000,10000}
imports=${2:-150,500,1000}

npm ci --no-audit --no-fund --loglevel=error
dotnet build tests/LiaisonFlow.Benchmark -c Release -nologo -v quiet
port=10200
node_modules/.bin/azurite --silent --disableTelemetry --skipApiVersionCheck --inMemoryPersistence \
  --blobHost 127.0.0.1 --blobPort $port --queueHost 127.0.0.1 --queuePort $((port + 1)) --tableHost 127.0.0.1 --tablePort $((port + 2)) &
azurite=$!
trap 'kill -TERM $azurite 2>/dev/null; wait $azurite 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do (exec 3<>"/dev/tcp/127.0.0.1/$((port + 2))") 2>/dev/null && break; sleep 0.5; done

key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
connection="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$port/devstoreaccount1;TableEndpoint=http://127.0.0.1:$((port + 2))/devstoreaccount1;"
dotnet tests/LiaisonFlow.Benchmark/bin/Release/net10.0/LiaisonFlow.Benchmark.dll "$connection" "$sizes" "$imports"
if [ "$everything" = yes ]; then
  kill -TERM $azurite 2>/dev/null; wait $azurite 2>/dev/null || true
  trap - EXIT
  exec "$0" lifecycle 100,1000
fi
