#!/usr/bin/env bash
# The project's test command: installs what the tests need (only when missing), builds in Release and
# builds the server scripts/run-server.sh runs (scripts/build-server.sh), runs every .NET test project and
# the Node.js suites (every server process they start is that build), then the process-level and client
# suites again against the native (AOT) build, and ends with exactly one line:
#   N passed, M failed
# It exits non-zero when any test fails or any runner (build, dotnet test, npm test) cannot run.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="$root/.test-results"
rm -rf "$results"
mkdir -p "$results"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

passed=0
failed=0
runner_failures=0
summary=()

note() { printf '\n=== %s\n' "$*"; }

# A runner that could not run at all still counts as a failure, so the last line never looks green.
runner_failed() {
  runner_failures=$((runner_failures + 1))
  failed=$((failed + 1))
  summary+=("$1: did not run properly (counted as 1 failure)")
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

install_prerequisites() {
  note "Prerequisites"
  if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
    echo "installing redis-server and redis-tools (reference server and redis-cli for the tests)"
    apt_install redis-server redis-tools
  fi
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "installing nodejs and npm"
    apt_install nodejs npm
  fi
  if ! command -v dotnet >/dev/null; then
    echo "dotnet is not installed; install the .NET 10 SDK first" >&2
  fi
  local dir lock marker
  for dir in tests/js tests/handlers src/next-cache-handler tests/e2e; do
    lock="$dir/package-lock.json" marker="$dir/node_modules/.package-lock.json"
    if command -v npm >/dev/null && { [ ! -f "$marker" ] || [ "$lock" -nt "$marker" ]; }; then
      echo "npm ci in $dir"
      (cd "$dir" && npm ci --no-audit --no-fund) || echo "npm ci failed in $dir" >&2
    fi
  done
  echo "redis-server: $(command -v redis-server || echo missing)"
  echo "redis-cli:    $(command -v redis-cli || echo missing)"
  echo "node:         $(node --version 2>/dev/null || echo missing)"
  echo "dotnet:       $(dotnet --version 2>/dev/null || echo missing)"
}

build() {
  note "Build (Release)"
  timeout 900 dotnet build NextCacheKv.sln -c Release -nologo -v quiet
}

# Reads the outcome counters of a trx file: passed, and everything that is not a pass or a skip.
trx_counter() {
  grep -o "<Counters [^>]*" "$1" | grep -o " $2=\"[0-9]*\"" | grep -o '[0-9]\+' || echo 0
}

# run_dotnet_tests PROJECT [NAME FILTER]: a test project, or the part of it FILTER selects.
run_dotnet_tests() {
  local project="$1" name="${2:-}" filter=()
  [ -n "$name" ] || name="$(basename "$project" .csproj)"
  [ -z "${3:-}" ] || filter=(--filter "$3")
  note "dotnet test $name"
  local trx="$results/$name.trx"
  timeout 1200 dotnet test "$project" -c Release --no-build -nologo "${filter[@]}" \
    --results-directory "$results" \
    --logger "trx;LogFileName=$name.trx" \
    --logger "console;verbosity=normal" \
    --blame-hang-timeout 180s
  local code=$?
  if [ ! -f "$trx" ]; then
    if [ "$code" -eq 0 ]; then
      summary+=("$name: no tests")
    else
      runner_failed "$name (exit $code, no results)"
    fi
    return
  fi
  local p f
  p=$(trx_counter "$trx" passed)
  f=$(( $(trx_counter "$trx" failed) + $(trx_counter "$trx" error) + $(trx_counter "$trx" timeout) + $(trx_counter "$trx" aborted) ))
  passed=$((passed + p))
  failed=$((failed + f))
  summary+=("$name: $p passed, $f failed")
  if [ "$code" -ne 0 ] && [ "$f" -eq 0 ]; then
    runner_failed "$name (exit $code)"
  fi
}

run_js_tests() {
  local dir="$1" name="$2"
  note "npm test ($dir)"
  local log="$results/$name.tap"
  (cd "$dir" && NEXTCACHEKV_DLL="$root/src/NextCacheKv.Host/bin/Release/net10.0/nextcachekv.dll" \
    timeout 600 npm test --silent -- --test-reporter=tap) 2>&1 | tee "$log"
  local code=${PIPESTATUS[0]}
  local p f c
  p=$(grep -E '^# pass [0-9]+' "$log" | tail -1 | grep -o '[0-9]\+')
  f=$(grep -E '^# fail [0-9]+' "$log" | tail -1 | grep -o '[0-9]\+')
  c=$(grep -E '^# cancelled [0-9]+' "$log" | tail -1 | grep -o '[0-9]\+')
  if [ -z "$p" ] || [ -z "$f" ]; then
    runner_failed "$name (exit $code, no TAP summary)"
    return
  fi
  f=$((f + ${c:-0}))
  passed=$((passed + p))
  failed=$((failed + f))
  summary+=("$name: $p passed, $f failed")
  if [ "$code" -ne 0 ] && [ "$f" -eq 0 ]; then
    runner_failed "$name (exit $code)"
  fi
}

install_prerequisites
if build; then
  # Every test that starts a server process runs the build scripts/run-server.sh runs.
  note "Server build (scripts/build-server.sh)"
  if server="$(timeout 900 bash scripts/build-server.sh)"; then
    export NEXTCACHEKV_BIN="$server"
  else
    runner_failed "server build"
  fi
  for project in tests/*/*.csproj; do
    run_dotnet_tests "$project"
  done
  run_js_tests tests/js js
  run_js_tests tests/handlers handlers
  run_js_tests src/next-cache-handler cache-handler
  run_js_tests tests/e2e e2e
  unset NEXTCACHEKV_BIN
  # The native (AOT) build: what starts the server as a process, and the client and handler suites.
  note "Native build"
  if native="$(timeout 900 bash scripts/build-native.sh)"; then
    export NEXTCACHEKV_BIN="$native"
    run_dotnet_tests tests/NextCacheKv.Server.Tests/NextCacheKv.Server.Tests.csproj native-host "Runs=HostProcess"
    run_js_tests tests/js native-js
    run_js_tests src/next-cache-handler native-cache-handler
    unset NEXTCACHEKV_BIN
  else
    runner_failed "native build"
  fi
else
  runner_failed "build"
fi

note "Summary"
printf '%s\n' "${summary[@]}"
echo "$passed passed, $failed failed"
if [ "$failed" -gt 0 ] || [ "$runner_failures" -gt 0 ]; then
  exit 1
fi
