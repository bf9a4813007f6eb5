#!/usr/bin/env python3
"""A tiny DNS responder and client over UDP, for scripts/record/record-all.sh.

  dns.py server HOST PORT      answers A/AAAA for tlslens.test (127.0.0.1 / ::1), NXDOMAIN otherwise
  dns.py client HOST PORT NAME TYPE...   sends one query per TYPE (A, AAAA), prints the answers

Only the handful of DNS features the test capture needs: one question, no compression in
queries, a compression pointer to the question in answers (as real servers do).
"""
import socket
import struct
import sys

ZONE = {
    ('tlslens.test', 1): [socket.inet_pton(socket.AF_INET, '127.0.0.1')],
    ('tlslens.test', 28): [socket.inet_pton(socket.AF_INET6, '::1')],
}
TYPES = {'A': 1, 'AAAA': 28}


def encode_name(name):
    out = b''
    for label in name.rstrip('.').split('.'):
        out += bytes([len(label)]) + label.encode('ascii')
    return out + b'\x00'


def parse_question(msg):
    pos, labels = 12, []
    while msg[pos]:
        n = msg[pos]
        labels.append(msg[pos + 1:pos + 1 + n].decode('ascii'))
        pos += 1 + n
    qtype, qclass = struct.unpack('!HH', msg[pos + 1:pos + 5])
    return '.'.join(labels).lower(), qtype, qclass, msg[12:pos + 5]


def serve(host, port):
    fam = socket.AF_INET6 if ':' in host else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.bind((host, port))
    while True:
        msg, peer = s.recvfrom(512)
        if len(msg) < 17:
            continue
        qid, flags = struct.unpack('!HH', msg[:4])
        name, qtype, qclass, question = parse_question(msg)
        answers = ZONE.get((name, qtype), [])
        rcode = 0 if answers or any(k[0] == name for k in ZONE) else 3
        rflags = 0x8000 | 0x0400 | (flags & 0x0100) | 0x0080 | rcode  # QR AA RD RA
        out = struct.pack('!HHHHHH', qid, rflags, 1, len(answers), 0, 0) + question
        for rdata in answers:
            out += struct.pack('!HHHIH', 0xC00C, qtype, qclass, 300, len(rdata)) + rdata
        s.sendto(out, peer)


def query(host, port, name, types):
    fam = socket.AF_INET6 if ':' in host else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.settimeout(2)
    for i, t in enumerate(types):
        qid = 0x7100 + i
        msg = struct.pack('!HHHHHH', qid, 0x0100, 1, 0, 0, 0) + encode_name(name) + struct.pack('!HH', TYPES[t], 1)
        s.sendto(msg, (host, port))
        resp, _ = s.recvfrom(512)
        ancount = struct.unpack('!H', resp[6:8])[0]
        print(f'{name} {t}: rcode {resp[3] & 15}, {ancount} answer(s)')


if __name__ == '__main__':
    if sys.argv[1] == 'server':
        serve(sys.argv[2], int(sys.argv[3]))
    else:
        query(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5:])
