#!/usr/bin/env bash
# Makes the certificates the TLS tests use, with openssl, in DIR (created if missing):
#   ca.crt/.key           a CA                       other-ca.crt/.key   a second, unrelated CA
#   server.crt/.key       127.0.0.1 and localhost, signed by ca
#   client.crt/.key       SANs DNS:scraper.example, IP:::1, signed by ca
#   stranger.crt/.key     DNS:scraper.example, signed by other-ca (must be refused)
#   nosan.crt/.key        DNS:somebody.else, signed by ca (refused where client_allowed_sans is set)
# RSA 2048, valid two days. Usage: make-test-pki.sh DIR
set -euo pipefail
dir=${1:?usage: make-test-pki.sh DIR}
mkdir -p "$dir"
cd "$dir"
q() { openssl "$@" >/dev/null 2>openssl.err || { cat openssl.err >&2; exit 1; }; }
ca() { q req -x509 -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.crt" -days 2 -subj "/CN=$2"; }
cert() { # name ca subjectAltName
  q req -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "/CN=$1"
  printf 'subjectAltName=%s\n' "$3" > "$1.ext"
  q x509 -req -in "$1.csr" -CA "$2.crt" -CAkey "$2.key" -CAcreateserial -out "$1.crt" -days 2 -extfile "$1.ext"
}
ca ca "container-netstat test CA"
ca other-ca "another CA"
cert server ca "IP:127.0.0.1,DNS:localhost"
cert client ca "DNS:scraper.example,IP:::1"
cert stranger other-ca "DNS:scraper.example"
cert nosan ca "DNS:somebody.else"
rm -f ./*.csr ./*.ext openssl.err
