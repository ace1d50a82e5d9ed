#!/usr/bin/env bash
# Builds the server as a Native AOT binary, artifacts/native/nextcachekv, and prints its path.
# The native build is for small machines: about half the memory of the JIT build (no JIT, no IL),
# at the price of dynamic PGO (more CPU per request under heavy load); README "Native build".
# The AOT compiler links with clang and zlib: installed from apt when missing. Rebuilds only when
# a source or project file is newer than the binary.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="$root/artifacts/native"
binary="$out/nextcachekv"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi
}

if ! command -v clang >/dev/null || [ ! -e /usr/include/zlib.h ]; then
  echo "installing clang and zlib1g-dev (the AOT compiler links with them)" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang zlib1g-dev >&2
fi

# Sources only: restores and builds rewrite files under obj/ (a JIT build after this one would otherwise
# make every next call rebuild).
if [ ! -x "$binary" ] || [ -n "$(find src Directory.Build.props Directory.Packages.props \
    \( -name obj -o -name bin -o -name node_modules \) -prune -o \
    \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) -newer "$binary" -print -quit)" ]; then
  echo "building the native server (Native AOT, about a minute)" >&2
  dotnet publish src/NextCacheKv.Host/NextCacheKv.Host.csproj -c Release -r linux-x64 -p:PublishAot=true \
    -o "$out" -nologo -v quiet >&2
  # The publish does not touch an unchanged binary; the next check compares against now.
  touch "$binary"
fi
echo "$binary"
