#!/usr/bin/env bash
# Writes the oracle goldens for the captures in test/captures/: what tcpdump and tshark print.
#
#   bash scripts/record/make-goldens.sh           every row of the table below
#   bash scripts/record/make-goldens.sh FILE...   only these rows (e.g. wget-tls12.pcap)
#
# test/goldens/tcpdump/FILE.SET.txt      stdout of `TZ=UTC tcpdump -n -r FILE FLAGS` (SET names FLAGS)
# test/goldens/tcpdump/FILE.default.stderr  tcpdump's stderr ("reading from file ...", warnings);
#                                        FILE.SET.stderr only where a set's stderr differs from it
# test/goldens/tshark/FILE.text.txt      packet list, with the key log when the capture has one
# test/goldens/tshark/FILE.text-nokeys.txt     the same without keys
# test/goldens/tshark/FILE.fields.txt    -T fields (FIELDS below), with the key log
# test/goldens/tshark/FILE.fields-nokeys.txt   the same without keys
# test/goldens/tshark/FILE.fields-rsakey.txt   the same decrypting with pki/server.key only
# test/goldens/tshark/FILE.verbose.txt   -V (detail of every frame), with the key log
# FILE keeps its extension (wget-tls12.pcap and wget-tls12.pcapng are different captures).
# test/goldens/README.md explains them; keep it in step with this script.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CAP="$ROOT/test/captures"
GOLD="$ROOT/test/goldens"
export TZ=UTC LC_ALL=C

# tcpdump flag sets: name -> flags (after `tcpdump -n -r FILE`). Names avoid upper case so that
# no two golden files differ only in case.
declare -A TCPDUMP_SETS=(
  [default]=''
  [t]='-t'
  [tt]='-tt'
  [ttt]='-ttt'
  [tttt]='-tttt'
  [ttttt]='-ttttt'
  [tt-v]='-tt -v'
  [e]='-e'
  [hex]='-x'
  [hex-link]='-xx'
  [hex-ascii]='-X'
  [hex-ascii-link]='-XX'
)
BASE='default t tt ttt tttt ttttt tt-v e'
ALL="$BASE hex hex-link hex-ascii hex-ascii-link"

TSHARK_COMMON=(-o tcp.reassemble_out_of_order:TRUE)
FIELDS=(frame.number tcp.stream tls.record.content_type tls.handshake.type tls.record.version
  tls.handshake.version tls.handshake.ciphersuite tls.handshake.extensions_server_name
  tls.handshake.extensions_alpn_str tls.alert_message.desc tls.handshake.ja3 tls.handshake.ja3s
  x509sat.printableString x509ce.dNSName)

# The table: one capture per row.
#   file     a capture in test/captures/
#   keys     its key log in test/captures/, "-" for none, "dsb" when the key log is inside the
#            file (pcapng Decryption Secrets Block: tshark always uses it, so no -nokeys golden)
#   tcpdump  flag sets: ALL, BASE, or set names joined with commas
#   tshark   golden kinds: text, fields, verbose, rsakey (joined with commas)
TABLE='
# file                          keys                            tcpdump  tshark
wget-tls12.pcap                 wget-tls12.keys                 ALL      text,fields,verbose
wget-tls12.pcapng               wget-tls12.keys                 ALL      text,fields
wget-tls12-dsb.pcapng           dsb                             ALL      text,fields
wget-tls12-inet.pcap            wget-tls12-inet.keys            ALL      text,fields,verbose
curl-tls13.pcap                 curl-tls13.keys                 ALL      text,fields,verbose
curl-tls13-dsb.pcapng           dsb                             ALL      text,fields
curl-tls13-ipv6.pcap            curl-tls13-ipv6.keys            ALL      text,fields
curl-tls13-ipv6-inet.pcap       curl-tls13-ipv6-inet.keys       ALL      text,fields
node-h2-1mib.pcap               node-h2-1mib.keys               BASE     text,fields
node-h2-1mib-inet.pcap          node-h2-1mib-inet.keys          BASE     text,fields
any-sll2.pcap                   any-sll2.keys                   ALL      text,fields
any-sll.pcap                    any-sll.keys                    ALL      text,fields
snaplen-96.pcap                 snaplen-96.keys                 ALL      text,fields
dumpcap-tls13-chacha20.pcapng   dumpcap-tls13-chacha20.keys     ALL      text,fields
tls12-ecdsa-nano.pcap           tls12-ecdsa-nano.keys           ALL      text,fields
tls12-chacha20.pcap             tls12-chacha20.keys             ALL      text,fields
tls12-cbc-rsa.pcap              tls12-cbc-rsa.keys              ALL      text,fields,rsakey
tls12-cbc-noetm.pcap            tls12-cbc-noetm.keys            ALL      text,fields
tls12-rsa-gcm.pcap              tls12-rsa-gcm.keys              ALL      text,fields,rsakey
tls12-resume.pcap               tls12-resume.keys               ALL      text,fields
tls13-hrr.pcap                  tls13-hrr.keys                  ALL      text,fields
tls13-resume.pcap               tls13-resume.keys               ALL      text,fields
tls13-0rtt.pcap                 tls13-0rtt.keys                 ALL      text,fields,verbose
tls12-unknown-ca.pcap           -                               ALL      text,fields
tls13-unknown-ca.pcap           tls13-unknown-ca.keys           ALL      text,fields
http-plain.pcap                 -                               ALL      text,fields
dns-udp.pcap                    -                               ALL      text,fields
'

