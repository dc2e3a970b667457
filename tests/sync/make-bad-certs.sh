#!/bin/bash
# make-bad-certs.sh DIR
#
# Certificates a client must refuse, signed by the CA that make-certs.sh
# left in DIR (ca.pem, ca.key):
#   DIR/other-name.pem/.key   valid, but made for other.example, not localhost
#   DIR/expired.pem/.key      for localhost, valid in January 2020 only
# and a second CA the server does not use:
#   DIR/other-ca.pem
set -euo pipefail
dir=${1:?usage: make-bad-certs.sh DIR}
cd "$dir"

openssl req -newkey rsa:2048 -nodes -subj "/CN=other.example" -keyout other-name.key \
  -out other-name.csr 2>/dev/null
printf "subjectAltName=DNS:other.example\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n" > other.cnf
openssl x509 -req -in other-name.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
  -extfile other.cnf -out other-name.pem 2>/dev/null

# openssl x509 cannot date a certificate in the past; openssl ca can.
mkdir -p ca-db
: > ca-db/index.txt
echo 1000 > ca-db/serial
cat > ca.cnf <<CNF
[ ca ]
default_ca = test
[ test ]
dir = ca-db
database = ca-db/index.txt
serial = ca-db/serial
new_certs_dir = ca-db
default_md = sha256
policy = any
copy_extensions = none
x509_extensions = ext
[ any ]
commonName = supplied
[ ext ]
subjectAltName = DNS:localhost,IP:127.0.0.1
basicConstraints = CA:FALSE
extendedKeyUsage = serverAuth
CNF
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout expired.key -out expired.csr 2>/dev/null
openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -in expired.csr -out expired.pem \
  -startdate 20200101000000Z -enddate 20200102000000Z -notext 2>/dev/null

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Some Other CA" \
  -keyout other-ca.key -out other-ca.pem 2>/dev/null

rm -rf other-name.csr other.cnf expired.csr ca.cnf ca-db ca.srl
chmod 600 *.key
