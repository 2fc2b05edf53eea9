#!/usr/bin/env bash
# Dashboard query benchmark (entities read per query, index vs full-table scan, at 1,000 and 10,000
# LSs) and meeting import benchmark (150, 500 and 1,000 LSs, then a re-import), on their own in-memory
# Azurite with the app's storage requests counted. ./bench.sh [dashboard sizes] [import sizes]; 0 skips one.
set -euo pipefail
cd "$(dirname "$0")"
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
