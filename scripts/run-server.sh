#!/usr/bin/env bash
# Runs the server in the foreground with Redis-style flags, e.g. scripts/run-server.sh --port 6380.
# Builds the Release binary first when it is missing or older than the sources.
# With --native first, runs the Native AOT build instead (scripts/build-native.sh): less memory,
# more CPU per request under heavy load; README "Native build".
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [ "${1:-}" = "--native" ]; then
  shift
  binary="$(bash scripts/build-native.sh)"
  exec "$binary" "$@"
fi

dll="src/NextCacheKv.Host/bin/Release/net10.0/nextcachekv.dll"

if [ ! -f "$dll" ] || [ -n "$(find src -name '*.cs' -newer "$dll" -print -quit)" ]; then
  dotnet build src/NextCacheKv.Host/NextCacheKv.Host.csproj -c Release -nologo -v quiet >&2
fi

exec dotnet "$dll" "$@"
