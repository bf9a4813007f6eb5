#!/usr/bin/env bash
# Records tlslens's test captures from real traffic on the loopback interface.
#
#   bash scripts/record/record-all.sh            record every capture, then the derived files
#   bash scripts/record/record-all.sh NAME...    record only these (derived files are redone too)
#   bash scripts/record/record-all.sh --list     list the recordings
#   bash scripts/record/record-all.sh --derived  only redo the derived files from what is there
#
# Needs root (tcpdump on lo, servers on ports 53, 80, 443), tcpdump, dumpcap, editcap, tshark,
# openssl, curl, wget, node, python3. Nothing leaves the machine: servers listen on 127.0.0.1
# or ::1 only. Every process is started and stopped by pid.
#
# Output, in test/captures/: NAME.pcap (or .pcapng) and NAME.keys (the key log, NSS format)
# for each recording; pki/ (made once by pki.sh, then reused); derived files (pcapng copies,
# pcapng with the key log embedded, Internet-like variants from derive-internet.ts); and the
# bundled samples in samples/. Afterwards run `npm run goldens` (scripts/record/make-goldens.sh).
#
# Recording is not byte-for-byte reproducible (ports, times, random values and keys change
# every run); what each capture contains is. test/captures/README.md describes them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $(id -u) == 0 ]] || die "run as root (tcpdump on lo, ports below 1024)"
for t in tcpdump dumpcap editcap tshark openssl curl wget node python3 ss; do
  command -v "$t" >/dev/null || die "$t is missing"
done

CA="$PKI/ca.crt"
REQ_HTTP10=$'GET /index.html HTTP/1.0\r\nHost: tlslens.test\r\nUser-Agent: openssl-s_client\r\n\r\n'

# ---------------------------------------------------------------------------------------------
# Servers and clients used by several recordings.

# https_server ACCEPT CERT_NAME OPENSSL_OPTIONS...: `openssl s_server -HTTP` serving index.html
# (with HTTP/1.1 headers) from $WORK/www, sending leaf + root. CERT_NAME is server or server-ec.
# Sets SERVER_PID. The server's own key log goes to $WORK/server.keys (kept for cross-checks).
https_server() {
  local accept=$1 cert=$2; shift 2
  bg_start s_server openssl s_server -accept "$accept" \
    -cert "$PKI/$cert.crt" -key "$PKI/$cert.key" -cert_chain "$CA" \
    -HTTP -keylogfile "$WORK/server.keys" "$@"
  SERVER_PID=$LAST_PID
  wait_listen tcp 443
}

# curl_get URL KEYS CURL_OPTIONS...: curl with SSLKEYLOGFILE, body to $WORK/got.
curl_get() {
  local url=$1 keys=$2; shift 2
  rm -f "$keys" "$WORK/got"
  SSLKEYLOGFILE="$keys" curl -sS --max-time 10 "$@" -o "$WORK/got" "$url"
}

# s_client_get KEYS OPENSSL_OPTIONS...: one HTTP/1.0 request through openssl s_client.
s_client_get() {
  local keys=$1; shift
  printf '%s' "$REQ_HTTP10" |
    timeout 10 openssl s_client -connect 127.0.0.1:443 -servername tlslens.test -CAfile "$CA" \
      -keylogfile "$keys" -ign_eof "$@" >"$WORK/s_client.out" 2>&1
}

same_body() { cmp -s "$WORK/got" "$REC/www/index.html" || die "$1: the body received differs from index.html"; }

lo443() { cap_start "$OUT/$1.pcap" lo 'tcp port 443' "${@:2}"; }

# ---------------------------------------------------------------------------------------------
# The recordings. Each function records test/captures/NAME.pcap(ng) and NAME.keys.

RECORDINGS=(
  wget-tls12 curl-tls13 curl-tls13-ipv6 node-h2-1mib any-sll2 any-sll snaplen-96
  dumpcap-tls13-chacha20 tls12-ecdsa-nano tls12-chacha20 tls12-cbc-rsa tls12-cbc-noetm
  tls12-rsa-gcm tls12-resume tls13-hrr tls13-resume tls13-0rtt tls12-unknown-ca
  tls13-unknown-ca http-plain dns-udp
)

