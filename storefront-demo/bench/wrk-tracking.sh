#!/usr/bin/env bash
# Load benchmark of the storefront: add-to-cart with tracking ON vs OFF, on embedded Derby and on
# PostgreSQL, in one run (rounds of derby ON, derby OFF, postgresql ON, postgresql OFF).
#
#   storefront-demo/bench/wrk-tracking.sh
#
# PostgreSQL is the machine's own server (Debian: apt-get install postgresql; the script starts
# the cluster with pg_ctlcluster and creates a fresh database "mcbench" for every ON run), so the
# database's CPU is measured apart from the JVM's: the postgres processes' utime+stime, plus what
# the postmaster collected from backends that exited. BENCH_DATABASES=derby skips it.
#
# Builds the WAR and the Liberty runtime (the package phase checks the WAR, see
# src/build/java/WarLibCheck.java), creates a dedicated Liberty server
# "storefrontBench" on 127.0.0.1:${BENCH_PORT:-9181} (fresh embedded Derby), then for each mode:
# starts it with MICROCONVERSIONS_ENABLED=true|false in server.env (read through MicroProfile
# Config as microconversions.enabled), checks that the mode really took effect (the add-to-cart
# counter grows with ON and does not exist with OFF), warms up, runs wrk with --latency, stops.
# Prints requests/s, p50/p90/p99 and the server's CPU time per request (utime+stime of the Liberty
# JVM from /proc over the measured run: less sensitive than requests/s when other processes share
# the cores), split by the JVM's threads (Liberty's executor, which runs the requests and the drain;
# the garbage collector; the JIT compilers; the rest), of both modes and the ratios; exits non-zero
# if a run had errors. The server is stopped on exit (trap), whatever happens.
#
# Environment (all optional):
#   BENCH_DATABASES="derby postgresql"   BENCH_PG_CLUSTER="15 main" (pg_ctlcluster version and name)
#   BENCH_PORT=9181 BENCH_THREADS=2 BENCH_CONNECTIONS=16 BENCH_DURATION=30s BENCH_WARMUP=60s
#   BENCH_ROUNDS=1     rounds of ON,OFF (interleaved; the table shows each round)
#   (60 s of warm-up: with 20 s the ON server was still JIT-compiling Derby and measured 3-4x slower)
#   BENCH_WARMUP_MAX=300 BENCH_SETTLE_STEP=15 BENCH_JIT_SETTLED=3   after BENCH_WARMUP, warm up in
#                      steps of 15 s until the JIT compilers take at most 3 % of the JVM's CPU in a
#                      step, at most 300 s in all (BENCH_WARMUP_MAX=0: the fixed warm-up only)
#   BENCH_ON_ENV="MICROCONVERSIONS_BUFFER_OVERFLOW=drop ..."  extra settings for the ON server only
#   BENCH_ON_JVM="-XX:StartFlightRecording=filename=/tmp/on.jfr,settings=profile"  extra JVM options
#                      for the ON server only, one per word (e.g. a JFR profile of the measured run)
#   BENCH_OFF_JVM="..."  the same for the OFF server only
#   BENCH_JFR=1        a JFR profile (settings=profile) of each measured run only, not of the start
#                      or the warm-up: target/bench/<database>-<on|off>-r<round>.jfr, for JfrLibraryShare.java
#   BENCH_EXECUTOR_THREADS=8  the Liberty executor's fixed size for both modes (0: Liberty's self-tuning default)
#   BENCH_MONITOR_FILTER="JVM,ThreadPool"  Liberty's <monitor filter> for both modes: leaves out its
#                      per-request HTTP, REST and servlet metrics (unset: Liberty's default, all of them)
#   BENCH_BUILD=0      deploy the existing target/storefront-demo.war without building (it is still
#                      checked: a WAR with a directory where a library jar belongs is refused)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MODULE="$(cd "$HERE/.." && pwd)"
ROOT="$(cd "$MODULE/.." && pwd)"

