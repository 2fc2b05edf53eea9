#!/usr/bin/env bash
# Starts LiaisonFlow locally: Azurite (storage emulator, from npm), the local host on
# http://127.0.0.1:7071, and loads the TSAG meeting of 1–4 May 2017. Ctrl+C stops everything.
set -euo pipefail
cd "$(dirname "$0")"

API=http://127.0.0.1:7071
echo "==> Installing Azurite (npm ci) and building the local host"
npm ci --no-audit --no-fund --loglevel=error
dotnet build functions/LiaisonFlow.LocalHost -c Debug -nologo -v quiet

pids=()
stop() {
  # SIGTERM, not SIGKILL: Azurite writes its files out as it stops.
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT INT TERM

wait_for() { # url-or-port, what
  for _ in $(seq 1 120); do
    if [[ "$1" == http* ]]; then curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    else (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; fi
    sleep 0.5
  done
  echo "$2 did not start; see the log above." >&2; exit 1
}

echo "==> Starting Azurite (data in .azurite/)"
mkdir -p .azurite
node_modules/.bin/azurite --silent --disableTelemetry --skipApiVersionCheck --location .azurite --debug .azurite/debug.log \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 &
pids+=($!)
wait_for 10000 Azurite; wait_for 10001 Azurite; wait_for 10002 Azurite

echo "==> Starting the local host on $API"
dotnet functions/LiaisonFlow.LocalHost/bin/Debug/net10.0/LiaisonFlow.LocalHost.dll &
pids+=($!)
wait_for "$API/api/health" "The local host"

echo "==> Loading the TSAG May 2017 liaison statements"
curl -fsS -X POST "$API/api/meetings/import" -H "Authorization: Bearer dev-secretariat" \
  -H "Content-Type: application/json" --data-binary @data/meetings/tsag-2017-05.json \
  | grep -E '"(id|number|state|outcome)"' | paste - - - - | sed 's/[",]//g; s/  */ /g'

cat <<INFO

LiaisonFlow is running at $API  (Ctrl+C to stop)
  curl -s $API/api/liaisons -H "Authorization: Bearer dev-secretariat"
  curl -s $API/api/liaisons/tsag-2017-05-td117 -H "Authorization: Bearer dev-chair"
Keys: dev-rapporteur, dev-chair, dev-secretariat (local.settings.sample.json). README.md has a walk-through.
INFO
wait
