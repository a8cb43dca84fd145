"""Shared pieces of the integration and CLI tests: a local S3 server, the s3mirror binary, file trees.

S3TestCase starts ONE moto server per test class (each test module holds one class) and stops it in
a class cleanup, also when setUp or a test fails. Every test gets a fresh bucket, a fresh temporary
directory and a fresh --state-dir, and HOME points into that directory so the machine's ~/.aws and
~/.s3cfg are never read. Everything talks to 127.0.0.1 only.

The binary comes from $S3MIRROR_BIN (CTest sets it to the built target).
"""

import collections
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "servers"))
import s3_server  # noqa: E402

RunResult = collections.namedtuple("RunResult", "code stdout stderr")
MiB = 1 << 20


def s3mirror_binary():
    path = os.environ.get("S3MIRROR_BIN")
    if not path:
        raise unittest.SkipTest("S3MIRROR_BIN is not set (run through ctest)")
    if not os.access(path, os.X_OK):
        raise RuntimeError(f"S3MIRROR_BIN={path} is not an executable file")
    return path


def md5_hex(data):
    return hashlib.md5(data).hexdigest()


def make_tree(root, files):
    """Creates files under root: {relative/path: bytes | str | int (that many pseudo-random bytes)}.
    Returns {relative/path: content bytes}."""
    contents = {}
    for relative, content in files.items():
        if isinstance(content, int):
            content = pseudo_random_bytes(content, seed=relative)
        elif isinstance(content, str):
            content = content.encode()
        path = os.path.join(root, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as out:
            out.write(content)
        contents[relative] = content
    return contents


def pseudo_random_bytes(size, seed=""):
    """Deterministic, incompressible-looking bytes (so every part of a multipart upload differs)."""
    block = hashlib.sha256(seed.encode()).digest()
    out = bytearray()
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(block + counter.to_bytes(8, "big")).digest() * 64
        counter += 1
    return bytes(out[:size])


_SUMMARY_WORDS = ("scanned", "uploaded", "skipped", "deleted", "failed")


def summary_counts(text):
    """The counts of the one-line summary ("scanned 5 files, uploaded 2, skipped 3, deleted 0,
    failed 0, ..."); the last occurrence of each word wins; words not found are left out."""
    counts = {}
    for word in _SUMMARY_WORDS:
        numbers = re.findall(rf"\b{word}[\s:=]+(\d+)", text)
        if numbers:
            counts[word] = int(numbers[-1])
    return counts


def sanitizer_env():
    """The sanitizer options of this environment, to hand on to the binary."""
    return {name: os.environ[name] for name in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS")
            if name in os.environ}


class S3TestCase(unittest.TestCase):
    AUTH = False  # True: the server checks SigV4 signatures (plain keys only, see s3_server.py)

    @classmethod
    def setUpClass(cls):
        cls.binary = s3mirror_binary()
        cls.server = s3_server.S3Server(auth=cls.AUTH)
        cls.addClassCleanup(cls.server.stop)
        cls.server.start()
        cls.s3 = cls.server.client()

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="s3mirror-test-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.home = self.make_dir("home")
        self.state_dir = self.make_dir("state")
        self.bucket = "t-" + uuid.uuid4().hex[:20]
        self.s3.create_bucket(Bucket=self.bucket)

    def make_dir(self, name):
        path = os.path.join(self.tmp, name)
        os.makedirs(path, exist_ok=True)
        return path

    # --- running the binary ---------------------------------------------------------------------

    def base_env(self):
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": self.home,
            "LANG": "C.UTF-8",
            "AWS_ACCESS_KEY_ID": self.server.access_key,
            "AWS_SECRET_ACCESS_KEY": self.server.secret_key,
            "AWS_EC2_METADATA_DISABLED": "true",
            # Should a credential source be missed, instance metadata is asked on a closed local
            # port, never on 169.254.169.254.
            "AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:9/",
            "S3MIRROR_STATE_DIR": self.state_dir,
            # A closed local port: a run that misses its --endpoint-url fails (exit 3) instead of
            # reaching out to AWS.
            "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
        }
        env.update(sanitizer_env())
        return env

    def run_s3mirror(self, *args, env=None, timeout=120, extra_env=None):
        """Runs the binary with args; env replaces base_env(), extra_env is added to it.
        Returns RunResult(code, stdout, stderr)."""
        run_env = dict(self.base_env() if env is None else env)
        run_env.update(extra_env or {})
        completed = subprocess.run([self.binary, *args], env=run_env, stdin=subprocess.DEVNULL,
                                   capture_output=True, timeout=timeout)
        return RunResult(completed.returncode, completed.stdout.decode("utf-8", "replace"),
                         completed.stderr.decode("utf-8", "replace"))

    def url(self, prefix=""):
        return f"s3://{self.bucket}/{prefix}"

    def sync(self, local_dir, *options, prefix="", **kwargs):
        """s3mirror sync with this test's endpoint and state dir."""
        return self.run_s3mirror("--endpoint-url", self.server.endpoint, "--state-dir",
                                 self.state_dir, "sync", *options, local_dir, self.url(prefix),
                                 **kwargs)

    def assert_exit(self, result, code):
        self.assertEqual(result.code, code, f"exit code {result.code}, expected {code}\n"
                         f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}")

    # --- the independent view of the bucket -----------------------------------------------------

    def remote_objects(self, prefix=""):
        """{key: {"size": int, "etag": str without quotes}} for every object under prefix."""
        objects = {}
        paginator = self.s3.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=prefix):
            for item in page.get("Contents", []):
                objects[item["Key"]] = {"size": item["Size"], "etag": item["ETag"].strip('"')}
        return objects

    def remote_body(self, key):
        return self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def put_remote(self, key, body=b"remote"):
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=body)


