#!/usr/bin/env bash
# Start-up cost of one publish over TLS: `iotls pub` beside `mosquitto_pub`, each run N times (default 10) against a
# local Debian mosquitto with a TLS listener, one after the other. Prints the median wall time, user + system CPU and
# peak resident memory of each, and iotls' ratio to mosquitto_pub. Usage: scripts/startup-bench.sh [N]
set -u
cd "$(dirname "$0")/.."
N=${1:-10}
IOTLS="$PWD/iotls"
for tool in mosquitto mosquitto_pub /usr/bin/time python3; do
  command -v "$tool" >/dev/null || { echo "startup-bench: $tool is missing" >&2; exit 100; }
done
WORK=$(mktemp -d /tmp/iotls-startup.XXXXXX)
BROKER_PID=""
cleanup() { [ -n "$BROKER_PID" ] && kill "$BROKER_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
"$IOTLS" pki init "$WORK/pki" >/dev/null 2>&1 || { echo "startup-bench: iotls pki init failed" >&2; exit 100; }
if id mosquitto >/dev/null 2>&1; then chgrp mosquitto "$WORK"/pki/*.key && chmod 640 "$WORK"/pki/*.key; fi
chmod 755 "$WORK" "$WORK/pki"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
printf 'listener %s 127.0.0.1\nallow_anonymous true\ncafile %s\ncertfile %s\nkeyfile %s\n' "$PORT" \
  "$WORK/pki/ca.crt" "$WORK/pki/server.crt" "$WORK/pki/server.key" > "$WORK/mosquitto.conf"
mosquitto -c "$WORK/mosquitto.conf" > "$WORK/broker.log" 2>&1 &
BROKER_PID=$!
for _ in $(seq 1 50); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.1; done

# run NAME COMMAND...: N runs, one line each in $WORK/NAME: wall user system maxrss_kb exit
run() {
  local name=$1; shift
  "$@" >/dev/null 2>&1 # a first run outside the count: disk caches, and iotls' launcher building its jars once
  for _ in $(seq 1 "$N"); do
    /usr/bin/time -f '%e %U %S %M %x' -o "$WORK/t" "$@" >/dev/null 2>&1
    cat "$WORK/t" >> "$WORK/$name"
  done
}
ARGS=(-h localhost -p "$PORT" --cafile "$WORK/pki/ca.crt" -t startup/test -m x -q 1)
run mosquitto_pub mosquitto_pub "${ARGS[@]}"
run iotls "$IOTLS" pub "${ARGS[@]}"

python3 - "$WORK" "$N" <<'EOF'
import statistics, sys
work, n = sys.argv[1], int(sys.argv[2])
def load(name):
    rows = [list(map(float, l.split())) for l in open(f"{work}/{name}") if l.strip()]
    failed = sum(1 for r in rows if r[4] != 0)
    med = lambda i: statistics.median(r[i] for r in rows)
    return {"wall": med(0), "cpu": statistics.median(r[1] + r[2] for r in rows), "rss": med(3) / 1024, "failed": failed}
m, i = load("mosquitto_pub"), load("iotls")
print(f"one QoS 1 publish over TLS 1.3 to a local mosquitto, median of {n} runs each")
print(f"| client | wall (s) | CPU user+sys (s) | peak memory (MB) | failed runs |")
print(f"|---|---:|---:|---:|---:|")
for name, r in (("mosquitto_pub", m), ("iotls pub", i)):
    print(f"| {name} | {r['wall']:.2f} | {r['cpu']:.2f} | {r['rss']:.1f} | {r['failed']} |")
ratio = lambda a, b: f"{a / b:.0f}x" if b > 0 else "n/a (below the timer's 10 ms)"
print(f"| iotls / mosquitto_pub | {ratio(i['wall'], m['wall'])} | {ratio(i['cpu'], m['cpu'])} | {ratio(i['rss'], m['rss'])} | |")
EOF
