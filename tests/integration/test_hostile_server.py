"""sync against a hostile server: stalled, truncated, invalid, huge and lying answers.

Every run goes through tests/servers/fault_proxy.py (STALL, TRUNCATE, BODY rules) in front of the
module's moto server; what ended up in the bucket is checked with boto3 against moto directly.
S3MIRROR_STALL_TIMEOUT=2s shortens the time a transfer may move no data (default 30 s) so that a
stall costs seconds, not minutes.
"""

import os
import re
import resource
import struct
import sys
import time
import unittest

import harness

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "servers"))
import fault_proxy  # noqa: E402
from fault_proxy import BODY, STALL, STALL_STATUS, TRUNCATE, TRUNCATED_STATUS, Rule  # noqa: E402

LISTING = r"[?&]list-type=2"
STALL_TIMEOUT = {"S3MIRROR_STALL_TIMEOUT": "2s"}


def hash_cache_md5s(state_dir):
    """{path: md5 hex} of every entry with a whole-file MD5 in the state dir's hash cache files
    (format in lib/sync/content/hash_cache.h)."""
    found = {}
    for root, _, names in os.walk(state_dir):
        for name in names:
            with open(os.path.join(root, name), "rb") as cache:
                data = cache.read()
            if data.startswith(b"S3MHASH\n"):
                found.update(_parse_hash_cache(data))
    return found


def _parse_hash_cache(data):
    entries, offset = {}, 16
    while data[offset:offset + 4] != b"END!":
        (length,) = struct.unpack_from("<I", data, offset)
        path = data[offset + 4:offset + 4 + length].decode()
        offset += 4 + length + 32
        flags = data[offset]
        offset += 1
        if flags & 1:
            entries[path] = data[offset:offset + 16].hex()
            offset += 16
        if flags & 2:
            offset += 20
        if flags & 4:
            offset += 21
    return entries


