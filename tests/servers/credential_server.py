#!/usr/bin/env python3
"""A local credential service on a free 127.0.0.1 port: the EC2 instance metadata service (IMDSv2)
and the container credentials endpoint, handing out fixed keys that expire `lifetime` seconds after
each request. It runs in a thread of the test process (stdlib only) and counts what it was asked.

IMDSv2: PUT /latest/api/token (needs X-aws-ec2-metadata-token-ttl-seconds) returns a session token;
GET /latest/meta-data/iam/security-credentials/ returns the role name and GET .../ROLE the
credentials JSON, both only with X-aws-ec2-metadata-token equal to a token handed out (401
otherwise, as on EC2).
Container: GET CONTAINER_PATH returns the credentials JSON when the Authorization header equals
`authorization` (401 otherwise).

With later_access_keys=[...], each credentials document hands out the next key in turn.
Counters: `token_requests`, `imds_credential_requests`, `container_requests`, `refused`.
Usage:  with CredentialServer(access_key, secret_key, lifetime=300) as server: server.endpoint ...
"""

import datetime
import http.server
import json
import threading
import uuid

HOST = "127.0.0.1"
ROLE = "s3mirror-test-role"
CONTAINER_PATH = "/v2/credentials/test"
_ROLES_PATH = "/latest/meta-data/iam/security-credentials/"


class CredentialServer:
    def __init__(self, access_key, secret_key, session_token="test-session-token", lifetime=3600,
                 authorization="Bearer test-container-token", later_access_keys=()):
        self.access_key = access_key
        # Keys for the second, third, ... credentials document (the last one stays).
        self.later_access_keys = list(later_access_keys)
        self.secret_key = secret_key
        self.session_token = session_token
        self.lifetime = lifetime
        self.authorization = authorization
        self.token_requests = 0
        self.imds_credential_requests = 0
        self.container_requests = 0
        self.refused = 0
        self._tokens = set()
        self._lock = threading.Lock()
        self._httpd = None
        self._thread = None

    @property
    def endpoint(self):
        return f"http://{HOST}:{self._httpd.server_address[1]}"

    @property
    def container_uri(self):
        return self.endpoint + CONTAINER_PATH

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        self._httpd = http.server.ThreadingHTTPServer((HOST, 0), self._handler_class())
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    def stop(self):
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._thread.join()
            self._httpd = None

    def credentials_json(self):
        with self._lock:
            access_key = self.access_key
            if self.later_access_keys:
                self.access_key = self.later_access_keys.pop(0)
        expiration = (datetime.datetime.now(datetime.timezone.utc)
                      + datetime.timedelta(seconds=self.lifetime))
        return json.dumps({
            "Code": "Success",
            "Type": "AWS-HMAC",
            "AccessKeyId": access_key,
            "SecretAccessKey": self.secret_key,
            "Token": self.session_token,
            "Expiration": expiration.strftime("%Y-%m-%dT%H:%M:%SZ"),
        })

    def _count(self, name):
        with self._lock:
            setattr(self, name, getattr(self, name) + 1)

    def _handler_class(self):
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _reply(self, status, body="", content_type="text/plain"):
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _refuse(self):
                server._count("refused")
                self._reply(401, "Unauthorized")

            def do_PUT(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                if self.path != "/latest/api/token":
                    return self._reply(404, "Not Found")
                if not self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
                    return self._reply(400, "Missing ttl")
                token = uuid.uuid4().hex
                with server._lock:
                    server._tokens.add(token)
                    server.token_requests += 1
                self._reply(200, token)

            def do_GET(self):
                if self.path == CONTAINER_PATH:
                    if self.headers.get("Authorization") != server.authorization:
                        return self._refuse()
                    server._count("container_requests")
                    return self._reply(200, server.credentials_json(), "application/json")
                if not self.path.startswith(_ROLES_PATH):
                    return self._reply(404, "Not Found")
                with server._lock:
                    known = self.headers.get("X-aws-ec2-metadata-token") in server._tokens
                if not known:
                    return self._refuse()
                if self.path == _ROLES_PATH:
                    return self._reply(200, ROLE)
                if self.path != _ROLES_PATH + ROLE:
                    return self._reply(404, "Not Found")
                server._count("imds_credential_requests")
                self._reply(200, server.credentials_json(), "application/json")

        return Handler