# The origin story: `wget https://...` recorded with `tcpdump -w`. TLS 1.2, ECDHE-RSA-AES128-GCM-SHA256,
# leaf + root chain, session ticket, server close_notify. wget (GnuTLS) honours SSLKEYLOGFILE.
rec_wget-tls12() {
  local n=wget-tls12
  https_server 127.0.0.1:443 server -naccept 1 -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256
  lo443 $n
  rm -f "$OUT/$n.keys"
  SSLKEYLOGFILE="$OUT/$n.keys" wget -q -4 --ca-certificate="$CA" -O "$WORK/got" https://localhost/index.html
  cap_stop; bg_stop "$SERVER_PID"
  same_body $n
  grep -qF "$(cut -d' ' -f2 "$OUT/$n.keys" | head -1)" "$WORK/server.keys" || die "$n: wget's key log does not match the server's"
  verify $n "$OUT/$n.pcap" "$OUT/$n.keys" 'tls.handshake.type==4' 'tls.handshake.certificates_length && x509sat.printableString=="tlslens Test Root CA"' \
    'tls.handshake.type==20' 'http.request.uri=="/index.html"' 'http.response.code==200' 'tls.alert_message.desc==0'
}

# TLS 1.3 with curl (OpenSSL), HTTP/1.1, SNI tlslens.test, two NewSessionTickets.
rec_curl-tls13() {
  local n=curl-tls13
  https_server 127.0.0.1:443 server -naccept 1 -tls1_3
  lo443 $n
  curl_get https://tlslens.test/index.html "$OUT/$n.keys" --http1.1 --cacert "$CA" --resolve tlslens.test:443:127.0.0.1
  cap_stop; bg_stop "$SERVER_PID"
  same_body $n
  verify $n "$OUT/$n.pcap" "$OUT/$n.keys" 'tls.handshake.type==11' 'tls.handshake.type==4' 'http.request' 'http.response.code==200'
}

# The same over IPv6 (::1), TLS_AES_128_GCM_SHA256.
rec_curl-tls13-ipv6() {
  local n=curl-tls13-ipv6
  https_server '[::1]:443' server -naccept 1 -tls1_3 -ciphersuites TLS_AES_128_GCM_SHA256
  lo443 $n
  curl_get https://tlslens.test/index.html "$OUT/$n.keys" -6 --http1.1 --cacert "$CA" --resolve 'tlslens.test:443:[::1]'
  cap_stop; bg_stop "$SERVER_PID"
  same_body $n
  verify $n "$OUT/$n.pcap" "$OUT/$n.keys" 'ipv6 && tls.handshake.type==20' 'http.response.code==200'
}

# Node's http2 server and client: ALPN h2, two streams (GET / and GET /1mib, 1 MiB of text).
rec_node-h2-1mib() {
  local n=node-h2-1mib
  bg_start node-h2 node "$REC/node-h2.mjs" server 127.0.0.1 443 "$PKI/server-chain.pem" "$PKI/server.key"
  local spid=$LAST_PID
  wait_listen tcp 443
  lo443 $n
  node "$REC/node-h2.mjs" client https://localhost:443 "$CA" "$OUT/$n.keys" / /1mib 2>"$WORK/client.log"
  cap_stop; bg_stop "$spid"
  grep -q '/1mib 200 1048576 bytes' "$WORK/client.log" || die "$n: $(cat "$WORK/client.log")"
  verify $n "$OUT/$n.pcap" "$OUT/$n.keys" 'tls.handshake.extensions_alpn_str=="h2"' 'http2.headers.path=="/1mib"' 'http2.type==0 && http2.flags.end_stream==1'
}

