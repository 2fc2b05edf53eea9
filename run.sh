#!/usr/bin/env bash
# Starts LiaisonFlow locally: Azurite (storage emulator, from npm), the local host on
# http://127.0.0.1:7071, and loads the TSAG meeting of 1–4 May 2017. Ctrl+C stops everything.
set -euo pipefail
cd "$(dirname "$0")"

API=http://127.0.0.1:7071
echo "==> Installing Azurite (npm ci) and building the local host"
npm ci --no-audit --no-fund --loglevel=error
dotnet build functions/LiaisonFlow.LocalHost -c Debug -nologo -v quiet

azurite_pid=""; host_pid=""
stop() {
  # The host first, while its storage is still there; then Azurite, with SIGTERM so it writes
  # its files out as it stops.
  [[ -n "$host_pid" ]] && kill -TERM "$host_pid" 2>/dev/null && wait "$host_pid" 2>/dev/null || true
  [[ -n "$azurite_pid" ]] && kill -TERM "$azurite_pid" 2>/dev/null && wait "$azurite_pid" 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT TERM

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
# In its own session, so Ctrl+C reaches it only through stop(), after the host.
setsid node_modules/.bin/azurite --silent --disableTelemetry --skipApiVersionCheck --location .azurite \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 &
azurite_pid=$!
wait_for 10000 Azurite; wait_for 10001 Azurite; wait_for 10002 Azurite

echo "==> Starting the local host on $API"
# Reply addresses on (with the sample's token key): mails say Reply-To: reply+<token>@ this domain, and
# the README's curl post to such an address registers a reply.
export LiaisonFlow__Inbound__Domain="${LiaisonFlow__Inbound__Domain:-inbound.liaisonflow.example}"
dotnet functions/LiaisonFlow.LocalHost/bin/Debug/net10.0/LiaisonFlow.LocalHost.dll &
host_pid=$!
wait_for "$API/api/health" "The local host"

echo "==> Loading the TSAG May 2017 liaison statements"
curl -fsS -X POST "$API/api/meetings/import" -H "Authorization: Bearer dev-secretariat" \
  -H "Content-Type: application/json" --data-binary @data/meetings/tsag-2017-05.json \
  | awk -F'"' '/"id"/ {id=$4; n="(no number)"} /"number"/ {n=$4} /"state"/ {st=$4}
               /"outcome"/ {printf "  %-10s %-20s %-16s %s\n", n, id, st, $4}'

cat <<INFO

LiaisonFlow is running at $API  (Ctrl+C to stop)
  Dashboard: $API/dashboard?key=dev-secretariat
  New LS:    $API/new?key=dev-rapporteur
  Plenary:   $API/plenary?key=dev-chair
  curl -s $API/api/liaisons -H "Authorization: Bearer dev-secretariat"
  curl -s $API/api/liaisons/tsag-2017-05-td117 -H "Authorization: Bearer dev-chair"
Keys: dev-rapporteur, dev-chair, dev-secretariat (local.settings.sample.json). README.md has a walk-through.
INFO
wait
