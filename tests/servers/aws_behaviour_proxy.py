#!/usr/bin/env python3
"""A proxy in front of a local S3 server that answers like AWS where moto does not: it reads each
request's SigV4 Authorization header and X-Amz-Date and refuses, as AWS would,

  - requests signed for a region other than `bucket_region` (the credential scope's region):
    `region_answer="redirect"`: 301 PermanentRedirect with x-amz-bucket-region and <Endpoint>
    (HEAD: no body); `"malformed"`: 400 AuthorizationHeaderMalformed with <Region>;
  - requests whose X-Amz-Date is more than 15 minutes from the proxy's clock, which runs
    `clock_offset` seconds off the real one: 403 RequestTimeTooSkewed with the proxy's Date;
  - requests signed with an access key in `expired_keys`: 400 ExpiredToken;

only for requests whose method is in `methods` when that is given (methods={"PUT"}: the uploads,
not the listing),
and forwards everything else (fault_proxy.FaultProxy's forwarding). With `tls=(certfile, keyfile)`
it speaks HTTPS instead of HTTP. `signing_regions` and `access_keys` list what each signed request
used; `refusals` counts the answers by error code; records() lists every
request as in FaultProxy.

Usage:  with AwsBehaviourProxy(moto_port, bucket_region="eu-west-1") as proxy: proxy.endpoint ...
"""

import datetime
import email.utils
import re
import ssl
import threading
import time

import fault_proxy

HOST = fault_proxy.HOST
SKEW_LIMIT = 15 * 60
_SCOPE = re.compile(r"Credential=([^/,\s]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request")


class AwsBehaviourProxy(fault_proxy.FaultProxy):
    def __init__(self, upstream_port, bucket_region=None, region_answer="redirect",
                 clock_offset=0, expired_keys=(), methods=None, tls=None):
        super().__init__(upstream_port)
        self.bucket_region = bucket_region
        self.region_answer = region_answer
        self.clock_offset = clock_offset
        self.expired_keys = set(expired_keys)
        self.methods = set(methods) if methods else None
        self.tls = tls
        self.refusals = {}
        self.signing_regions = []
        self.access_keys = []

    @property
    def endpoint(self):
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{HOST}:{self.port}"

    def start(self):
        handler = type("Handler", (_AwsHandler,), {"proxy": self})
        self._server = _QuietServer((HOST, 0), handler)
        self._server.daemon_threads = True
        if self.tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*self.tls)
            self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def now(self):
        return time.time() + self.clock_offset

    def count(self, code):
        with self._lock:
            self.refusals[code] = self.refusals.get(code, 0) + 1

    def judge(self, method, headers):
        """(status, code, message, headers, extra_xml) for a request AWS would refuse, else None."""
        scope = _SCOPE.search(headers.get("Authorization", ""))
        if scope is None:
            return None
        key, region = scope.group(1), scope.group(3)
        with self._lock:
            self.signing_regions.append(region)
            self.access_keys.append(key)
        if self.methods is not None and method not in self.methods:
            return None
        if key in self.expired_keys:
            return (400, "ExpiredToken", "The provided token has expired.", {}, "")
        stamp = headers.get("X-Amz-Date", "")
        try:
            signed = datetime.datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(
                tzinfo=datetime.timezone.utc).timestamp()
        except ValueError:
            signed = None
        if signed is not None and abs(signed - self.now()) > SKEW_LIMIT:
            return (403, "RequestTimeTooSkewed",
                    "The difference between the request time and the current time is too large.",
                    {}, f"<RequestTime>{stamp}</RequestTime>")
        if self.bucket_region and region != self.bucket_region:
            return self.wrong_region(region)
        return None

    def wrong_region(self, region):
        where = {"x-amz-bucket-region": self.bucket_region}
        if self.region_answer == "malformed":
            return (400, "AuthorizationHeaderMalformed",
                    f"The authorization header is malformed; the region '{region}' is wrong; "
                    f"expecting '{self.bucket_region}'", where,
                    f"<Region>{self.bucket_region}</Region>")
        return (301, "PermanentRedirect",
                "The bucket you are attempting to access must be addressed using the specified "
                "endpoint.", where,
                f"<Endpoint>bucket.s3.{self.bucket_region}.amazonaws.com</Endpoint>")


class _QuietServer(fault_proxy.http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):  # a client that gave up the TLS handshake
        pass


class _AwsHandler(fault_proxy._Handler):
    def date_time_string(self, timestamp=None):
        return email.utils.formatdate(self.proxy.now(), usegmt=True)

    def answer(self):
        body = self.read_body()
        verdict = self.proxy.judge(self.command, self.headers)
        if verdict is None:
            self.forward(body)
            return
        status, code, message, headers, extra = verdict
        self.proxy.count(code)
        data = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code>'
                f"<Message>{message}</Message>{extra}<RequestId>aws-behaviour-proxy</RequestId>"
                "</Error>").encode()
        self.send_response(status)  # with the proxy's Date
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(0 if self.command == "HEAD" else len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        self.proxy.record(self.command, self.path, status)
