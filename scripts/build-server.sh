#!/usr/bin/env bash
# Builds the server and prints the path of its executable; scripts/run-server.sh runs it. Rebuilds only when a
# source or project file is newer than the executable.
#
#   scripts/build-server.sh            artifacts/server/nextcachekv: self-contained and trimmed, the framework
#                                      compiled ahead of time (ReadyToRun), our code compiled by the JIT with
#                                      dynamic PGO. The same speed as `dotnet build`'s output, 9 MB less memory
#                                      (README "Benchmarks", Memory).
#   scripts/build-server.sh --native   artifacts/native/nextcachekv: Native AOT, about half the memory again, at
#                                      the price of dynamic PGO (README "Native build"). The AOT compiler links
#                                      with clang and zlib: installed from apt when missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

native=0
if [ "${1:-}" = "--native" ]; then native=1; fi

case "$(uname -m)" in
  x86_64) rid=linux-x64 ;;
  aarch64 | arm64) rid=linux-arm64 ;;
  *) echo "unsupported machine $(uname -m)" >&2; exit 1 ;;
esac

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi
}

if [ "$native" = 1 ]; then
  out="$root/artifacts/native"
  publish=(-p:PublishAot=true)
  what="the native server (Native AOT, about a minute)"
  if ! command -v clang >/dev/null || [ ! -e /usr/include/zlib.h ]; then
    echo "installing clang and zlib1g-dev (the AOT compiler links with them)" >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang zlib1g-dev >&2
  fi
else
  out="$root/artifacts/server"
  publish=(--self-contained true -p:PublishTrimmed=true -p:PublishReadyToRun=true)
  what="the server (trimmed, the framework compiled ahead of time; about 40 s)"
fi
binary="$out/nextcachekv"

# Sources only: restores and builds rewrite files under obj/ (a JIT build after this one would otherwise
# make every next call rebuild).
if [ ! -x "$binary" ] || [ -n "$(find src Directory.Build.props Directory.Packages.props \
    \( -name obj -o -name bin -o -name node_modules \) -prune -o \
    \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.xml' \) -newer "$binary" -print -quit)" ]; then
  echo "building $what" >&2
  dotnet publish src/NextCacheKv.Host/NextCacheKv.Host.csproj -c Release -r "$rid" "${publish[@]}" \
    -o "$out" -nologo -v quiet >&2
  # The publish does not touch an unchanged binary; the next check compares against now.
  touch "$binary"
fi
echo "$binary"