rows() { printf '%s\n' "$TABLE" | grep -v -e '^#' -e '^[[:space:]]*$'; }

# Every capture must have a row, so that a new capture cannot go without goldens.
missing=0
for f in "$CAP"/*.pcap "$CAP"/*.pcapng; do
  b=$(basename "$f")
  rows | awk '{print $1}' | grep -qxF "$b" || { echo "make-goldens: $b has no row in the table" >&2; missing=1; }
done
[[ $missing == 0 ]] || exit 1

mkdir -p "$GOLD/tcpdump" "$GOLD/tshark"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

tcpdump_golden() { # file set
  local file=$1 set=$2 out="$GOLD/tcpdump/$1.$2"
  local -a flags
  read -r -a flags <<<"${TCPDUMP_SETS[$set]}"
  local rc=0
  # Run from test/captures with the bare file name: stderr then says "reading from file FILE, ...".
  (cd "$CAP" && tcpdump -n -r "$file" "${flags[@]}") >"$out.txt" 2>"$TMP/stderr" || rc=$?
  [[ $rc == 0 ]] || echo "exit status $rc" >>"$TMP/stderr"
  if [[ $set == default ]]; then
    cp "$TMP/stderr" "$TMP/stderr.default"
    if [[ -s "$TMP/stderr" ]]; then cp "$TMP/stderr" "$out.stderr"; else rm -f "$out.stderr"; fi
  elif cmp -s "$TMP/stderr" "$TMP/stderr.default"; then
    rm -f "$out.stderr"
  else
    cp "$TMP/stderr" "$out.stderr"
  fi
}

tshark_run() { # out file tshark-options...
  local out=$1 file=$2; shift 2
  (cd "$CAP" && tshark -r "$file" "${TSHARK_COMMON[@]}" "$@") >"$out" 2>/dev/null
}

field_args() { local f; for f in "${FIELDS[@]}"; do printf -- '-e\n%s\n' "$f"; done; }
mapfile -t FIELD_ARGS < <(field_args)

selected=("$@")
while read -r file keys sets kinds; do
  if [[ ${#selected[@]} -gt 0 ]]; then
    printf '%s\n' "${selected[@]}" | grep -qxF "$file" || continue
  fi
  [[ -f "$CAP/$file" ]] || { echo "make-goldens: $file is in the table but not in test/captures" >&2; exit 1; }
  echo "goldens: $file" >&2
  # tcpdump
  [[ $sets == ALL ]] && sets=$ALL
  [[ $sets == BASE ]] && sets=$BASE
  rm -f "$GOLD/tcpdump/$file".*
  for s in default $(printf "%s\n" ${sets//,/ } | grep -vx default); do
    [[ -n ${TCPDUMP_SETS[$s]+x} ]] || { echo "make-goldens: unknown tcpdump set '$s'" >&2; exit 1; }
    tcpdump_golden "$file" "$s"
  done
  # tshark
  rm -f "$GOLD/tshark/$file".*
  withkeys=()
  [[ $keys != - && $keys != dsb ]] && withkeys=(-o "tls.keylog_file:$CAP/$keys")
  for k in ${kinds//,/ }; do
    case $k in
      text)
        tshark_run "$GOLD/tshark/$file.text.txt" "$file" "${withkeys[@]}"
        [[ $keys != - && $keys != dsb ]] && tshark_run "$GOLD/tshark/$file.text-nokeys.txt" "$file"
        ;;
      fields)
        tshark_run "$GOLD/tshark/$file.fields.txt" "$file" "${withkeys[@]}" -T fields -E 'separator=|' "${FIELD_ARGS[@]}"
        [[ $keys != - && $keys != dsb ]] && tshark_run "$GOLD/tshark/$file.fields-nokeys.txt" "$file" -T fields -E 'separator=|' "${FIELD_ARGS[@]}"
        ;;
      rsakey)
        tshark_run "$GOLD/tshark/$file.fields-rsakey.txt" "$file" -o "uat:rsa_keys:\"$CAP/pki/server.key\",\"\"" \
          -T fields -E 'separator=|' "${FIELD_ARGS[@]}"
        ;;
      verbose)
        tshark_run "$GOLD/tshark/$file.verbose.txt" "$file" "${withkeys[@]}" -V
        ;;
      *) echo "make-goldens: unknown tshark kind '$k'" >&2; exit 1 ;;
    esac
  done
done < <(rows)

{
  echo "# Made by scripts/record/make-goldens.sh. Do not edit."
  echo "tcpdump: $(tcpdump --version 2>&1 | head -1) / $(tcpdump --version 2>&1 | sed -n 2p)"
  echo "tshark: $(tshark --version 2>/dev/null | head -1)"
} >"$GOLD/VERSIONS.txt"
echo "goldens: done ($(find "$GOLD/tcpdump" "$GOLD/tshark" -type f | wc -l) files)" >&2