# `tcpdump -i any` with link type LINUX_SLL2; TLS 1.2 ECDHE-RSA-AES256-GCM-SHA384 with curl.
rec_any-sll2() {
  local n=any-sll2
  https_server 127.0.0.1:443 server -naccept 1 -tls1_2 -cipher ECDHE-RSA-AES256-GCM-SHA384
  cap_start "$OUT/$n.pcap" any 'tcp port 443' -y LINUX_SLL2
  curl_get https://tlslens.test/index.html "$OUT/$n.keys" --cacert "$CA" --resolve tlslens.test:443:127.0.0.1
  cap_stop; bg_stop "$SERVER_PID"
  same_body $n
  verify $n "$OUT/$n.pcap" "$OUT/$n.keys" 'sll.ifindex' 'tls.handshake.type==20' 'http.response.code==200'
}

# The same with Linux cooked capture v1 (LINUX_SLL, tcpdump's default for -i any); TLS 1.3.
rec_any-sll() {
  local n=any-sll
  https_server 127.0.0.1:443 server -naccept 1 -tls1_3 -ciphersuites TLS_AES_128_GCM_SHA256
  cap_start "$OUT/$n.pcap" any 'tcp port 443' -y LINUX_SLL
  curl_get https://tlslens.test/index.html "$OUT/$n.keys" --http1.1 --cacert "$CA" --resolve tlslens.test:443:127.0.0.1
  cap_stop; bg_stop "$SERVER_PID"
  same_body $n
  verify $n "$OUT/$n.pcap" "$OUT/$n.keys" 'sll.pkttype' 'tls.handshake.type==20' 'http.response.code==200'
}

# Snap length 96: every frame is cut after 96 bytes, so TLS records cannot be read; TLS 1.3.
rec_snaplen-96() {
  local n=snaplen-96
  https_server 127.0.0.1:443 server -naccept 1 -tls1_3
  lo443 $n -s 96
  curl_get https://tlslens.test/index.html "$OUT/$n.keys" --http1.1 --cacert "$CA" --resolve tlslens.test:443:127.0.0.1
  cap_stop; bg_stop "$SERVER_PID"
  same_body $n
  verify $n "$OUT/$n.pcap" - 'frame.cap_len < frame.len' 'tcp.flags.fin==1'
}

# Recorded natively as pcapng by Wireshark's dumpcap (SHB/IDB options, ISB at the end).
# TLS 1.3 TLS_CHACHA20_POLY1305_SHA256, curl.
rec_dumpcap-tls13-chacha20() {
  local n=dumpcap-tls13-chacha20
  https_server 127.0.0.1:443 server -naccept 1 -tls1_3 -ciphersuites TLS_CHACHA20_POLY1305_SHA256
  dumpcap_start "$OUT/$n.pcapng" lo 'tcp port 443'
  curl_get https://tlslens.test/index.html "$OUT/$n.keys" --http1.1 --cacert "$CA" --resolve tlslens.test:443:127.0.0.1
  dumpcap_stop; bg_stop "$SERVER_PID"
  chmod 644 "$OUT/$n.pcapng"
  same_body $n
  verify $n "$OUT/$n.pcapng" "$OUT/$n.keys" 'tls.handshake.ciphersuite==0x1303' 'http.response.code==200'
}

# Nanosecond pcap (magic a1b23c4d); TLS 1.2 ECDHE-ECDSA-AES128-GCM-SHA256 with the ECDSA leaf.
rec_tls12-ecdsa-nano() {
  local n=tls12-ecdsa-nano
  https_server 127.0.0.1:443 server-ec -naccept 1 -tls1_2 -cipher ECDHE-ECDSA-AES128-GCM-SHA256
  lo443 $n --time-stamp-precision=nano
  curl_get https://tlslens.test/index.html "$OUT/$n.keys" --cacert "$CA" --resolve tlslens.test:443:127.0.0.1
  cap_stop; bg_stop "$SERVER_PID"
  same_body $n
  verify $n "$OUT/$n.pcap" "$OUT/$n.keys" 'tls.handshake.ciphersuite==0xc02b' 'http.response.code==200'
}

# TLS 1.2 ECDHE-RSA-CHACHA20-POLY1305.
rec_tls12-chacha20() {
  local n=tls12-chacha20
  https_server 127.0.0.1:443 server -naccept 1 -tls1_2 -cipher ECDHE-RSA-CHACHA20-POLY1305
  lo443 $n
  curl_get https://tlslens.test/index.html "$OUT/$n.keys" --cacert "$CA" --resolve tlslens.test:443:127.0.0.1
  cap_stop; bg_stop "$SERVER_PID"
  same_body $n
  verify $n "$OUT/$n.pcap" "$OUT/$n.keys" 'tls.handshake.ciphersuite==0xcca8' 'http.response.code==200'
}

