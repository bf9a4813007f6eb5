#!/usr/bin/env bash
# Creates tlslens's test PKI in test/captures/pki/ unless it is already there.
#   ca.key/ca.crt               root CA (RSA 2048), "tlslens Test Root CA"
#   server.key/server.crt       leaf (RSA 2048) for tlslens.test, localhost, 127.0.0.1, ::1
#   server-chain.pem            leaf + root: the chain the servers send
#   server-ec.key/.crt/-chain   same names, ECDSA P-256 leaf (for ECDHE-ECDSA suites)
# The keys are test material and are committed, so the recorded captures keep matching them
# (static-RSA captures decrypt with server.key). Pass --force to make a new PKI; every
# capture must then be recorded again.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$ROOT/test/captures/pki"
CNF="$ROOT/scripts/record/pki.cnf"

if [[ "${1:-}" != "--force" && -s "$OUT/ca.crt" && -s "$OUT/server.crt" && -s "$OUT/server-ec.crt" ]]; then
  exit 0
fi
mkdir -p "$OUT"
PKI_WORK="$(mktemp -d)"
export PKI_WORK
trap 'rm -rf "$PKI_WORK"' EXIT
mkdir -p "$PKI_WORK/newcerts"
: > "$PKI_WORK/index.txt"

# Fixed validity windows so analysis output does not depend on the day the PKI was made.
ROOT_START=20260101000000Z ROOT_END=20460101000000Z
LEAF_START=20260101000000Z LEAF_END=20280101000000Z

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$OUT/ca.key" 2>/dev/null
openssl req -new -config "$CNF" -key "$OUT/ca.key" \
  -subj "/C=CN/O=tlslens test/CN=tlslens Test Root CA" -out "$PKI_WORK/ca.csr"
echo 01 > "$PKI_WORK/serial"
openssl ca -batch -notext -config "$CNF" -selfsign -keyfile "$OUT/ca.key" \
  -startdate "$ROOT_START" -enddate "$ROOT_END" -extensions v3_root \
  -in "$PKI_WORK/ca.csr" -out "$OUT/ca.crt" 2>/dev/null

issue() { # name keyfile extensions serial
  openssl req -new -config "$CNF" -key "$2" \
    -subj "/C=CN/ST=Beijing/L=Beijing/O=tlslens test/CN=tlslens.test" -out "$PKI_WORK/$1.csr"
  echo "$4" > "$PKI_WORK/serial"
  openssl ca -batch -notext -config "$CNF" -cert "$OUT/ca.crt" -keyfile "$OUT/ca.key" \
    -startdate "$LEAF_START" -enddate "$LEAF_END" -extensions "$3" \
    -in "$PKI_WORK/$1.csr" -out "$OUT/$1.crt" 2>/dev/null
  cat "$OUT/$1.crt" "$OUT/ca.crt" > "$OUT/$1-chain.pem"
}

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$OUT/server.key" 2>/dev/null
issue server "$OUT/server.key" v3_server 1001
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$OUT/server-ec.key" 2>/dev/null
issue server-ec "$OUT/server-ec.key" v3_server_ec 1002

openssl verify -CAfile "$OUT/ca.crt" "$OUT/server.crt" "$OUT/server-ec.crt" >/dev/null
echo "pki: new test PKI in $OUT" >&2