PORT="${BENCH_PORT:-9181}"
HTTPS_PORT="$((PORT + 363))"
THREADS="${BENCH_THREADS:-2}"
CONNECTIONS="${BENCH_CONNECTIONS:-16}"
DURATION="${BENCH_DURATION:-30s}"
WARMUP="${BENCH_WARMUP:-60s}"
WARMUP_MAX="${BENCH_WARMUP_MAX:-300}"   # seconds
SETTLE_STEP="${BENCH_SETTLE_STEP:-15}"  # seconds
JIT_SETTLED="${BENCH_JIT_SETTLED:-3}"   # percent of the JVM's CPU
ROUNDS="${BENCH_ROUNDS:-1}"
EXECUTOR_THREADS="${BENCH_EXECUTOR_THREADS:-8}"
MONITOR_FILTER="${BENCH_MONITOR_FILTER:-}"
SERVER=storefrontBench
WLP="$MODULE/target/liberty/wlp"
SERVER_DIR="$WLP/usr/servers/$SERVER"
OUT="$MODULE/target/bench"
BASE="http://127.0.0.1:$PORT"
START_TIMEOUT=180   # seconds to wait for the shop to answer after "server start"

for tool in wrk curl java $([[ "${BENCH_JFR:-0}" == 1 ]] && echo jcmd); do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y wrk curl)" >&2; exit 2; }
done
DATABASES="${BENCH_DATABASES:-derby postgresql}"
PG_CLUSTER="${BENCH_PG_CLUSTER:-15 main}"
PG_PORT=5432
if [[ " $DATABASES " == *" postgresql "* ]]; then
  command -v pg_ctlcluster >/dev/null || { echo "missing PostgreSQL (apt-get install -y postgresql), or set BENCH_DATABASES=derby" >&2; exit 2; }
  pg_ctlcluster $PG_CLUSTER start 2>/dev/null || pg_ctlcluster $PG_CLUSTER status >/dev/null \
    || { echo "cannot start PostgreSQL cluster $PG_CLUSTER" >&2; exit 2; }
  PG_PORT="$(pg_lsclusters -h | awk -v v="${PG_CLUSTER% *}" -v n="${PG_CLUSTER#* }" '$1 == v && $2 == n { print $3 }')"
fi
psql_admin() { su postgres -c "psql -q -p $PG_PORT -v ON_ERROR_STOP=1" <<<"$1" >/dev/null; }

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# ---- build what is deployed -------------------------------------------------------------------
# Always, unless BENCH_BUILD=0: a WAR left in target/ may come from other sources or an older build.
# The demo's server "storefront" (liberty:create) is the template: its server.xml, and the library's
# include with the JDBC drivers that copyDependencies puts in its microconversions/ folder.
TEMPLATE="$WLP/usr/servers/storefront"
if [[ "${BENCH_BUILD:-1}" != 0 || ! -f "$MODULE/target/storefront-demo.war" || ! -x "$WLP/bin/server" \
      || ! -f "$TEMPLATE/microconversions/liberty-config.xml" ]]; then
  log "building storefront-demo (WAR + Liberty runtime)"
  (cd "$ROOT" && ./mvnw -q -pl storefront-demo -am -DskipTests package liberty:create)
fi

# ---- server lifecycle ------------------------------------------------------------------------
server_running() { "$WLP/bin/server" status "$SERVER" >/dev/null 2>&1; }

stop_server() {
  if [[ -d "$SERVER_DIR" ]] && server_running; then
    log "stopping $SERVER"
    timeout 90 "$WLP/bin/server" stop "$SERVER" >/dev/null 2>&1 || true
  fi
}
trap stop_server EXIT
trap 'exit 130' INT TERM

if curl -s -o /dev/null --max-time 2 "$BASE/"; then
  echo "port $PORT already answers: stop what runs there or set BENCH_PORT" >&2
  exit 2
fi

mkdir -p "$OUT"
# one snapshot of the WAR for every run: ON and OFF serve the same binary, even if a build
# rewrites target/storefront-demo.war meanwhile
WAR="$OUT/storefront-demo.war"
cp "$MODULE/target/storefront-demo.war" "$WAR"
unzip -tq "$WAR" >/dev/null || { echo "target/storefront-demo.war is not a complete archive (build under way?)" >&2; exit 1; }
VERSION="$(sed -n 's|^  <version>\(.*\)</version>|\1|p' "$ROOT/pom.xml" | head -n 1)"
java "$MODULE/src/build/java/WarLibCheck.java" "$WAR" - "events-api-$VERSION.jar" "interceptors-$VERSION.jar" >&2 \
  || { echo "refusing to benchmark a broken WAR: rebuild it (drop BENCH_BUILD=0)" >&2; exit 1; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# $1 = a name, $2 = one element: configuration of the bench server only, over the demo's server.xml
bench_override() {
  mkdir -p "$SERVER_DIR/configDropins/overrides"
  printf '<server>\n  %s\n</server>\n' "$2" > "$SERVER_DIR/configDropins/overrides/bench-$1.xml"
}

# $1 = true|false, $2 = derby|postgresql
start_server() {
  local enabled="$1" db="$2"
  stop_server
  local wait_until=$((SECONDS + 60))
  until port_free "$PORT" && port_free "$HTTPS_PORT"; do
    (( SECONDS < wait_until )) || { echo "port $PORT or $HTTPS_PORT still in use after 60 s" >&2; exit 1; }
    sleep 1
  done
  rm -rf "$SERVER_DIR"
  "$WLP/bin/server" create "$SERVER" >/dev/null
  cp "$TEMPLATE/server.xml" "$SERVER_DIR/"
  cp -R "$TEMPLATE/microconversions" "$SERVER_DIR/"
  if [[ "$EXECUTOR_THREADS" != 0 ]]; then
    # A fixed pool: Liberty's self-tuning executor settles on different sizes from run to run
    # (~30 threads for 16 connections on 2 cores seen), and the convoys on the runtime's own
    # locks that follow made the OFF baseline swing between 5,000 and 11,600 requests/s.
    bench_override executor "<executor coreThreads=\"$EXECUTOR_THREADS\" maxThreads=\"$EXECUTOR_THREADS\"/>"
  fi
  if [[ -n "$MONITOR_FILTER" ]]; then
    # Liberty's own per-request HTTP metrics take a synchronized path (LegacyMetricRegistryAdapter)
    # that convoys under load in both modes; a filter leaves those monitors out of both
    bench_override monitor "<monitor filter=\"$MONITOR_FILTER\"/>"
  fi
  printf 'http.port=%s\nhttps.port=%s\n' "$PORT" "$HTTPS_PORT" > "$SERVER_DIR/bootstrap.properties"
  # environment variables are a MicroProfile Config source: MICROCONVERSIONS_ENABLED -> microconversions.enabled
  # (server create writes server.env without a final newline: start on a new line)
  printf '\nMICROCONVERSIONS_ENABLED=%s\n' "$enabled" >> "$SERVER_DIR/server.env"
  if [[ "$db" == postgresql ]]; then
    if [[ "$enabled" == true ]]; then # a fresh database, as Derby's is
      psql_admin "DROP DATABASE IF EXISTS mcbench WITH (FORCE)"
      psql_admin 'DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"'mcbench'"') THEN CREATE ROLE mcbench LOGIN PASSWORD '"'mcbench'"'; END IF; END $$'
      psql_admin "CREATE DATABASE mcbench OWNER mcbench"
    fi
    printf 'MC_DB_URL=jdbc:postgresql://127.0.0.1:%s/mcbench?reWriteBatchedInserts=true\nMC_DB_USER=mcbench\nMC_DB_PASSWORD=mcbench\n' \
      "$PG_PORT" >> "$SERVER_DIR/server.env"
  fi
  if [[ "$enabled" == true && -n "${BENCH_ON_ENV:-}" ]]; then
    tr ' ' '\n' <<<"$BENCH_ON_ENV" >> "$SERVER_DIR/server.env"
  fi
  printf -- '-Xms512m\n-Xmx1g\n' > "$SERVER_DIR/jvm.options"
  if [[ "$enabled" == true && -n "${BENCH_ON_JVM:-}" ]]; then
    tr ' ' '\n' <<<"$BENCH_ON_JVM" >> "$SERVER_DIR/jvm.options"
  elif [[ "$enabled" == false && -n "${BENCH_OFF_JVM:-}" ]]; then
    tr ' ' '\n' <<<"$BENCH_OFF_JVM" >> "$SERVER_DIR/jvm.options"
  fi
  cp "$WAR" "$SERVER_DIR/dropins/"
  log "starting $SERVER with microconversions.enabled=$enabled on $db, $BASE"
  "$WLP/bin/server" start "$SERVER" >/dev/null
  local deadline=$((SECONDS + START_TIMEOUT))
  until curl -sf -o /dev/null --max-time 2 "$BASE/api/products/stoneware-mug"; do
    if (( SECONDS > deadline )); then
      echo "the shop did not answer within ${START_TIMEOUT}s; see $SERVER_DIR/logs/messages.log" >&2
      tail -n 30 "$SERVER_DIR/logs/messages.log" >&2 || true
      exit 1
    fi
    sleep 1
  done
  # the answer must come from this server's application (not another process on the port)
  if ! grep -q 'CWWKZ0001I: Application storefront-demo started' "$SERVER_DIR/logs/messages.log" \
     || grep -qE 'CWWKO0221E|CWWKZ0002E' "$SERVER_DIR/logs/messages.log"; then
    echo "$SERVER did not start the shop cleanly on port $PORT:" >&2
    grep -E ' E |CWWKZ0001I' "$SERVER_DIR/logs/messages.log" | cut -c1-300 >&2 || true
    exit 1
  fi
}

# prints the add-to-cart conversion counter (empty if the series does not exist)
add_to_cart_counter() {
  curl -sf --max-time 10 "$BASE/metrics?scope=application" \
    | awk '/^microconversions_conversions_total\{/ && /name="add-to-cart"/ { print $NF }'
}

# $1 = true|false: one request, then the counter must say tracking is in that mode
check_mode() {
  local enabled="$1" status count
  status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X POST "$BASE/api/cart/items" \
    -H 'Content-Type: application/json' -H 'Cookie: mc_vid=wrkbench-check-0000001' \
    --data '{"productId":"stoneware-mug","quantity":1}')
  [[ "$status" == 200 ]] || { echo "check request answered $status" >&2; exit 1; }
  count="$(add_to_cart_counter)"
  if [[ "$enabled" == true && -z "$count" ]]; then
    echo "tracking ON but no microconversions_conversions_total{name=\"add-to-cart\"} series" >&2; exit 1
  fi
  if [[ "$enabled" == false && -n "$count" ]]; then
    echo "tracking OFF but add-to-cart was counted ($count): microconversions.enabled=false did not reach MP Config" >&2
    exit 1
  fi
  log "mode check ok (add-to-cart counter: ${count:-absent})"
}

