"""sync through a fault-injecting proxy: throttling, server errors, connection resets, failed parts.

Every run goes through tests/servers/fault_proxy.py in front of the module's moto server; what ended
up in the bucket is checked with boto3 against moto directly. A request that always fails is retried
by the binary with its default backoff (8 attempts, about 20 s), so the always-failing cases share
one run each to keep the module near a minute.
"""

import os
import re
import sys
import unittest

import harness

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "servers"))
import fault_proxy  # noqa: E402
from fault_proxy import Rule  # noqa: E402


class FaultTest(harness.S3TestCase):
    def setUp(self):
        super().setUp()
        self.proxy = fault_proxy.FaultProxy(self.server.port, seed=20261125).start()
        self.addCleanup(self.proxy.stop)
        self.source = self.make_dir("site")

    def key_path(self, key):
        """A regex for requests on exactly this key (path addressing, any query)."""
        return rf"^/{self.bucket}/{re.escape(key)}(\?|$)"

    def sync_via_proxy(self, *options, prefix="", **kwargs):
        return self.run_s3mirror("--endpoint-url", self.proxy.endpoint, "--state-dir",
                                 self.state_dir, "sync", *options, self.source, self.url(prefix),
                                 **kwargs)

    def assert_bucket_matches(self, contents, exclude=(), prefix=""):
        remote = self.remote_objects()
        for relative, data in contents.items():
            if relative in exclude:
                continue
            key = prefix + relative
            self.assertIn(key, remote, f"{key} was not uploaded")
            self.assertEqual(self.remote_body(key), data, f"{key} has other content")

    def test_slow_down_on_the_first_two_puts_is_retried_and_the_object_arrives(self):
        contents = harness.make_tree(self.source, {"a/slow.html": 3000, "b.css": "b {}"})
        self.proxy.set_rules([Rule("PUT", self.key_path("a/slow.html"), status=503,
                                   code="SlowDown", count=2)])
        result = self.sync_via_proxy("-v")
        self.assert_exit(result, 0)
        self.assert_bucket_matches(contents)
        statuses = [s for m, p, s in self.proxy.records()
                    if m == "PUT" and re.search(self.key_path("a/slow.html"), p)]
        self.assertEqual(statuses, [503, 503, 200])
        retries = [line for line in result.stderr.splitlines()
                   if "retry" in line.lower() and "a/slow.html" in line]
        self.assertEqual(len(retries), 2, result.stderr)

    def test_slow_down_with_retry_after_is_retried(self):
        contents = harness.make_tree(self.source, {"later.html": 500})
        self.proxy.set_rules([Rule("PUT", self.key_path("later.html"), status=503,
                                   code="SlowDown", retry_after=1, count=1)])
        result = self.sync_via_proxy()
        self.assert_exit(result, 0)
        self.assert_bucket_matches(contents)

    def test_an_always_failing_put_fails_only_its_key_blocks_deletes_and_the_heartbeat(self):
        files = {f"page{i}.html": 700 + i for i in range(10)}
        files["broken/bad.html"] = 1200
        contents = harness.make_tree(self.source, files)
        self.put_remote("site/orphan.txt")
        self.proxy.set_rules([Rule("PUT", self.key_path("site/broken/bad.html"), status=500,
                                   code="InternalError")])
        options = ("--delete", "--force-delete", "--heartbeat", "status/hb.txt")
        result = self.sync_via_proxy(*options, prefix="site/")
        self.assert_exit(result, 1)
        self.assertIn("broken/bad.html", result.stderr)
        self.assertEqual(harness.summary_counts(result.stderr + result.stdout).get("failed"), 1,
                         result.stdout + result.stderr)
        self.assert_bucket_matches(contents, exclude={"broken/bad.html"}, prefix="site/")
        remote = self.remote_objects()
        self.assertNotIn("site/broken/bad.html", remote)
        self.assertIn("site/orphan.txt", remote, "--delete deleted although an upload failed")
        self.assertNotIn("status/hb.txt", remote, "heartbeat written after a run with a failure")
        self.assertFalse([r for r in self.proxy.records() if r[0] == "DELETE" or
                          (r[0] == "POST" and "delete" in r[1])], self.proxy.records())

        # The same run without the fault: everything arrives, the orphan goes, the heartbeat is
        # written. (Shows that the options above would have deleted and written heartbeats.)
        self.proxy.set_rules([])
        result = self.sync_via_proxy(*options, prefix="site/")
        self.assert_exit(result, 0)
        self.assert_bucket_matches(contents, prefix="site/")
        remote = self.remote_objects()
        self.assertNotIn("site/orphan.txt", remote)
        self.assertIn("status/hb.txt", remote)

    def test_connection_resets_on_five_percent_of_puts_are_retried(self):
        files = {f"d{i % 10}/f{i}.txt": 200 + i for i in range(200)}
        contents = harness.make_tree(self.source, files)
        self.proxy.set_rules([Rule("PUT", rf"^/{self.bucket}/.", action=fault_proxy.RESET,
                                   rate=0.05)])
        result = self.sync_via_proxy("--concurrency", "8")
        self.assert_exit(result, 0)
        resets = [r for r in self.proxy.records() if r[2] == fault_proxy.RESET_STATUS]
        self.assertGreater(len(resets), 0, "the seeded rule reset no connection")
        remote = self.remote_objects()
        self.assertEqual(set(remote), set(contents))
        for relative, data in contents.items():
            self.assertEqual(remote[relative]["etag"], harness.md5_hex(data), relative)

    def test_a_multipart_upload_whose_parts_always_fail_is_aborted(self):
        contents = harness.make_tree(self.source, {"big.bin": 12 * harness.MiB, "small.txt": "s"})
        self.proxy.set_rules([Rule("PUT", r"[?&]partNumber=", status=500, code="InternalError")])
        result = self.sync_via_proxy("--multipart-threshold", "5M", "--part-size", "5M")
        self.assert_exit(result, 1)
        self.assertIn("big.bin", result.stderr)
        self.assertTrue([r for r in self.proxy.records() if "uploads" in r[1] and r[0] == "POST"],
                        "no multipart upload was started")
        self.assertTrue([r for r in self.proxy.records() if r[0] == "DELETE" and "uploadId=" in r[1]],
                        "the multipart upload was not aborted")
        self.assertEqual(self.s3.list_multipart_uploads(Bucket=self.bucket).get("Uploads", []), [])
        remote = self.remote_objects()
        self.assertNotIn("big.bin", remote)
        self.assertEqual(self.remote_body("small.txt"), contents["small.txt"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