def start_verifying_endpoint(test_class, seed):
    """Starts bench/s3_endpoint.js (it checks SigV4 and every body checksum, as AWS does) with a
    fault proxy in front of it, for the tests of `test_class`, and stops both when they are done.
    Sets test_class.endpoint, .s3 (a boto3 client of the endpoint) and .proxy."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                    "bench"))
    import benchlib
    import fault_proxy
    test_class.endpoint = benchlib.Endpoint().__enter__()
    test_class.addClassCleanup(test_class.endpoint.__exit__, None, None, None)
    test_class.s3 = test_class.endpoint.client()
    port = int(test_class.endpoint.url.rsplit(":", 1)[1])
    test_class.proxy = fault_proxy.FaultProxy(port, seed=seed).start()
    test_class.addClassCleanup(test_class.proxy.stop)


class VerifyingEndpointTestCase(unittest.TestCase):
    """Tests against bench/s3_endpoint.js behind a fault proxy (start_verifying_endpoint, seeded
    with PROXY_SEED), for the whole class. Every test gets a fresh temporary directory self.tmp,
    which is also HOME, and self.source, where in it the test makes the tree it syncs."""

    PROXY_SEED = 0

    @classmethod
    def setUpClass(cls):
        cls.binary = s3mirror_binary()
        start_verifying_endpoint(cls, seed=cls.PROXY_SEED)

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="s3mirror-test-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.source = os.path.join(self.tmp, "site")

    def sync_through_proxy(self, bucket, *options):
        """Runs `s3mirror sync self.source s3://bucket/` through the fault proxy with the
        endpoint's keys, a state dir per bucket, a 5M multipart threshold and 5M parts, and
        `options`. Returns the subprocess.CompletedProcess, its output as text."""
        import benchlib
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.tmp,
               "AWS_ACCESS_KEY_ID": benchlib.ACCESS_KEY,
               "AWS_SECRET_ACCESS_KEY": benchlib.SECRET_KEY, "AWS_EC2_METADATA_DISABLED": "true",
               "AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:9/"}
        env.update(sanitizer_env())
        return subprocess.run(
            [self.binary, "--endpoint-url", self.proxy.endpoint, "--state-dir",
             os.path.join(self.tmp, "state-" + bucket), "sync", "--multipart-threshold", "5M",
             "--part-size", "5M", *options, self.source, f"s3://{bucket}/"],
            env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