# $1 = label; prints the RESULT line of the measured run
run_wrk() {
  local label="$1"
  log "warm-up $WARMUP"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" --timeout 5s -s "$HERE/add-to-cart.lua" "$BASE" \
    > "$OUT/wrk-$label-warmup.txt"
  settle "$label"
  log "measuring $DURATION: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency"
  local pid cpu0 cpu1 db0 db1 sql0 sql1 threads0 threads1 requests
  pid="$(server_pid)"
  if [[ "${BENCH_JFR:-0}" == 1 ]]; then # before the CPU readings: starting it is not the run's either
    jcmd "$pid" JFR.start name=measured settings=profile "filename=$OUT/$label.jfr" >/dev/null
  fi
  cpu0="$(jvm_cpu_ticks "$pid")"
  threads0="$(jvm_thread_ticks "$pid")"
  db0="$(db_cpu_ticks)"
  sql0="$(db_sql_cpu_ticks)"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 5s --latency -s "$HERE/add-to-cart.lua" "$BASE" \
    | tee "$OUT/wrk-$label.txt" >&2
  cpu1="$(jvm_cpu_ticks "$pid")"
  threads1="$(jvm_thread_ticks "$pid")"
  db1="$(db_cpu_ticks)"
  sql1="$(db_sql_cpu_ticks)"
  if [[ "${BENCH_JFR:-0}" == 1 ]]; then # after the CPU readings: writing the file is not the run's
    jcmd "$pid" JFR.stop name=measured >/dev/null
    log "JFR profile of the measured run: $OUT/$label.jfr"
  fi
  requests="$(sed -nE 's/^RESULT requests=([0-9]+).*/\1/p' "$OUT/wrk-$label.txt")"
  echo "$(grep '^RESULT ' "$OUT/wrk-$label.txt") cpu_us_per_req=$(( (cpu1 - cpu0) * 1000000 / $(getconf CLK_TCK) / requests ))" \
    "db_cpu_us_per_req=$(( (db1 - db0) * 1000000 / $(getconf CLK_TCK) / requests ))" \
    "db_sql_us_per_req=$(( (sql1 - sql0) * 1000000 / $(getconf CLK_TCK) / requests ))" \
    "$(thread_us_per_req "$threads0" "$threads1" "$((cpu1 - cpu0))" "$requests")"
}

