# Helpers for scripts/record/record-all.sh (sourced, not run).
# Every process started here is remembered by pid and ended by pid; nothing is killed by name.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
REC="$ROOT/scripts/record"
OUT="$ROOT/test/captures"
PKI="$OUT/pki"
export TZ=UTC

BG_PIDS=()
WORK=""
TCPDUMP_PID=""
DUMPCAP_PID=""

log() { printf '%s\n' "$*" >&2; }
die() { log "record: $*"; exit 1; }

make_work() {
  WORK="$(mktemp -d /tmp/tlslens-record.XXXXXX)"
}

cleanup() {
  local p
  [[ -n "$TCPDUMP_PID" ]] && kill -INT "$TCPDUMP_PID" 2>/dev/null && wait "$TCPDUMP_PID" 2>/dev/null
  [[ -n "$DUMPCAP_PID" ]] && kill -INT "$DUMPCAP_PID" 2>/dev/null && wait "$DUMPCAP_PID" 2>/dev/null
  for p in "${BG_PIDS[@]}"; do
    kill -TERM "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  BG_PIDS=()
  [[ -n "$WORK" && -d "$WORK" ]] && rm -rf "$WORK"
}

# is_listening PROTO PORT [ADDR] -> true when something listens (tcp) or is bound (udp) there.
is_listening() {
  local proto=$1 port=$2 opt
  [[ $proto == udp ]] && opt=-Hlun || opt=-Hltn
  ss $opt "( sport = :$port )" | grep -q .
}

# bg_start NAME CMD...: run a server in the background (cwd $WORK/www), log in $WORK/NAME.log.
bg_start() {
  local name=$1; shift
  (cd "$WORK/www" && exec "$@") >"$WORK/$name.log" 2>&1 &
  LAST_PID=$!
  BG_PIDS+=("$LAST_PID")
}

# bg_stop PID: SIGTERM, then wait for it.
bg_stop() {
  local pid=$1 p keep=()
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for p in "${BG_PIDS[@]}"; do [[ $p != "$pid" ]] && keep+=("$p"); done
  BG_PIDS=("${keep[@]}")
}

# wait_listen PROTO PORT: wait (without sending a packet) until a server is ready.
wait_listen() {
  local i
  for i in $(seq 1 100); do
    is_listening "$1" "$2" && return 0
    sleep 0.1
  done
  die "nothing listens on $1 port $2; server log: $(cat "$WORK"/*.log 2>/dev/null | tail -5)"
}

require_free() {
  is_listening "$1" "$2" && die "$1 port $2 is already in use on this machine; stop that first"
  return 0
}

# cap_start FILE IFACE FILTER [tcpdump options...]: start tcpdump and wait until it listens.
# --immediate-mode: without it libpcap's TPACKET_V3 ring hands packets over only when a block
# fills or its 1 s timeout expires, and a SIGINT soon after a short exchange loses them
# ("0 packets captured, 32 packets received by filter"). -Z root: keep the file root's (Debian's
# tcpdump otherwise drops to the tcpdump user, which may not write here).
cap_start() {
  local file=$1 iface=$2 filter=$3; shift 3
  rm -f "$file"
  tcpdump -i "$iface" --immediate-mode -U -Z root "$@" -w "$file" "$filter" 2>"$WORK/tcpdump.err" &
  TCPDUMP_PID=$!
  local i
  for i in $(seq 1 100); do
    grep -q 'listening on' "$WORK/tcpdump.err" 2>/dev/null && break
    sleep 0.1
  done
  grep -q 'listening on' "$WORK/tcpdump.err" || die "tcpdump did not start: $(cat "$WORK/tcpdump.err")"
  sleep 0.5
}

# cap_stop: give the last packets a moment, then SIGINT tcpdump by pid and wait for it.
cap_stop() {
  sleep 0.7
  kill -INT "$TCPDUMP_PID"
  wait "$TCPDUMP_PID" || true
  TCPDUMP_PID=""
  log "  tcpdump: $(grep -E 'packets captured' "$WORK/tcpdump.err")"
}

# dumpcap_start FILE IFACE FILTER: the same with Wireshark's dumpcap, which writes pcapng.
dumpcap_start() {
  local file=$1 iface=$2 filter=$3
  rm -f "$file"
  dumpcap -q -i "$iface" -f "$filter" -w "$file" 2>"$WORK/dumpcap.err" &
  DUMPCAP_PID=$!
  local i
  for i in $(seq 1 100); do
    [[ -s "$file" ]] && break
    sleep 0.1
  done
  [[ -s "$file" ]] || die "dumpcap did not start: $(cat "$WORK/dumpcap.err")"
  sleep 0.5
}

dumpcap_stop() {
  sleep 0.7
  kill -INT "$DUMPCAP_PID"
  wait "$DUMPCAP_PID" || true
  DUMPCAP_PID=""
}

# http_file SRC DEST: the response file for `openssl s_server -HTTP` (headers + body).
http_file() {
  local len
  len=$(wc -c <"$1")
  {
    printf 'HTTP/1.1 200 OK\r\n'
    printf 'Server: openssl-s_server\r\n'
    printf 'Content-Type: text/html; charset=utf-8\r\n'
    printf 'Content-Length: %d\r\n' "$len"
    printf 'Connection: close\r\n'
    printf '\r\n'
    cat "$1"
  } >"$2"
}

# verify NAME FILE KEYS 'display filter'...: each filter must match at least one frame when
# tshark reads FILE with the key log KEYS ('-' for none).
verify() {
  local name=$1 file=$2 keys=$3; shift 3
  local opts=() f n
  [[ $keys != - ]] && opts=(-o "tls.keylog_file:$keys")
  for f in "$@"; do
    n=$(tshark -r "$file" "${opts[@]}" -Y "$f" 2>/dev/null | wc -l)
    [[ $n -gt 0 ]] || die "$name: no frame matches '$f'"
  done
  log "  verified: $(printf "'%s' " "$@")"
}

# summary FILE KEYS: one line about the TLS versions and cipher suites tshark sees.
summary() {
  local opts=()
  [[ $2 != - ]] && opts=(-o "tls.keylog_file:$2")
  tshark -r "$1" "${opts[@]}" -Y 'tls.handshake.type==2' -T fields \
    -e tls.handshake.ciphersuite -e tls.handshake.extensions.supported_version 2>/dev/null |
    sort | uniq -c | sed 's/^/  server hello: /' >&2 || true
}

# same_follow A B KEYS: the decrypted application data of every TCP stream is the same in A and B
# (tshark -z follow,tls,ascii; the "Node" lines, which name addresses, are left out).
same_follow() {
  local a=$1 b=$2 keys=$3 s n
  n=$(tshark -r "$a" -T fields -e tcp.stream 2>/dev/null | sort -un | tail -1)
  for s in $(seq 0 "${n:-0}"); do
    cmp -s <(tshark -r "$a" -o "tls.keylog_file:$keys" -q -z "follow,tls,ascii,$s" 2>/dev/null | grep -v '^Node ') \
           <(tshark -r "$b" -o "tls.keylog_file:$keys" -q -z "follow,tls,ascii,$s" 2>/dev/null | grep -v '^Node ') ||
      die "$(basename "$b"): decrypted stream $s differs from $(basename "$a")"
  done
  log "  $(basename "$b"): decrypted streams 0..${n:-0} identical to $(basename "$a")"
}