# TLS 1.2 AES128-SHA: static RSA key exchange, CBC, HMAC-SHA1, encrypt_then_mac negotiated.
# Also decrypts with pki/server.key alone (no key log).
rec_tls12-cbc-rsa() {
  local n=tls12-cbc-rsa
  https_server 127.0.0.1:443 server -naccept 1 -tls1_2 -cipher AES128-SHA
  lo443 $n
  curl_get https://tlslens.test/index.html "$OUT/$n.keys" --cacert "$CA" --resolve tlslens.test:443:127.0.0.1 --ciphers AES128-SHA
  cap_stop; bg_stop "$SERVER_PID"
  same_body $n
  verify $n "$OUT/$n.pcap" "$OUT/$n.keys" 'tls.handshake.ciphersuite==0x002f' 'tls.handshake.extension.type==22' 'http.response.code==200'
}

# TLS 1.2 ECDHE-RSA-AES256-SHA384 (CBC, HMAC-SHA384) without encrypt_then_mac: MAC-then-encrypt.
rec_tls12-cbc-noetm() {
  local n=tls12-cbc-noetm
  https_server 127.0.0.1:443 server -naccept 1 -tls1_2 -cipher ECDHE-RSA-AES256-SHA384
  lo443 $n
  rm -f "$OUT/$n.keys"
  s_client_get "$OUT/$n.keys" -no_etm
  cap_stop; bg_stop "$SERVER_PID"
  grep -q 'Hello from tlslens.test' "$WORK/s_client.out" || die "$n: no page"
  verify $n "$OUT/$n.pcap" "$OUT/$n.keys" 'tls.handshake.ciphersuite==0xc028' 'http.response.code==200'
  [[ $(tshark -r "$OUT/$n.pcap" -Y 'tls.handshake.extension.type==22' 2>/dev/null | wc -l) == 0 ]] || die "$n: encrypt_then_mac was offered"
}

# TLS 1.2 AES128-GCM-SHA256 with static RSA key exchange: decrypts with pki/server.key too.
rec_tls12-rsa-gcm() {
  local n=tls12-rsa-gcm
  https_server 127.0.0.1:443 server -naccept 1 -tls1_2 -cipher AES128-GCM-SHA256
  lo443 $n
  curl_get https://tlslens.test/index.html "$OUT/$n.keys" --cacert "$CA" --resolve tlslens.test:443:127.0.0.1 --ciphers AES128-GCM-SHA256
  cap_stop; bg_stop "$SERVER_PID"
  same_body $n
  verify $n "$OUT/$n.pcap" "$OUT/$n.keys" 'tls.handshake.ciphersuite==0x009c' 'http.response.code==200'
}

# TLS 1.2: a full handshake that receives a session ticket, then a second connection that
# resumes with it (abbreviated handshake: ServerHello, CCS, Finished; no Certificate).
rec_tls12-resume() {
  local n=tls12-resume
  https_server 127.0.0.1:443 server -naccept 2 -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256
  lo443 $n
  rm -f "$OUT/$n.keys"
  s_client_get "$OUT/$n.keys" -sess_out "$WORK/sess.pem"
  sleep 0.3
  s_client_get "$OUT/$n.keys" -sess_in "$WORK/sess.pem"
  cap_stop; bg_stop "$SERVER_PID"
  grep -q '^Reused, TLSv1.2' "$WORK/s_client.out" || die "$n: the second connection did not resume"
  verify $n "$OUT/$n.pcap" "$OUT/$n.keys" 'tcp.stream==1 && tls.handshake.type==2' 'tcp.stream==1 && tls.handshake.type==20' 'tcp.stream==1 && http.response.code==200'
  [[ $(tshark -r "$OUT/$n.pcap" -Y 'tcp.stream==1 && tls.handshake.type==11' 2>/dev/null | wc -l) == 0 ]] || die "$n: no abbreviated handshake"
}

