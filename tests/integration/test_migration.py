"""Moving to s3mirror from s3cmd or the AWS CLI: a bucket those tools filled from the same tree needs
no uploads at all (their multipart ETags are recognised: s3cmd uses 15 MiB parts, the AWS CLI 8 MiB),
and an existing s3cmd config file supplies both the credentials and the endpoint."""

import os
import shutil
import subprocess
import unittest

import harness
from harness import MiB

SMALL_FILES = {
    "index.html": "<p>home</p>",
    "css/site.css": "body { color: black }",
    "data/table.csv": "a,b\n1,2\n",
    "docs/sub dir/notes.txt": 2000,
    "empty.txt": b"",
}
WRITES = ("PUT", "POST")


class MigrationTest(harness.S3TestCase):
    def setUp(self):
        super().setUp()
        self.source = self.make_dir("site")

    def make_site(self, big_name, big_size):
        files = dict(SMALL_FILES)
        files[big_name] = big_size
        return harness.make_tree(self.source, files)

    def write_s3cfg(self):
        """An s3cmd config file for the local server: path-style, plain HTTP, SigV4."""
        path = os.path.join(self.tmp, "migration.s3cfg")
        host = self.server.endpoint.removeprefix("http://")
        with open(path, "w") as out:
            out.write(f"[default]\naccess_key = {self.server.access_key}\n"
                      f"secret_key = {self.server.secret_key}\n"
                      f"host_base = {host}\nhost_bucket = {host}\n"
                      "use_https = False\nsignature_v2 = False\nbucket_location = us-east-1\n")
        return path

    def run_tool(self, args, extra_env=None):
        """Runs another S3 client with HOME in the test dir and no proxy; fails the test on error."""
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.home,
               "LANG": "C.UTF-8", "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}
        env.update(extra_env or {})
        completed = subprocess.run(args, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                                   timeout=300)
        self.assertEqual(completed.returncode, 0,
                         f"{' '.join(args)} exited {completed.returncode}\n"
                         f"{completed.stdout.decode(errors='replace')}\n"
                         f"{completed.stderr.decode(errors='replace')}")

    def assert_bucket_holds(self, contents, multipart_key, parts):
        remote = self.remote_objects()
        self.assertEqual(sorted(remote), sorted(contents))
        for key, content in contents.items():
            self.assertEqual(remote[key]["size"], len(content), key)
        self.assertTrue(remote[multipart_key]["etag"].endswith(f"-{parts}"),
                        f"{multipart_key} was not stored as {parts} parts: {remote[multipart_key]}")

    def assert_s3mirror_uploads_nothing(self):
        mark = self.server.mark()
        result = self.sync(self.source)
        requests = self.server.requests_since(mark)
        self.assert_exit(result, 0)
        writes = [request for request in requests if request[0] in WRITES]
        remote = self.remote_objects()
        self.assertEqual(writes, [], f"s3mirror wrote to a bucket that already matched the tree; "
                         f"remote ETags: { {key: item['etag'] for key, item in remote.items()} }\n"
                         f"{result.stdout}{result.stderr}")
        self.assertEqual(harness.summary_counts(result.stdout + result.stderr).get("uploaded"), 0,
                         result.stdout + result.stderr)

    def test_bucket_filled_by_s3cmd_sync_needs_no_uploads(self):
        if shutil.which("s3cmd") is None:
            self.skipTest("s3cmd is not installed (scripts/install-deps.sh installs it)")
        # 40 MiB in s3cmd's default 15 MiB chunks: 15 + 15 + 10, ETag "<md5 of md5s>-3".
        contents = self.make_site("pdf/report.pdf", 40 * MiB)
        self.run_tool(["s3cmd", "-c", self.write_s3cfg(), "--no-progress", "sync",
                       self.source + "/", self.url()])
        self.assert_bucket_holds(contents, "pdf/report.pdf", 3)
        self.assert_s3mirror_uploads_nothing()

    def test_bucket_filled_by_aws_s3_sync_needs_no_uploads(self):
        if shutil.which("aws") is None:
            self.skipTest("the AWS CLI (aws) is not installed")
        # 20 MiB in the AWS CLI's default 8 MiB parts: 8 + 8 + 4, ETag "<md5 of md5s>-3".
        contents = self.make_site("pdf/annual.pdf", 20 * MiB)
        self.run_tool(["aws", "--endpoint-url", self.server.endpoint, "s3", "sync", "--no-progress",
                       self.source, self.url()],
                      extra_env={"AWS_ACCESS_KEY_ID": self.server.access_key,
                                 "AWS_SECRET_ACCESS_KEY": self.server.secret_key,
                                 "AWS_DEFAULT_REGION": "us-east-1",
                                 "AWS_EC2_METADATA_DISABLED": "true"})
        self.assert_bucket_holds(contents, "pdf/annual.pdf", 3)
        self.assert_s3mirror_uploads_nothing()

    def test_endpoint_and_credentials_come_from_an_s3cmd_config_file(self):
        # test_auth.py covers the keys alone; here host_base and use_https replace --endpoint-url.
        contents = harness.make_tree(self.source, SMALL_FILES)
        env = self.base_env()
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINT_URL"):
            del env[name]
        result = self.run_s3mirror("--config", self.write_s3cfg(), "--state-dir", self.state_dir,
                                   "sync", self.source, self.url(), env=env)
        self.assert_exit(result, 0)
        self.assertEqual(sorted(self.remote_objects()), sorted(contents))
        self.assertEqual(self.remote_body("index.html"), contents["index.html"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
