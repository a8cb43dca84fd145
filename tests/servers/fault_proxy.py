#!/usr/bin/env python3
"""A fault-injecting HTTP/1.1 reverse proxy for the integration tests, in front of a local S3 server.

FaultProxy listens on a free 127.0.0.1 port and forwards every request to the upstream endpoint
(keep-alive on both sides: one upstream connection per client connection). The Host header and the
body go through unchanged, so a client that signs for the proxy's host:port stays valid for a server
that checks signatures against the Host it receives. Rules, checked in order for each request, can
instead answer with a canned S3 error, reset the connection, delay the request, or corrupt its body:

    Rule("PUT", r"^/bucket/a\\.html(\\?|$)", action=ERROR, status=503, code="SlowDown", count=2)
    Rule("PUT", r"partNumber=", action=RESET, rate=0.05)
    Rule("PUT", r".", action=DELAY, delay_ms=50)
    Rule("PUT", r"partNumber=2", action=CORRUPT, count=1)

Hostile answers (STALL, TRUNCATE, BODY) are what a broken server or middlebox sends:

    Rule("GET", r"list-type=2", action=STALL)                       # never answers; closes at stop
    Rule("GET", r"list-type=2", action=STALL, stall_after=120, stall_s=8)  # 120 body bytes, wait
    Rule("GET", r"list-type=2", action=TRUNCATE, keep_bytes=100)    # body cut short, then close
    Rule("GET", r"list-type=2", action=BODY, status=200, body=b"<ListBucketResult><Con")
    Rule("PUT", r".", action=BODY, status=200, headers={"ETag": '"0"'}, forward=True)
    Rule("GET", r".", action=BODY, status=500, body=b"x" * 1024, body_repeat=1 << 19)  # 512 MiB

STALL holds the answer for stall_s seconds (or until the proxy stops), then closes the connection:
with stall_after=None before anything is sent, else after the status line, the headers and the
first stall_after bytes of the upstream answer. TRUNCATE forwards and sends the upstream answer
with its full Content-Length (at least 1) but only keep_bytes of its body (None: half), then
closes. BODY answers status, headers and body (sent body_repeat times, so a huge answer needs no
memory); with forward=True the request also reaches the upstream server, whose answer is dropped.
A RequestTimeout is an ERROR: status=400, code="RequestTimeout".

A rule fires on the first `count` requests that match it (count=None: every one), or, with `rate`,
on each match with that probability drawn from the proxy's seeded RNG. The first rule that fires
decides; a DELAY rule then forwards the request. set_rules() replaces the rules at run time.
Every request is recorded as (method, path_and_query, status); a reset is recorded as status 0, a
stall as -1, a truncated answer as -2. A request carrying x-amz-copy-source (CopyObject) is also
noted in copies().

With sse_kms=True the proxy answers as S3 does for objects stored with SSE-KMS (asked for, or the
bucket's default encryption): every ETag it passes on, in a header or in an XML answer, has the MD5
form but is not the content's MD5 (kms_etag), and answers to PUT and POST say
x-amz-server-side-encryption: aws:kms.
"""

import hashlib
import http.client
import http.server
import random
import re
import socket
import struct
import threading
from dataclasses import dataclass, field
from typing import Optional

HOST = "127.0.0.1"
ERROR, RESET, DELAY = "error", "reset", "delay"
STALL, TRUNCATE, BODY = "stall", "truncate", "body"
# CORRUPT: flip one bit of one byte in the middle of the request body, then forward it unchanged
# otherwise (same length and headers), as a bad NIC, RAM or middlebox would.
CORRUPT = "corrupt"
RESET_STATUS = 0
STALL_STATUS, TRUNCATED_STATUS = -1, -2  # recorded for STALL and TRUNCATE answers
# Hop-by-hop headers: never passed through (RFC 9110 7.6.1), plus Expect, which the handler has
# already answered with 100 Continue.
_HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "te", "trailer",
               "transfer-encoding", "upgrade", "expect"}
_ETAG_IN_XML = re.compile(rb"(<ETag>(?:&quot;|&#34;|\")?)([0-9a-fA-F]{32})")
_ETAG_IN_HEADER = re.compile(r"[0-9a-fA-F]{32}")


def kms_etag(md5_hex):
    """The ETag of an object whose ETag would be md5_hex without SSE-KMS: 32 hex digits that are
    not its content's MD5 (a multipart ETag keeps its "-N" around this)."""
    return hashlib.md5(b"sse-kms:" + md5_hex.lower().encode()).hexdigest()


_ETAG_IN_REQUEST = re.compile(rb"[0-9a-fA-F]{32}")