# TLS 1.3 HelloRetryRequest: the client's key share is X25519 only, the server accepts P-256 only.
rec_tls13-hrr() {
  local n=tls13-hrr
  https_server 127.0.0.1:443 server -naccept 1 -tls1_3 -groups P-256
  lo443 $n
  curl_get https://tlslens.test/index.html "$OUT/$n.keys" --http1.1 --cacert "$CA" --resolve tlslens.test:443:127.0.0.1 --curves X25519:P-256
  cap_stop; bg_stop "$SERVER_PID"
  same_body $n
  verify $n "$OUT/$n.pcap" "$OUT/$n.keys" 'tls.handshake.random == cf:21:ad:74:e5:9a:61:11:be:1d:8c:02:1e:65:b8:91:c2:a2:11:16:7a:bb:8c:5e:07:9e:09:e2:c8:a8:33:9c' \
    'tls.handshake.type==20' 'http.response.code==200'
}

# TLS 1.3 resumption: a full handshake keeps a ticket (s_client -sess_out), a second connection
# offers it as a PSK (psk_dhe_ke) and the server accepts: no Certificate in the second handshake.
rec_tls13-resume() {
  local n=tls13-resume
  https_server 127.0.0.1:443 server -naccept 2 -tls1_3
  lo443 $n
  rm -f "$OUT/$n.keys"
  s_client_get "$OUT/$n.keys" -sess_out "$WORK/sess.pem"
  sleep 0.3
  s_client_get "$OUT/$n.keys" -sess_in "$WORK/sess.pem"
  cap_stop; bg_stop "$SERVER_PID"
  grep -q '^Reused, TLSv1.3' "$WORK/s_client.out" || die "$n: the second connection did not resume"
  verify $n "$OUT/$n.pcap" "$OUT/$n.keys" 'tcp.stream==1 && tls.handshake.extension.type==41' 'tcp.stream==1 && tls.handshake.type==20' 'tcp.stream==1 && http.response.code==200'
  [[ $(tshark -r "$OUT/$n.pcap" -o "tls.keylog_file:$OUT/$n.keys" -Y 'tcp.stream==1 && tls.handshake.type==11' 2>/dev/null | wc -l) == 0 ]] || die "$n: no PSK handshake"
}

# TLS 1.3 0-RTT: a first connection gets a ticket allowing early data; the second sends
# "GET /index.html" as early data (accepted), then the server answers with a short response.
# s_server reads early data only in its interactive mode, whose stdin is a FIFO held open here.
rec_tls13-0rtt() {
  local n=tls13-0rtt
  mkfifo "$WORK/s_server.in"
  (cd "$WORK/www" && exec openssl s_server -accept 127.0.0.1:443 \
      -cert "$PKI/server.crt" -key "$PKI/server.key" -cert_chain "$CA" -tls1_3 \
      -early_data -naccept 2 -keylogfile "$WORK/server.keys") <"$WORK/s_server.in" >"$WORK/s_server.log" 2>&1 &
  SERVER_PID=$!
  BG_PIDS+=("$SERVER_PID")
  exec 9>"$WORK/s_server.in"
  wait_listen tcp 443
  lo443 $n
  rm -f "$OUT/$n.keys"
  printf '%s' "$REQ_HTTP10" >"$WORK/early.txt"
  (sleep 1) | timeout 10 openssl s_client -connect 127.0.0.1:443 -servername tlslens.test -CAfile "$CA" \
    -keylogfile "$OUT/$n.keys" -sess_out "$WORK/sess.pem" >"$WORK/c1.out" 2>&1
  (sleep 1.5) | timeout 10 openssl s_client -connect 127.0.0.1:443 -servername tlslens.test -CAfile "$CA" \
    -keylogfile "$OUT/$n.keys" -sess_in "$WORK/sess.pem" -early_data "$WORK/early.txt" >"$WORK/c2.out" 2>&1 &
  local cpid=$!
  sleep 0.7
  printf 'HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 24\r\n\r\nHello from 0-RTT land.\r\n' >&9
  wait "$cpid" || true
  cap_stop
  exec 9>&-
  wait "$SERVER_PID" 2>/dev/null || true
  BG_PIDS=()
  grep -q 'Early data was accepted' "$WORK/c2.out" || die "$n: early data not accepted: $(tail -3 "$WORK/c2.out")"
  grep -q 'Hello from 0-RTT land' "$WORK/c2.out" || die "$n: no response"
  verify $n "$OUT/$n.pcap" "$OUT/$n.keys" 'tls.handshake.extension.type==42' 'tcp.stream==1 && http.request' 'tcp.stream==1 && http.response.code==200'
}

