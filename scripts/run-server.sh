#!/usr/bin/env bash
# Runs the server in the foreground with Redis-style flags, e.g. scripts/run-server.sh --port 6380.
# Builds it first when it is missing or older than the sources (scripts/build-server.sh: self-contained and
# trimmed, the framework compiled ahead of time, our code by the JIT).
# With --native first, runs the Native AOT build instead (scripts/build-server.sh --native): less memory,
# more CPU per request under heavy load; README "Native build".
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [ "${1:-}" = "--native" ]; then
  shift
  binary="$(bash scripts/build-server.sh --native)"
  exec "$binary" "$@"
fi

if binary="$(bash scripts/build-server.sh)"; then
  exec "$binary" "$@"
fi
# The default build needs the runtime and ReadyToRun compiler packages from NuGet; where they cannot be had
# (offline), the same code from `dotnet build` runs, with about 12 MB more memory.
echo "run-server.sh: the default build failed (above); running dotnet build's output instead" >&2
dll="src/NextCacheKv.Host/bin/Release/net10.0/nextcachekv.dll"
dotnet build src/NextCacheKv.Host/NextCacheKv.Host.csproj -c Release -nologo -v quiet >&2
exec dotnet "$dll" "$@"