# Warms up further, in steps of $SETTLE_STEP seconds, while the JIT compilers took more than
# $JIT_SETTLED % of the JVM's CPU in the last step, up to $WARMUP_MAX seconds of warm-up in all: a
# slower machine needs longer before the measured run sees the compiled code, and the JIT's CPU
# would otherwise count as the tracking's (ON has more code to compile).
settle() {
  local pid spent t0 t1 c0 c1 share
  pid="$(server_pid)"
  spent="$(seconds "$WARMUP")"
  while (( spent < WARMUP_MAX )); do
    c0="$(jvm_cpu_ticks "$pid")"; t0="$(jvm_thread_ticks "$pid")"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SETTLE_STEP}s" --timeout 5s -s "$HERE/add-to-cart.lua" "$BASE" \
      >> "$OUT/wrk-$1-warmup.txt"
    c1="$(jvm_cpu_ticks "$pid")"; t1="$(jvm_thread_ticks "$pid")"
    spent=$(( spent + SETTLE_STEP ))
    share=$(( ($(cut -d' ' -f3 <<<"$t1") - $(cut -d' ' -f3 <<<"$t0")) * 100 / (c1 - c0 + 1) ))
    log "warm-up to ${spent}s: the JIT took $share % of the JVM's CPU in the last ${SETTLE_STEP}s"
    (( share > JIT_SETTLED )) || return 0
  done
  log "warm-up stopped at BENCH_WARMUP_MAX=${WARMUP_MAX}s with the JIT still busy"
}