# A failed TLS 1.2 handshake: curl does not trust the test root and sends alert unknown_ca
# (in the clear: the handshake never reached ChangeCipherSpec). No key log: no secrets exist.
rec_tls12-unknown-ca() {
  local n=tls12-unknown-ca
  https_server 127.0.0.1:443 server -naccept 1 -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256
  lo443 $n
  curl_get https://tlslens.test/index.html "$WORK/unused.keys" --cacert "$PKI/server-ec.crt" --resolve tlslens.test:443:127.0.0.1 2>"$WORK/curl.err" && die "$n: curl accepted the certificate"
  cap_stop; bg_stop "$SERVER_PID"
  rm -f "$OUT/$n.keys"
  verify $n "$OUT/$n.pcap" - 'tls.alert_message.desc==48'
}

# The same in TLS 1.3. OpenSSL sends the alert before it switches its write side to the handshake
# keys, so the alert is in the clear here too; the key log holds only SERVER_HANDSHAKE_TRAFFIC_SECRET
# (enough to decrypt the server's EncryptedExtensions, Certificate, CertificateVerify, Finished).
rec_tls13-unknown-ca() {
  local n=tls13-unknown-ca
  https_server 127.0.0.1:443 server -naccept 1 -tls1_3
  lo443 $n
  curl_get https://tlslens.test/index.html "$OUT/$n.keys" --http1.1 --cacert "$PKI/server-ec.crt" --resolve tlslens.test:443:127.0.0.1 2>"$WORK/curl.err" && die "$n: curl accepted the certificate"
  cap_stop; bg_stop "$SERVER_PID"
  verify $n "$OUT/$n.pcap" "$OUT/$n.keys" 'tls.alert_message.desc==48' 'tls.handshake.type==11'
}

# Plain HTTP on port 80 (python3 -m http.server, wget): tcpdump prints "HTTP: GET ...".
rec_http-plain() {
  local n=http-plain
  require_free tcp 80
  mkdir -p "$WORK/plain"
  cp "$REC/www/index.html" "$WORK/plain/index.html"
  bg_start http python3 -m http.server 80 --bind 127.0.0.1 --directory "$WORK/plain"
  local spid=$LAST_PID
  wait_listen tcp 80
  cap_start "$OUT/$n.pcap" lo 'tcp port 80'
  wget -q -4 -O "$WORK/got" http://localhost/index.html
  cap_stop; bg_stop "$spid"
  same_body $n
  rm -f "$OUT/$n.keys"
  verify $n "$OUT/$n.pcap" - 'http.request.method=="GET"' 'http.response.code==200'
}

# DNS over UDP port 53: A and AAAA queries for tlslens.test and their answers (scripts/record/dns.py).
rec_dns-udp() {
  local n=dns-udp
  require_free udp 53
  bg_start dns python3 "$REC/dns.py" server 127.0.0.1 53
  local spid=$LAST_PID
  wait_listen udp 53
  cap_start "$OUT/$n.pcap" lo 'udp port 53'
  python3 "$REC/dns.py" client 127.0.0.1 53 tlslens.test A AAAA >"$WORK/dns.out"
  cap_stop; bg_stop "$spid"
  rm -f "$OUT/$n.keys"
  verify $n "$OUT/$n.pcap" - 'dns.a==127.0.0.1' 'dns.aaaa==::1'
}

# ---------------------------------------------------------------------------------------------
# Derived files: reproducible from the recordings above.

