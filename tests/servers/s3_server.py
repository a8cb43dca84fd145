#!/usr/bin/env python3
"""A local S3 server (moto_server) on a free 127.0.0.1 port, for tests and the demo.

S3Server starts `python3 -m moto.server` as a child process, waits until it answers and stops it
again (stop() is idempotent; use it as a context manager). Its werkzeug request log (one line per
request, written before the response is sent) goes to a file, so tests can count the requests a run
made: see mark() and requests_since().

With auth=True the server checks SigV4 signatures: moto does so once IAM auth is switched on. We
start it with INITIAL_NO_AUTH_ACTION_COUNT unset (infinite: no checks), create an IAM user with an
access key and an allow-all policy, then POST "0" to /moto-api/reset-auth so that every later request
must be signed with that key. start() verifies that a wrong secret is refused (403
SignatureDoesNotMatch) and the right one passes, so a test never runs against a server that would
accept anything. Note: moto's own canonicalisation differs from AWS for keys with + % & = ' or
non-ASCII characters (even boto3 is refused), so signed tests must use plain keys.

Run as a script it prints the endpoint and credentials as shell assignments and serves until
SIGTERM/SIGINT:  python3 s3_server.py [--auth] [--log FILE]
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid

HOST = "127.0.0.1"
REGION = "us-east-1"
# Credentials for the unsigned mode: moto accepts any key then, but clients still sign.
DUMMY_ACCESS_KEY = "AKIDTESTINGTESTING00"
DUMMY_SECRET_KEY = "testing-secret-not-checked"

_ALLOW_ALL = (
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'
)
# 127.0.0.1 - - [25/Nov/2026 14:44:14] "PUT /bucket/key HTTP/1.1" 200 -
_LOG_LINE = re.compile(r'"([A-Z]+) (\S.*?) HTTP/[0-9.]+" (\d{3})')


def free_port():
    """A port that was free a moment ago (bound to port 0, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class S3Server:
    def __init__(self, auth=False, log_path=None, startup_timeout=30.0):
        self.auth = auth
        self.startup_timeout = startup_timeout
        self._own_log_dir = None
        if log_path is None:
            self._own_log_dir = tempfile.mkdtemp(prefix="s3server-")
            log_path = os.path.join(self._own_log_dir, "requests.log")
        self.log_path = log_path
        self.port = None
        self.process = None
        self.access_key = DUMMY_ACCESS_KEY
        self.secret_key = DUMMY_SECRET_KEY

    @property
    def endpoint(self):
        return f"http://{HOST}:{self.port}"

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        last_error = None
        for _ in range(5):  # the chosen port may be taken by someone else in between
            try:
                self._launch(free_port())
                break
            except RuntimeError as error:
                last_error = error
                self._terminate()
        else:
            raise RuntimeError(f"moto_server did not start: {last_error}")
        if self.auth:
            try:
                self._enable_signature_checks()
            except BaseException:
                self.stop()
                raise
        return self

    def stop(self):
        self._terminate()
        if self._own_log_dir is not None:
            shutil.rmtree(self._own_log_dir, ignore_errors=True)
            self._own_log_dir = None

    def _terminate(self):
        if self.process is not None:
            if self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            self.process = None

    def _launch(self, port):
        env = dict(os.environ)
        env.pop("INITIAL_NO_AUTH_ACTION_COUNT", None)  # unset = infinite: no checks yet
        env["MOTO_PORT"] = str(port)
        for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy"):
            env.pop(name, None)
        self.port = port
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "moto.server", "-H", HOST, "-p", str(port)],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=env,
                preexec_fn=_die_with_parent)
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"exited with {self.process.returncode} on port {port}")
            if self._answers():
                return
            time.sleep(0.1)
        raise RuntimeError(f"no answer on port {port} within {self.startup_timeout}s")

    def _answers(self):
        try:
            with _open(urllib.request.Request(self.endpoint + "/moto-api/"), timeout=2):
                return True
        except urllib.error.HTTPError:
            return True  # any HTTP answer means it is serving
        except OSError:
            return False

    def client(self, service="s3", access_key=None, secret_key=None):
        import boto3
        from botocore.config import Config
        return boto3.client(
            service, endpoint_url=self.endpoint, region_name=REGION,
            aws_access_key_id=access_key or self.access_key,
            aws_secret_access_key=secret_key or self.secret_key,
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1},
                          proxies={}))

    def _enable_signature_checks(self):
        import botocore.exceptions
        iam = self.client("iam")
        iam.create_user(UserName="s3mirror-test")
        iam.put_user_policy(UserName="s3mirror-test", PolicyName="allow-all",
                            PolicyDocument=_ALLOW_ALL)
        key = iam.create_access_key(UserName="s3mirror-test")["AccessKey"]
        self.access_key, self.secret_key = key["AccessKeyId"], key["SecretAccessKey"]
        request = urllib.request.Request(self.endpoint + "/moto-api/reset-auth", data=b"0",
                                         method="POST", headers={"Content-Type": "text/plain"})
        with _open(request, timeout=10) as response:
            response.read()
        # Prove the checks are on: a wrong secret must be refused, the right one accepted.
        try:
            self.client(secret_key=self.secret_key + "x").list_buckets()
            raise RuntimeError("moto accepted a request signed with a wrong secret")
        except botocore.exceptions.ClientError as error:
            code = error.response["Error"]["Code"]
            status = error.response["ResponseMetadata"]["HTTPStatusCode"]
            if (status, code) != (403, "SignatureDoesNotMatch"):
                raise RuntimeError(f"wrong secret gave {status} {code}, not 403 SignatureDoesNotMatch")
        self.client().list_buckets()

    # --- request log --------------------------------------------------------------------------

    def mark(self):
        """A position in the request log; requests_since(mark) returns what came after it."""
        self._flush_log()
        return os.path.getsize(self.log_path)

    def requests_since(self, mark):
        """[(method, path_and_query, status)] logged after mark, excluding our own markers."""
        self._flush_log()
        with open(self.log_path, "rb") as log:
            log.seek(mark)
            text = log.read().decode("utf-8", "replace")
        requests = []
        for match in _LOG_LINE.finditer(text):
            method, path, status = match.group(1), match.group(2), int(match.group(3))
            if not path.startswith("/moto-api/"):
                requests.append((method, path, status))
        return requests

    def wait_for_request(self, mark, method, timeout=30.0):
        """Waits until a request with this method is logged after mark; False on timeout."""
        deadline = time.monotonic() + timeout
        pattern = re.compile(rf'"{method} (?!/moto-api/)'.encode())
        while time.monotonic() < deadline:
            with open(self.log_path, "rb") as log:
                log.seek(mark)
                if pattern.search(log.read()):
                    return True
            time.sleep(0.01)
        return False

    def _flush_log(self):
        # werkzeug logs a request before sending its response, so once a client has its answers
        # every line is there; a marker request we wait for makes that certain.
        marker = "/moto-api/?log-marker=" + uuid.uuid4().hex
        try:
            with _open(urllib.request.Request(self.endpoint + marker), timeout=5):
                pass
        except urllib.error.HTTPError:
            pass
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            with open(self.log_path, "rb") as log:
                if marker.encode() in log.read():
                    return
            time.sleep(0.02)
        raise RuntimeError("request log marker never appeared")


def _die_with_parent():
    # If the test process is killed (a CTest timeout sends SIGKILL), the server goes too.
    try:
        import ctypes
        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
    except OSError:
        pass


def _open(request, timeout):
    # Never use a proxy from the environment: everything stays on 127.0.0.1.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    return opener.open(request, timeout=timeout)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--auth", action="store_true", help="check SigV4 signatures")
    parser.add_argument("--log", help="request log file")
    args = parser.parse_args()
    server = S3Server(auth=args.auth, log_path=args.log)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server.start()
    try:
        print(f"S3_ENDPOINT={server.endpoint}")
        print(f"AWS_ACCESS_KEY_ID={server.access_key}")
        print(f"AWS_SECRET_ACCESS_KEY={server.secret_key}", flush=True)
        while server.process.poll() is None:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    main()
