#!/usr/bin/env bash
# Runs the same commands with mosquitto_pub / mosquitto_sub and with iotls pub / sub against a local Debian mosquitto
# (plain, TLS, TLS with client certificates and a CRL, a password file) and prints, per case, both exit codes and
# whether they agree; then a few commands whose output is compared (sub -F, -L, -N, -T, --retained-only; the packet lines
# of pub -d). Needs the Debian packages mosquitto and mosquitto-clients. Usage: scripts/mosquitto-compat.sh
# Exit status: the number of cases whose exit codes or output differ (0: all agree).
set -u
cd "$(dirname "$0")/.."
IOTLS="$PWD/iotls"
for tool in mosquitto mosquitto_pub mosquitto_sub; do
  command -v "$tool" >/dev/null || { echo "mosquitto-compat: $tool is missing (apt-get install mosquitto mosquitto-clients)" >&2; exit 100; }
done
WORK=$(mktemp -d /tmp/iotls-compat.XXXXXX)
BROKER_PID=""
cleanup() { [ -n "$BROKER_PID" ] && kill "$BROKER_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

"$IOTLS" pki init "$WORK/pki" >/dev/null 2>&1 || { echo "mosquitto-compat: iotls pki init failed" >&2; exit 100; }
"$IOTLS" pki client "$WORK/pki" revoked >/dev/null 2>&1
"$IOTLS" pki revoke "$WORK/pki" "$WORK/pki/revoked.crt" >/dev/null 2>&1
if id mosquitto >/dev/null 2>&1; then chgrp mosquitto "$WORK"/pki/*.key && chmod 640 "$WORK"/pki/*.key; fi
chmod 755 "$WORK" "$WORK/pki"
P=$WORK/pki
PLAIN=$(free_port); TLS=$(free_port); MTLS=$(free_port); AUTH=$(free_port)
mosquitto_passwd -b -c "$WORK/passwords" device right-password >/dev/null 2>&1
[ -n "$(id -u mosquitto 2>/dev/null)" ] && chgrp mosquitto "$WORK/passwords" && chmod 640 "$WORK/passwords"
cat > "$WORK/mosquitto.conf" <<EOF
per_listener_settings true
listener $PLAIN 127.0.0.1
allow_anonymous true
listener $TLS
allow_anonymous true
cafile $P/ca.crt
certfile $P/server.crt
keyfile $P/server.key
listener $MTLS
allow_anonymous true
cafile $P/ca.crt
certfile $P/server.crt
keyfile $P/server.key
require_certificate true
crlfile $P/crl.pem
listener $AUTH 127.0.0.1
allow_anonymous false
password_file $WORK/passwords
EOF
mosquitto -c "$WORK/mosquitto.conf" > "$WORK/broker.log" 2>&1 &
BROKER_PID=$!
for _ in $(seq 1 50); do
  (exec 3<>/dev/tcp/127.0.0.1/$AUTH) 2>/dev/null && break
  sleep 0.1
done

differ=0
printf '%-58s %9s %6s  %s\n' "case" "mosquitto" "iotls" "same"
# case_ NAME TOOL ARGS... : runs "iotls TOOL ARGS" once and "mosquitto_TOOL ARGS" up to eight times, until it gives
# iotls' code (its code for a TLS failure depends on timing: 1 when the handshake fails inside its connect call, 7 or 8
# when it fails in its network loop), each bounded to 10 s; the same when iotls' code is one of mosquitto's.
ON_PURPOSE=""
case_() {
  local name=$1 tool=$2; shift 2
  timeout 10 "$IOTLS" "$tool" "$@" >"$WORK/i.out" 2>&1 </dev/null; local i=$?
  local codes="" m
  for _ in 1 2 3 4 5 6 7 8; do
    timeout 10 "mosquitto_$tool" "$@" >"$WORK/m.out" 2>&1 </dev/null; m=$?
    case "/$codes/" in *"/$m/"*) ;; *) codes="${codes:+$codes/}$m" ;; esac
    [ "$m" = "$i" ] && break
  done
  local same=yes
  case "/$codes/" in
    *"/$i/"*) ;;
    *) if [ -n "$ON_PURPOSE" ]; then same="no, on purpose: $ON_PURPOSE"; else same=NO; differ=$((differ + 1)); fi ;;
  esac
  printf '%-58s %9s %6s  %s\n' "$name" "$codes" "$i" "$same"
  ON_PURPOSE=""
}
CLOSED=$(free_port)
case_ "publish, plain" pub -h 127.0.0.1 -p "$PLAIN" -t t -m x
case_ "publish QoS 1, MQTT 5" pub -h 127.0.0.1 -p "$PLAIN" -t t -m x -q 1 -V 5
case_ "publish QoS 2, MQTT 3.1.1" pub -h 127.0.0.1 -p "$PLAIN" -t t -m x -q 2 -V mqttv311
case_ "publish a file (-f)" pub -h 127.0.0.1 -p "$PLAIN" -t t -f "$P/ca.crt"
case_ "publish a missing file (-f)" pub -h 127.0.0.1 -p "$PLAIN" -t t -f "$WORK/none"
case_ "publish an empty message (-n)" pub -h 127.0.0.1 -p "$PLAIN" -t t -n
case_ "repeated message (--repeat 2 --repeat-delay 0.1)" pub -h 127.0.0.1 -p "$PLAIN" -t t2 -m x --repeat 2 --repeat-delay 0.1
case_ "retained message (-r)" pub -h 127.0.0.1 -p "$PLAIN" -t t -m x -r
case_ "no topic" pub -h 127.0.0.1 -p "$PLAIN" -m x
case_ "no message" pub -h 127.0.0.1 -p "$PLAIN" -t t
case_ "unknown option" pub -h 127.0.0.1 -p "$PLAIN" -t t -m x --no-such-option
case_ "QoS 3" pub -h 127.0.0.1 -p "$PLAIN" -t t -m x -q 3
case_ "wildcard in a publish topic" pub -h 127.0.0.1 -p "$PLAIN" -t 'a/#' -m x
case_ "closed port" pub -h 127.0.0.1 -p "$CLOSED" -t t -m x
case_ "unknown host" pub -h no-such-host.invalid -t t -m x
case_ "wrong password" pub -h 127.0.0.1 -p "$AUTH" -t t -m x -u device -P wrong
case_ "right password" pub -h 127.0.0.1 -p "$AUTH" -t t -m x -u device -P right-password
case_ "no password where one is needed, MQTT 5" pub -h 127.0.0.1 -p "$AUTH" -t t -m x -V 5
case_ "TLS, server authentication" pub -h localhost -p "$TLS" --cafile "$P/ca.crt" -t t -m x
ON_PURPOSE="iotls needs no c_rehash names"
case_ "TLS, CA path" pub -h localhost -p "$TLS" --capath "$P" -t t -m x
case_ "TLS, a CA file without the broker's CA (untrusted)" pub -h localhost -p "$TLS" --cafile "$P/selfsigned-client.crt" -t t -m x
ON_PURPOSE="an intermediate is an anchor, as in Go and the JDK"
case_ "TLS, CA file holding the intermediate only" pub -h localhost -p "$TLS" --cafile "$P/intermediate.crt" -t t -m x
case_ "TLS, name not in the certificate" pub -h 127.0.0.2 -p "$TLS" --cafile "$P/ca.crt" -t t -m x
case_ "TLS, --insecure and a name not in it" pub -h 127.0.0.2 -p "$TLS" --cafile "$P/ca.crt" --insecure -t t -m x
case_ "TLS to a plain port" pub -h 127.0.0.1 -p "$PLAIN" --cafile "$P/ca.crt" -t t -m x
case_ "TLS, client certificate" pub -h localhost -p "$MTLS" --cafile "$P/ca.crt" --cert "$P/client.crt" --key "$P/client.key" -t t -m x
case_ "TLS, client certificate required, none given" pub -h localhost -p "$MTLS" --cafile "$P/ca.crt" -t t -m x
case_ "TLS, revoked client certificate" pub -h localhost -p "$MTLS" --cafile "$P/ca.crt" --cert "$P/revoked.crt" --key "$P/revoked.key" -t t -m x
case_ "TLS, key of another certificate" pub -h localhost -p "$MTLS" --cafile "$P/ca.crt" --cert "$P/client.crt" --key "$P/server.key" -t t -m x
case_ "TLS, --cert without --key" pub -h localhost -p "$MTLS" --cafile "$P/ca.crt" --cert "$P/client.crt" -t t -m x
case_ "TLS, an OpenSSL engine iotls does not have (--tls-engine)" pub -h localhost -p "$MTLS" --cafile "$P/ca.crt" --tls-engine no-such-engine --keyform engine --key 0x81000001 -t t -m x
case_ "TLS, --keyform der (neither pem nor engine)" pub -h localhost -p "$MTLS" --cafile "$P/ca.crt" --cert "$P/client.crt" --key "$P/client.key" --keyform der -t t -m x
case_ "TLS 1.3 only (--tls-version)" pub -h localhost -p "$TLS" --cafile "$P/ca.crt" --tls-version tlsv1.3 -t t -m x
case_ "subscribe, one message, retained (-C 1)" sub -h 127.0.0.1 -p "$PLAIN" -t t -C 1
case_ "subscribe, nothing comes (-W 1)" sub -h 127.0.0.1 -p "$PLAIN" -t nothing/here -C 1 -W 1
case_ "subscribe, no topic" sub -h 127.0.0.1 -p "$PLAIN" -C 1
case_ "subscribe, wrong password" sub -h 127.0.0.1 -p "$AUTH" -t t -u device -P wrong -C 1
case_ "subscribe over TLS (-C 1)" sub -h localhost -p "$TLS" --cafile "$P/ca.crt" -t t -C 1

# output_ NAME TOOL ARGS...: runs both once and compares what they print on standard output (with PACKETS=1 only the
# "Client ..." packet lines of -d), after the exit codes above: the same outcome, not only the same code.
output_() {
  local name=$1 tool=$2; shift 2
  timeout 10 "mosquitto_$tool" "$@" >"$WORK/m.out" 2>"$WORK/m.err" </dev/null
  timeout 10 "$IOTLS" "$tool" "$@" >"$WORK/i.out" 2>"$WORK/i.err" </dev/null
  if [ -n "${PACKETS:-}" ]; then grep '^Client ' "$WORK/m.out" > "$WORK/m.cmp"; grep '^Client ' "$WORK/i.out" > "$WORK/i.cmp"
  else cp "$WORK/m.out" "$WORK/m.cmp"; cp "$WORK/i.out" "$WORK/i.cmp"; fi
  local same=yes
  if ! cmp -s "$WORK/m.cmp" "$WORK/i.cmp" || [ ! -s "$WORK/m.cmp" ]; then same=NO; differ=$((differ + 1)); fi
  printf '%-58s %16s  %s\n' "$name" "same output:" "$same"
  [ "$same" = NO ] && diff "$WORK/m.cmp" "$WORK/i.cmp" | head -5
  PACKETS=""
}
echo
mosquitto_pub -h 127.0.0.1 -p "$PLAIN" -t props/t -m '{"v": [1, 2]}' -r -V 5 -D publish content-type application/json \
  -D publish response-topic reply/here -D publish user-property site north >/dev/null 2>&1
output_ "sub -F with most specifiers" sub -h 127.0.0.1 -p "$PLAIN" -t props/t -C 1 -V 5 -F '%t|%p|%l|%q|%r|%x|%X|%C|%R|%P|%10t|%-6l|%%'
output_ "sub -L mqtt://host:port/topic -v" sub -L "mqtt://127.0.0.1:$PLAIN/props/t" -C 1 -v
output_ "sub -N -F '[%t]'" sub -h 127.0.0.1 -p "$PLAIN" -t props/t -C 1 -N -F '[%t]'
output_ "sub --retained-only -T filters out" sub -h 127.0.0.1 -p "$PLAIN" -t '#' -T props/# -T 't2' --retained-only -W 2 -v
PACKETS=1 output_ "pub -d, QoS 1, MQTT 5: the packet lines" pub -h 127.0.0.1 -p "$PLAIN" -t t -m x -q 1 -V 5 -d -i compat
PACKETS=1 output_ "pub -d, QoS 2, MQTT 3.1: the packet lines" pub -h 127.0.0.1 -p "$PLAIN" -t t -m x -q 2 -V mqttv31 -d -i compat
echo
echo "$differ case(s) with different exit codes or output (not counting those marked on purpose)"
exit "$differ"