derive() {
  local f
  log "derived files"
  # pcapng copies (editcap writes SHB + IDB + EPBs) and pcapng with the key log as a DSB.
  if [[ -f "$OUT/wget-tls12.pcap" ]]; then
    editcap -F pcapng "$OUT/wget-tls12.pcap" "$OUT/wget-tls12.pcapng"
    editcap -F pcapng --inject-secrets "tls,$OUT/wget-tls12.keys" "$OUT/wget-tls12.pcap" "$OUT/wget-tls12-dsb.pcapng"
    verify wget-tls12-dsb "$OUT/wget-tls12-dsb.pcapng" - 'tls.handshake.type==20' 'http.response.code==200'
  fi
  if [[ -f "$OUT/curl-tls13.pcap" ]]; then
    editcap -F pcapng --inject-secrets "tls,$OUT/curl-tls13.keys" "$OUT/curl-tls13.pcap" "$OUT/curl-tls13-dsb.pcapng"
    verify curl-tls13-dsb "$OUT/curl-tls13-dsb.pcapng" - 'tls.handshake.type==20' 'http.response.code==200'
  fi
  # Internet-like variants: documentation addresses, Ethernet, MSS 1460, RTT.
  for f in wget-tls12 node-h2-1mib curl-tls13-ipv6; do
    [[ -f "$OUT/$f.pcap" ]] || continue
    (cd "$ROOT" && npx --no-install tsx scripts/record/derive-internet.ts "$OUT/$f.pcap" "$OUT/$f-inet.pcap")
    cp "$OUT/$f.keys" "$OUT/$f-inet.keys"
    same_follow "$OUT/$f.pcap" "$OUT/$f-inet.pcap" "$OUT/$f.keys"
  done
  [[ -f "$OUT/wget-tls12-inet.pcap" ]] && verify wget-tls12-inet "$OUT/wget-tls12-inet.pcap" "$OUT/wget-tls12-inet.keys" 'tls.handshake.type==20' 'http.response.code==200'
  [[ -f "$OUT/node-h2-1mib-inet.pcap" ]] && verify node-h2-1mib-inet "$OUT/node-h2-1mib-inet.pcap" "$OUT/node-h2-1mib-inet.keys" 'http2.headers.path=="/1mib"' 'http2.type==0 && http2.flags.end_stream==1'
  [[ -f "$OUT/curl-tls13-ipv6-inet.pcap" ]] && verify curl-tls13-ipv6-inet "$OUT/curl-tls13-ipv6-inet.pcap" "$OUT/curl-tls13-ipv6-inet.keys" 'tls.handshake.type==20' 'http.response.code==200'
  # The bundled samples (README's first command, `tlslens demo`).
  mkdir -p "$ROOT/samples"
  for f in wget-tls12 curl-tls13; do
    [[ -f "$OUT/$f.pcap" ]] || continue
    cp "$OUT/$f.pcap" "$ROOT/samples/$f.pcap"
    cp "$OUT/$f.keys" "$ROOT/samples/$f.keys"
  done
}

# ---------------------------------------------------------------------------------------------

case "${1:-}" in
  --list) printf '%s\n' "${RECORDINGS[@]}"; exit 0 ;;
  --derived) derive; exit 0 ;;
esac

selected=("$@")
[[ ${#selected[@]} == 0 ]] && selected=("${RECORDINGS[@]}")
for s in "${selected[@]}"; do
  declare -F "rec_$s" >/dev/null || die "unknown recording '$s' (see --list)"
done

bash "$REC/pki.sh"
mkdir -p "$OUT"
trap cleanup EXIT
for s in "${selected[@]}"; do
  make_work
  mkdir -p "$WORK/www"
  http_file "$REC/www/index.html" "$WORK/www/index.html"
  log "recording $s"
  [[ $s == http-plain || $s == dns-udp ]] || require_free tcp 443
  "rec_$s"
  f="$OUT/$s.pcap"; [[ -f $f ]] || f="$OUT/$s.pcapng"
  k="$OUT/$s.keys"; [[ -f $k ]] || k=-
  summary "$f" "$k"
  cleanup
done
derive
log "done; now run: npm run goldens"
