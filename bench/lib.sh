# lib.sh - helpers the bench scripts source: ports, readiness, stopping by PID, CPU time, report names.
# The sourcing script sets BENCH_NAME (prefix of its messages) and may set START_TIMEOUT (seconds).

die() { echo "${BENCH_NAME:-bench}: $*" >&2; exit 1; }

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() { # first free port from $1, at most 50 tried
  local p
  for ((p = $1; p < $1 + 50; p++)); do port_busy "$p" || { echo "$p"; return 0; }; done
  return 1
}

wait_ready() { # name port pid log: until it answers PING; dies with its log if it exits first
  local t0=$SECONDS
  until [ "$(timeout 3 redis-cli -h 127.0.0.1 -p "$2" ping 2>/dev/null)" = PONG ]; do
    kill -0 "$3" 2>/dev/null || { echo "${BENCH_NAME:-bench}: $1 exited; log:" >&2; tail -c 2000 "$4" >&2; exit 1; }
    ((SECONDS - t0 > ${START_TIMEOUT:-60})) && die "$1 did not answer PING on port $2 within ${START_TIMEOUT:-60}s"
    sleep 0.2
  done
  echo "started $1 port=$2 pid=$3 ready in $((SECONDS - t0))s" >&2
}

native_copy() { # dest: builds the native server if needed, copies it (and the Lua library beside it) to dest
  local native
  native=$(bash "$(dirname "${BASH_SOURCE[0]}")/../scripts/build-native.sh") || die "native build failed"
  mkdir -p "$1" && cp "$native" "$(dirname "$native")"/*.so "$1/"
}

server_command() { # dir: how to run the build in it: `dotnet build`'s output under dotnet, a self-contained or native one as it is
  if [ -f "$1/nextcachekv.dll" ] && [ ! -f "$1/System.Private.CoreLib.dll" ]; then echo dotnet "$1/nextcachekv.dll"
  elif [ -x "$1/nextcachekv" ]; then echo "$1/nextcachekv"
  else die "no build in '$1' (nextcachekv.dll, or a nextcachekv executable)"; fi
}

server_copy() { # dest: builds the default server (scripts/build-server.sh) if needed, copies its folder to dest
  local server
  server=$(bash "$(dirname "${BASH_SOURCE[0]}")/../scripts/build-server.sh") || die "server build failed"
  mkdir -p "$1" && cp -r "$(dirname "$server")"/. "$1/"
}

stop_pid() { # pid: TERM, then KILL after 15 s; only ever a PID the script started
  local pid=$1 i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  for i in $(seq 150); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null
}

stop_all_on_exit() { # work-dir: on exit (also Ctrl-C), stops every PID in PIDS and removes work-dir
  CLEANUP_DIR=$1
  PIDS=()
  trap stop_all_and_clean EXIT
  trap 'exit 130' INT TERM
}

stop_all_and_clean() {
  local pid
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  rm -rf "$CLEANUP_DIR"
}

cpu_seconds() { # user+sys CPU seconds of a live pid, from /proc (fields 14 and 15 after the command name)
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo ""; return; }
  echo "${stat##*) }" | awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($12 + $13) / hz}'
}

report_path() { # kind: bench/results/<date>-<kind>.md, or -2, -3, ... when that exists (creates the folder)
  local root dir path n=2
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  dir=$root/bench/results
  mkdir -p "$dir"
  path=$dir/$(date +%F)-$1.md
  while [ -e "$path" ]; do path=$dir/$(date +%F)-$1-$n.md; n=$((n + 1)); done
  echo "$path"
}

commit_label() { # HEAD's short hash, and a warning when src/ has uncommitted changes
  local root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  echo "$(git -C "$root" rev-parse --short HEAD 2>/dev/null)$([ -n "$(git -C "$root" status --porcelain src 2>/dev/null)" ] && echo ' + uncommitted src/ changes')"
}