class HostileServerTest(harness.S3TestCase):
    def setUp(self):
        super().setUp()
        self.proxy = fault_proxy.FaultProxy(self.server.port, seed=7).start()
        self.addCleanup(self.proxy.stop)
        self.source = self.make_dir("site")

    def key_path(self, key):
        return rf"^/{self.bucket}/{re.escape(key)}(\?|$)"

    def sync_via_proxy(self, *options, **kwargs):
        return self.run_s3mirror("--endpoint-url", self.proxy.endpoint, "--state-dir",
                                 self.state_dir, "sync", *options, self.source, self.url(),
                                 **kwargs)

    def assert_bucket_matches(self, contents):
        remote = self.remote_objects()
        self.assertEqual(sorted(remote), sorted(contents))
        for key, data in contents.items():
            self.assertEqual(self.remote_body(key), data, f"{key} has other content")

    def statuses(self, method, path_regex):
        return [s for m, p, s in self.proxy.records() if m == method and re.search(path_regex, p)]

    # --- stalls -----------------------------------------------------------------------------------

    def test_a_listing_that_never_answers_is_abandoned_after_the_stall_timeout_and_retried(self):
        contents = harness.make_tree(self.source, {"index.html": 900, "a/b.css": "b {}"})
        self.proxy.set_rules([Rule("GET", LISTING, action=STALL, count=1)])
        started = time.monotonic()
        result = self.sync_via_proxy("-v", extra_env=STALL_TIMEOUT)
        self.assert_exit(result, 0)
        self.assertLess(time.monotonic() - started, 25)
        self.assertIn("stalled", result.stderr)
        self.assertEqual(self.statuses("GET", LISTING), [STALL_STATUS, 200])
        self.assert_bucket_matches(contents)

    def test_a_listing_that_stalls_after_part_of_its_body_is_retried_and_the_sync_completes(self):
        contents = harness.make_tree(self.source, {"index.html": 900})
        self.put_remote("index.html", b"old")
        self.put_remote("gone.html", b"to be deleted")
        self.proxy.set_rules([Rule("GET", LISTING, action=STALL, stall_after=120, count=1)])
        result = self.sync_via_proxy("--delete", "--force-delete", extra_env=STALL_TIMEOUT)
        self.assert_exit(result, 0)
        self.assertEqual(self.statuses("GET", LISTING), [STALL_STATUS, 200])
        self.assert_bucket_matches(contents)

    def test_a_put_whose_answer_never_comes_is_retried_and_the_object_arrives(self):
        contents = harness.make_tree(self.source, {"slow.html": 2000, "fast.html": 300})
        self.proxy.set_rules([Rule("PUT", self.key_path("slow.html"), action=STALL, count=2)])
        result = self.sync_via_proxy(extra_env=STALL_TIMEOUT)
        self.assert_exit(result, 0)
        self.assertEqual(self.statuses("PUT", self.key_path("slow.html")),
                         [STALL_STATUS, STALL_STATUS, 200])
        self.assert_bucket_matches(contents)

    def test_a_stall_timeout_that_is_not_a_duration_is_a_configuration_error(self):
        harness.make_tree(self.source, {"index.html": 100})
        for value in ("soon", "0s"):
            result = self.sync_via_proxy(extra_env={"S3MIRROR_STALL_TIMEOUT": value})
            self.assert_exit(result, 2)
            self.assertIn(f"S3MIRROR_STALL_TIMEOUT={value} is not a duration of at least 1s",
                          result.stderr)
        self.assertEqual(self.proxy.records(), [])

    # --- truncated answers ------------------------------------------------------------------------

    def test_a_listing_cut_short_of_its_content_length_is_retried(self):
        contents = harness.make_tree(self.source, {"index.html": 900, "new.css": "x {}"})
        self.put_remote("index.html", b"old")
        self.proxy.set_rules([Rule("GET", LISTING, action=TRUNCATE, keep_bytes=100, count=2)])
        result = self.sync_via_proxy("-v")
        self.assert_exit(result, 0)
        self.assertEqual(self.statuses("GET", LISTING), [TRUNCATED_STATUS, TRUNCATED_STATUS, 200])
        self.assert_bucket_matches(contents)

    def test_a_put_answer_cut_short_is_retried(self):
        contents = harness.make_tree(self.source, {"page.html": 1500})
        self.proxy.set_rules([Rule("PUT", self.key_path("page.html"), action=TRUNCATE, count=1)])
        result = self.sync_via_proxy()
        self.assert_exit(result, 0)
        self.assertEqual(self.statuses("PUT", self.key_path("page.html")), [TRUNCATED_STATUS, 200])
        self.assert_bucket_matches(contents)

    # --- invalid and huge answers -----------------------------------------------------------------

    def test_invalid_xml_in_a_listing_is_a_clear_destination_error_and_nothing_changes(self):
        harness.make_tree(self.source, {"index.html": 900})
        self.put_remote("orphan.html", b"keep me")
        self.proxy.set_rules([Rule("GET", LISTING, action=BODY, status=200,
                                   body=b"<ListBucketResult><Contents><Key>a</Ke")])
        result = self.sync_via_proxy("--delete", "--force-delete")
        self.assert_exit(result, 3)
        self.assertIn("malformed ListObjectsV2 answer from the server", result.stderr)
        self.assertNotIn("Sanitizer", result.stderr)
        self.assertEqual(sorted(self.remote_objects()), ["orphan.html"])

    def test_a_huge_listing_answer_is_abandoned_without_holding_it_in_memory(self):
        harness.make_tree(self.source, {"index.html": 900})
        # 1 GiB announced and sent in 64 KiB pieces; the client must stop reading at 16 MiB.
        self.proxy.set_rules([Rule("GET", LISTING, action=BODY, status=200,
                                   body=b"<ListBucketResult>" + b" " * 65518,
                                   body_repeat=16384)])
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        result = self.sync_via_proxy(timeout=300)
        after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        self.assert_exit(result, 3)
        self.assertIn("is larger than 16.0 MiB; abandoned", result.stderr)
        # ru_maxrss is in KiB and the largest of any child so far: this run's peak, or less. Held
        # whole, the answer alone would take 1 GiB; the bound leaves room for ASan's quarantine.
        self.assertLess(max(before, after), 600 * 1024, "the answer was held in memory")
        self.assertEqual(self.remote_objects(), {})

    # --- lying answers ----------------------------------------------------------------------------

    def test_a_put_answered_200_with_a_wrong_etag_fails_its_key_and_is_not_recorded(self):
        contents = harness.make_tree(self.source, {"good.html": 800, "bad.html": 900})
        self.put_remote("bad.html", b"x" * 900)  # same size, other content
        self.proxy.set_rules([Rule("PUT", self.key_path("bad.html"), action=BODY, status=200,
                                   headers={"ETag": '"0123456789abcdef0123456789abcdef"'})])
        result = self.sync_via_proxy()
        self.assert_exit(result, 1)
        failed = [line for line in result.stderr.splitlines() if "bad.html" in line]
        self.assertTrue(any("0123456789abcdef0123456789abcdef" in line for line in failed),
                        result.stderr)
        self.assertEqual(harness.summary_counts(result.stderr + result.stdout).get("failed"), 1)
        self.assertEqual(self.remote_body("good.html"), contents["good.html"])
        self.assertEqual(self.remote_body("bad.html"), b"x" * 900)
        # The hash cache holds the local file's true MD5 or nothing; never the server's claim.
        cached = hash_cache_md5s(self.state_dir)
        self.assertEqual(cached.get("good.html"), harness.md5_hex(contents["good.html"]))
        self.assertIn(cached.get("bad.html"), (None, harness.md5_hex(contents["bad.html"])))
        # With an honest server, the next run uploads it: nothing marked it as done.
        self.proxy.set_rules([])
        rerun = self.sync_via_proxy()
        self.assert_exit(rerun, 0)
        self.assertEqual(harness.summary_counts(rerun.stderr + rerun.stdout).get("uploaded"), 1)
        self.assert_bucket_matches(contents)

    def test_a_request_timeout_answer_is_retried(self):
        contents = harness.make_tree(self.source, {"page.html": 700})
        self.proxy.set_rules([Rule("PUT", self.key_path("page.html"), status=400,
                                   code="RequestTimeout", count=1)])
        result = self.sync_via_proxy()
        self.assert_exit(result, 0)
        self.assertEqual(self.statuses("PUT", self.key_path("page.html")), [400, 200])
        self.assert_bucket_matches(contents)


if __name__ == "__main__":
    unittest.main()