# "90s" / "2m" / "90" -> seconds
seconds() {
  case "$1" in
    *m) echo $(( ${1%m} * 60 )) ;;
    *s) echo "${1%s}" ;;
    *) echo "$1" ;;
  esac
}

# pid of the running Liberty JVM of $SERVER
server_pid() {
  local pid
  pid="$(cat "$WLP/usr/servers/.pid/$SERVER.pid" 2>/dev/null || cat "$SERVER_DIR/workarea/.pid" 2>/dev/null || true)"
  [[ -n "$pid" && -r "/proc/$pid/stat" ]] || pid="$(pgrep -f "ws-server.jar $SERVER" | head -n 1)"
  [[ -n "$pid" ]] || { echo "cannot find the pid of $SERVER" >&2; exit 1; }
  echo "$pid"
}

# user+system CPU ticks of a process
jvm_cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# user+system CPU ticks of the JVM's live threads by kind, from their names (/proc/pid/task/*/stat,
# whose second field is the name in parentheses): "exec gc jit" (Liberty's executor, which runs the
# requests and the drain; the collector's threads and the VM thread; the JIT compilers)
jvm_thread_ticks() {
  cat /proc/"$1"/task/*/stat 2>/dev/null | awk '{
      name = substr($0, index($0, "(") + 1); name = substr(name, 1, index(name, ")") - 1)
      rest = substr($0, index($0, ") ") + 2); split(rest, f, " ")   # f[1] is field 3 (state)
      t = f[12] + f[13]                                              # utime + stime: fields 14, 15
      if (name ~ /^Default Executo/) exec += t
      else if (name ~ /^(GC Thread|G1 |VM Thread)/) gc += t
      else if (name ~ /^C[12] CompilerThre/) jit += t
    } END { printf "%d %d %d\n", exec, gc, jit }'
}

# $1, $2 = jvm_thread_ticks before and after, $3 = the JVM's ticks in between, $4 = requests:
# "exec_us=.. gc_us=.. jit_us=.. other_us=.." per request (other: every other thread, and threads
# that ended during the run)
thread_us_per_req() {
  local -a a b
  read -r -a a <<<"$1"; read -r -a b <<<"$2"
  local us=$(( 1000000 / $(getconf CLK_TCK) )) e g j
  e=$(( b[0] - a[0] )); g=$(( b[1] - a[1] )); j=$(( b[2] - a[2] ))
  echo "exec_us=$(( e * us / $4 )) gc_us=$(( g * us / $4 )) jit_us=$(( j * us / $4 ))" \
    "other_us=$(( ($3 - e - g - j) * us / $4 ))"
}

# user+system CPU ticks of the running postgres processes, plus those the postmaster collected from
# backends that exited (its cutime+cstime); 0 without PostgreSQL
db_cpu_ticks() {
  local total=0 p
  for p in $(pgrep -u postgres postgres 2>/dev/null); do
    total=$(( total + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0) ))
  done
  p="$(pgrep -u postgres -o postgres 2>/dev/null || true)"
  [[ -n "$p" ]] && total=$(( total + $(awk '{ print $16 + $17 }' "/proc/$p/stat" 2>/dev/null || echo 0) ))
  echo "$total"
}

# the same for the shop's own connections only (backends "mcbench mcbench 127.0.0.1(...)"): what its
# SQL costs, without autovacuum, the WAL writer, the checkpointer and exited processes
db_sql_cpu_ticks() {
  local total=0 p
  for p in $(pgrep -u postgres -f 'postgres: .*mcbench mcbench 127\.0\.0\.1' 2>/dev/null); do
    total=$(( total + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0) ))
  done
  echo "$total"
}

field() { sed -E "s/.* $2=([0-9.]+).*/\1/" <<<"$1"; }

declare -A RESULTS  # [db:round:on|off] = RESULT line
failed=0
for ((round = 1; round <= ROUNDS; round++)); do
  for db in $DATABASES; do
    for enabled in true false; do
      mode="$([[ $enabled == true ]] && echo on || echo off)"
      label="$db-$mode-r$round"
      start_server "$enabled" "$db"
      check_mode "$enabled"
      result="$(run_wrk "$label")"
      if [[ "$enabled" == true ]]; then
        after="$(add_to_cart_counter)"
        log "add-to-cart counter after the run: $after"
        # what the pipeline did meanwhile: persisted, buffer depth, dropped, batch write time
        curl -sf --max-time 10 "$BASE/metrics?scope=application" > "$OUT/metrics-$label.prom" || true
        grep -E '^microconversions_(persisted_total|buffer_depth|dropped_total|persist_duration_seconds_(count|sum|max))' \
          "$OUT/metrics-$label.prom" | sed 's/^/    /' >&2 || true
      fi
      RESULTS["$db:$round:$mode"]="$result"
      if [[ "$(field "$result" non2xx)" != 0 || "$(field "$result" socket_errors)" != 0 ]]; then
        echo "run $label had errors: $result" >&2
        failed=1
      fi
      cp "$SERVER_DIR/logs/messages.log" "$OUT/messages-$label.log" 2>/dev/null || true
      stop_server
    done
  done
done

# ---- report ----------------------------------------------------------------------------------
echo
echo "Storefront add-to-cart, wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (warm-up $WARMUP, then until the JIT settles, at most ${WARMUP_MAX}s), $(nproc) cores"
printf '%-11s %-6s %-9s %12s %9s %9s %9s %12s %12s %12s   %s\n' database round tracking 'requests/s' 'p50 ms' 'p90 ms' \
  'p99 ms' 'JVM us/req' 'DB us/req' 'of it SQL' 'JVM by thread: executor / GC / JIT / other'
threads() { echo "$(field "$1" exec_us) / $(field "$1" gc_us) / $(field "$1" jit_us) / $(field "$1" other_us)"; }
thread_diff() {
  local k out=""
  for k in exec_us gc_us jit_us other_us; do
    out+="$(printf '%+d' $(( $(field "$1" $k) - $(field "$2" $k) )))"
    [[ $k == other_us ]] || out+=" / "
  done
  echo "$out"
}
for db in $DATABASES; do
  for ((i = 1; i <= ROUNDS; i++)); do
    for mode in on off; do
      r="${RESULTS[$db:$i:$mode]}"
      printf '%-11s %-6s %-9s %12s %9.2f %9.2f %9.2f %12s %12s %12s   %s\n' "$db" "$i" "$mode" "$(field "$r" rps)" \
        "$(echo "$(field "$r" p50_us) / 1000" | bc -l)" "$(echo "$(field "$r" p90_us) / 1000" | bc -l)" \
        "$(echo "$(field "$r" p99_us) / 1000" | bc -l)" "$(field "$r" cpu_us_per_req)" \
        "$([[ $db == derby ]] && echo '(in JVM)' || field "$r" db_cpu_us_per_req)" \
        "$([[ $db == derby ]] && echo '' || field "$r" db_sql_us_per_req)" "$(threads "$r")"
    done
    on="${RESULTS[$db:$i:on]}"; off="${RESULTS[$db:$i:off]}"
    printf '%-11s %-6s %-9s %11.1f%% %+9.2f %9s %+9.2f %+12d %+12d %+12d   %s   (ON/OFF throughput; ON-OFF)\n' \
      "$db" "$i" ratio "$(echo "100 * $(field "$on" rps) / $(field "$off" rps)" | bc -l)" \
      "$(echo "($(field "$on" p50_us) - $(field "$off" p50_us)) / 1000" | bc -l)" '' \
      "$(echo "($(field "$on" p99_us) - $(field "$off" p99_us)) / 1000" | bc -l)" \
      "$(( $(field "$on" cpu_us_per_req) - $(field "$off" cpu_us_per_req) ))" \
      "$(( $(field "$on" db_cpu_us_per_req) - $(field "$off" db_cpu_us_per_req) ))" \
      "$(( $(field "$on" db_sql_us_per_req) - $(field "$off" db_sql_us_per_req) ))" "$(thread_diff "$on" "$off")"
  done
done
echo "targets (issue 14): ON keeps >= 90% of OFF throughput on PostgreSQL and >= 75% on Derby;"
echo "  tracking adds <= 8 us of JVM CPU and <= 10 us of PostgreSQL CPU per request (Derby, in the JVM: <= 25 us)"
echo "raw wrk output and server logs: $OUT"
exit "$failed"