@dataclass
class Rule:
    method: str  # "PUT", or "*" for any method
    path: str  # regular expression searched in the path and query
    action: str = ERROR
    status: int = 500
    code: str = "InternalError"
    retry_after: Optional[int] = None  # seconds, sent as Retry-After with an ERROR
    delay_ms: int = 0
    count: Optional[int] = None  # fire on the first N matches; None: on every match
    rate: Optional[float] = None  # fire with this probability instead of by count
    # STALL: bytes of the upstream answer's body sent before holding (None: hold before headers).
    stall_after: Optional[int] = None
    stall_s: float = 60.0  # STALL: how long to hold before closing
    keep_bytes: Optional[int] = None  # TRUNCATE: body bytes sent (None: half)
    headers: dict = field(default_factory=dict)  # BODY: extra headers
    body: bytes = b""  # BODY: the body, sent body_repeat times
    body_repeat: int = 1
    forward: bool = False  # BODY: also send the request upstream (its answer is dropped)
    matched: int = field(default=0, init=False)

    def matches(self, method, path):
        return self.method in ("*", method) and re.search(self.path, path) is not None


class FaultProxy:
    def __init__(self, upstream_port, rules=(), seed=1, upstream_host=HOST):
        self.upstream = (upstream_host, upstream_port)
        self._rules = list(rules)
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._records = []
        self._copies = []
        self.sse_kms = False
        self._real_etags = {}  # sse_kms: kms_etag(x) -> x, for ETags a client sends back
        self._server = None
        self._thread = None
        self.stopping = threading.Event()  # releases STALL rules that still hold a connection

    @property
    def port(self):
        return self._server.server_address[1]

    @property
    def endpoint(self):
        return f"http://{HOST}:{self.port}"

    def start(self):
        handler = type("Handler", (_Handler,), {"proxy": self})
        self._server = http.server.ThreadingHTTPServer((HOST, 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self):
        self.stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def set_rules(self, rules):
        with self._lock:
            self._rules = list(rules)

    def records(self):
        """[(method, path_and_query, status)] in arrival order of the answers; resets are 0."""
        with self._lock:
            return list(self._records)

    def clear_records(self):
        with self._lock:
            self._records.clear()
            self._copies.clear()

    def record(self, method, path, status):
        with self._lock:
            self._records.append((method, path, status))

    def note_copy(self, method, path, source):
        with self._lock:
            self._copies.append((method, path, source))

    def copies(self):
        """[(method, path_and_query, x-amz-copy-source)] of every forwarded CopyObject request."""
        with self._lock:
            return list(self._copies)

    def kms_etag(self, md5_hex):
        """kms_etag(md5_hex), remembered so that it can be sent back (real_etags)."""
        etag = kms_etag(md5_hex)
        with self._lock:
            self._real_etags[etag] = md5_hex
        return etag

    def real_etags(self, text):
        """`text` (bytes) with every ETag this proxy gave replaced by the upstream's: the part
        ETags of a CompleteMultipartUpload, a copy's x-amz-copy-source-if-match."""
        with self._lock:
            known = dict(self._real_etags)
        return _ETAG_IN_REQUEST.sub(lambda m: known.get(m.group(0).decode(), m.group(0).decode())
                                    .encode(), text)

    def decide(self, method, path):
        """The rule that fires for this request, or None (forward unchanged)."""
        with self._lock:
            for rule in self._rules:
                if not rule.matches(method, path):
                    continue
                rule.matched += 1
                if rule.rate is not None:
                    fires = self._random.random() < rule.rate
                else:
                    fires = rule.count is None or rule.matched <= rule.count
                if fires:
                    return rule
            return None


def flip_one_byte(body):
    """The body with bit 0 of its middle byte inverted (an empty body stays empty)."""
    if not body:
        return body
    middle = len(body) // 2
    return body[:middle] + bytes([body[middle] ^ 0x01]) + body[middle + 1:]


def error_body(code, message, path):
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code>'
            f"<Message>{message}</Message><Resource>{path}</Resource>"
            f"<RequestId>fault-proxy</RequestId></Error>").encode()


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    proxy = None  # set on the subclass made by FaultProxy.start
    upstream_connection = None

    def log_message(self, *args):  # quiet: the proxy keeps its own records
        pass

    def finish(self):
        super().finish()
        if self.upstream_connection is not None:
            self.upstream_connection.close()

    def do_GET(self):
        self.handle_one()

    do_PUT = do_POST = do_DELETE = do_HEAD = do_GET

    def handle_one(self):
        try:
            self.answer()
        except (BrokenPipeError, ConnectionResetError):  # the client went away (killed, reset)
            self.close_connection = True

    def answer(self):
        rule = self.proxy.decide(self.command, self.path)
        if rule is not None and rule.action == RESET:
            self.reset()
            return
        body = self.read_body()
        if rule is not None and rule.action == ERROR:
            self.answer_error(rule)
            return
        if rule is not None and rule.action == DELAY:
            threading.Event().wait(rule.delay_ms / 1000.0)
        if rule is not None and rule.action in _HOSTILE:
            _HOSTILE[rule.action](self, rule, body)
            return
        if rule is not None and rule.action == CORRUPT:
            body = flip_one_byte(body)
        if "x-amz-copy-source" in self.headers:
            self.proxy.note_copy(self.command, self.path, self.headers["x-amz-copy-source"])
        self.forward(body)

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def reset(self):
        self.proxy.record(self.command, self.path, RESET_STATUS)
        # SO_LINGER with a zero timeout: close() sends RST instead of FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def answer_error(self, rule):
        body = error_body(rule.code, "injected by the fault proxy", self.path)
        self.send_response(rule.status)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        if rule.retry_after is not None:
            self.send_header("Retry-After", str(rule.retry_after))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.proxy.record(self.command, self.path, rule.status)

    def forward(self, body):
        if self.proxy.sse_kms and self.command == "POST" and "uploadId=" in self.path:
            body = self.proxy.real_etags(body)  # CompleteMultipartUpload: the part ETags
        response, data = self.forward_upstream(body)
        headers = response.getheaders()
        if self.proxy.sse_kms:
            headers, data = self.as_sse_kms(response.status, headers, data)
        self.send_upstream_headers(response, data, headers=headers)
        if self.command != "HEAD":
            self.wfile.write(data)
        self.proxy.record(self.command, self.path, response.status)

    def forward_upstream(self, body):
        """Sends the request upstream; returns (response, body bytes)."""
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        if self.proxy.sse_kms and "x-amz-copy-source-if-match" in self.headers:
            headers["x-amz-copy-source-if-match"] = self.proxy.real_etags(
                self.headers["x-amz-copy-source-if-match"].encode()).decode()
        if body or self.command in ("PUT", "POST"):
            headers["Content-Length"] = str(len(body))
        try:
            return self.exchange(headers, body)
        except (OSError, http.client.HTTPException):
            self.upstream_connection = None
            return self.exchange(headers, body)  # a stale keep-alive connection

    def as_sse_kms(self, status, headers, data):
        """(headers, body) of an answer as S3 gives it for an SSE-KMS object (sse_kms)."""
        headers = [(name, _ETAG_IN_HEADER.sub(lambda m: self.proxy.kms_etag(m.group(0)), value)
                    if name.lower() == "etag" else value) for name, value in headers]
        data = _ETAG_IN_XML.sub(
            lambda m: m.group(1) + self.proxy.kms_etag(m.group(2).decode()).encode(), data)
        said = any(name.lower() == "x-amz-server-side-encryption" for name, _ in headers)
        if self.command in ("PUT", "POST") and status == 200 and not said:
            headers.append(("x-amz-server-side-encryption", "aws:kms"))
        return headers, data

    def send_upstream_headers(self, response, data, length=None, headers=None):
        self.send_response_only(response.status, response.reason)
        for name, value in (response.getheaders() if headers is None else headers):
            if name.lower() not in _HOP_BY_HOP and name.lower() != "content-length":
                self.send_header(name, value)
        if length is None:
            length = response.getheader("Content-Length") if self.command == "HEAD" else len(data)
        self.send_header("Content-Length", str(length or 0))
        self.end_headers()

    # --- hostile answers (STALL, TRUNCATE, BODY) --------------------------------------------------

    def close_now(self):
        self.close_connection = True
        self.wfile.flush()
        self.connection.shutdown(socket.SHUT_RDWR)

    def stall(self, rule, body):
        if rule.stall_after is not None:
            response, data = self.forward_upstream(body)
            self.send_upstream_headers(response, data)
            self.wfile.write(data[:rule.stall_after])
            self.wfile.flush()
        self.proxy.record(self.command, self.path, STALL_STATUS)
        self.proxy.stopping.wait(rule.stall_s)
        self.close_now()

    def truncate(self, rule, body):
        response, data = self.forward_upstream(body)
        # An empty body (a PUT's answer) is announced as one byte long, which never comes.
        self.send_upstream_headers(response, data, length=max(len(data), 1))
        keep = len(data) // 2 if rule.keep_bytes is None else min(rule.keep_bytes, len(data) - 1)
        self.wfile.write(data[:max(keep, 0)])
        self.proxy.record(self.command, self.path, TRUNCATED_STATUS)
        self.close_now()

    def canned(self, rule, body):
        if rule.forward:
            self.forward_upstream(body)
        self.send_response(rule.status)
        names = {name.lower() for name in rule.headers}
        if "content-type" not in names:
            self.send_header("Content-Type", "application/xml")
        for name, value in rule.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(rule.body) * rule.body_repeat))
        self.end_headers()
        self.proxy.record(self.command, self.path, rule.status)
        if self.command != "HEAD":
            for _ in range(rule.body_repeat):
                self.wfile.write(rule.body)

    def exchange(self, headers, body):
        if self.upstream_connection is None:
            self.upstream_connection = http.client.HTTPConnection(*self.proxy.upstream, timeout=60)
        connection = self.upstream_connection
        connection.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders(body if body else None)
        response = connection.getresponse()
        data = response.read()
        if response.will_close:
            connection.close()
            self.upstream_connection = None
        return response, data


_HOSTILE = {STALL: _Handler.stall, TRUNCATE: _Handler.truncate, BODY: _Handler.canned}
