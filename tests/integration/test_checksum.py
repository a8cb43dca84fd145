"""--checksum md5|crc32c|sha256|none against the local S3 server, single PUT and multipart, and a
body corrupted in flight by the fault proxy.

What moto 5 checks, found by reading it and shown by these tests: it stores the x-amz-checksum-*
value a PUT sends (and returns it to HEAD with ChecksumMode=ENABLED), so the value s3mirror computes
is compared here with an independent computation; it computes a multipart object's checksum itself
from the parts it received; it verifies neither Content-MD5 nor x-amz-checksum-* against the body.
So a corrupted body is stored by moto, and what refuses it here is s3mirror's own check: the ETag
returned must be the MD5 of the bytes sent. AWS S3 refuses such a body itself (BadDigest / 400).

EndpointChecksumTest runs the same uploads against bench/s3_endpoint.js, which does what AWS does:
it recomputes Content-MD5, x-amz-checksum-crc32c and x-amz-checksum-sha256 from the body it received
(single PUTs and parts) and refuses a mismatch, and checks the SigV4 payload hash. So there "accepted"
means the server found the checksums s3mirror sent correct, and a body corrupted in flight is refused
by the server (over plain HTTP the signed payload hash is the first check to catch it).
"""

import base64
import hashlib
import os
import re
import sys
import unittest

import harness

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "servers"))
import fault_proxy  # noqa: E402
from fault_proxy import CORRUPT, Rule  # noqa: E402

MODES = ("md5", "crc32c", "sha256", "none")
PART = 5 * harness.MiB


def _crc32c_table():
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
        table.append(crc)
    return table


_TABLE = _crc32c_table()


def crc32c(data):
    """CRC-32C, bit by bit from the polynomial: independent of s3mirror's slice-by-8 tables."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc = (crc >> 8) ^ _TABLE[(crc ^ byte) & 0xFF]
    return crc ^ 0xFFFFFFFF


def b64(raw):
    return base64.b64encode(raw).decode()


class ChecksumTest(harness.S3TestCase):
    def setUp(self):
        super().setUp()
        self.source = self.make_dir("site")
        self.proxy = fault_proxy.FaultProxy(self.server.port, seed=7).start()
        self.addCleanup(self.proxy.stop)

    def sync_mode(self, mode, *options):
        return self.run_s3mirror("--endpoint-url", self.proxy.endpoint, "--state-dir",
                                 self.state_dir, "sync", "--checksum", mode,
                                 "--multipart-threshold", "5M", "--part-size", "5M", *options,
                                 self.source, self.url())

    def head(self, key):
        return self.s3.head_object(Bucket=self.bucket, Key=key, ChecksumMode="ENABLED")

    def test_every_mode_uploads_single_and_multipart_objects_the_server_accepts(self):
        contents = harness.make_tree(self.source, {"page.html": "<p>checksums</p>" * 50,
                                                   "big.pdf": 2 * PART + 12345})
        for mode in MODES:
            with self.subTest(mode=mode):
                self.bucket = f"{self.bucket.split('-m-')[0]}-m-{mode}"
                self.s3.create_bucket(Bucket=self.bucket)
                result = self.sync_mode(mode)
                self.assert_exit(result, 0)
                for key, data in contents.items():
                    self.assertEqual(self.remote_body(key), data, key)
                page = self.head("page.html")
                if mode == "crc32c":
                    expected = b64(crc32c(contents["page.html"]).to_bytes(4, "big"))
                    self.assertEqual(page.get("ChecksumCRC32C"), expected)
                elif mode == "sha256":
                    expected = b64(hashlib.sha256(contents["page.html"]).digest())
                    self.assertEqual(page.get("ChecksumSHA256"), expected)
                    parts = [contents["big.pdf"][i:i + PART]
                             for i in range(0, len(contents["big.pdf"]), PART)]
                    composite = hashlib.sha256(
                        b"".join(hashlib.sha256(p).digest() for p in parts)).digest()
                    self.assertEqual(self.head("big.pdf").get("ChecksumSHA256"), b64(composite))
                else:
                    self.assertNotIn("ChecksumCRC32C", page)
                    self.assertNotIn("ChecksumSHA256", page)

    def test_a_body_corrupted_in_flight_fails_its_key_and_the_next_run_repairs_it(self):
        contents = harness.make_tree(self.source, {"page.html": 3000, "big.pdf": 2 * PART + 99})
        for mode in MODES:
            with self.subTest(mode=mode):
                self.bucket = f"{self.bucket.split('-c-')[0]}-c-{mode}"
                self.s3.create_bucket(Bucket=self.bucket)
                self.proxy.set_rules([
                    Rule("PUT", rf"^/{self.bucket}/page\.html$", action=CORRUPT, count=1),
                    Rule("PUT", rf"^/{self.bucket}/big\.pdf\?partNumber=2&", action=CORRUPT,
                         count=1)])
                first = self.sync_mode(mode)
                self.assert_exit(first, 1)
                self.assertEqual(harness.summary_counts(first.stdout + first.stderr)["failed"], 2)
                self.assertIn("page.html", first.stderr)
                self.assertIn("big.pdf", first.stderr)
                self.assertRegex(first.stderr, re.compile("not the (multipart ETag|MD5)"))
                # moto stored the corrupted single PUT (its ETag is the MD5 of other bytes): the
                # refusal came from s3mirror's check.
                remote = self.remote_objects()
                self.assertNotEqual(remote["page.html"]["etag"],
                                    harness.md5_hex(contents["page.html"]))
                self.assertNotIn("big.pdf", remote)  # aborted, never completed
                self.proxy.set_rules([])
                second = self.sync_mode(mode)
                self.assert_exit(second, 0)
                for key, data in contents.items():
                    self.assertEqual(self.remote_body(key), data, key)

    def test_an_unknown_checksum_is_a_usage_error(self):
        harness.make_tree(self.source, {"a.html": "a"})
        result = self.sync_mode("crc32")
        self.assert_exit(result, 2)
        self.assertIn("--checksum \"crc32\" is not one of md5, crc32c, sha256, none",
                      result.stderr)


class EndpointChecksumTest(harness.VerifyingEndpointTestCase):
    """Against an endpoint that verifies every checksum, as AWS does (see the module docstring)."""

    PROXY_SEED = 3

    def setUp(self):
        super().setUp()
        self.contents = harness.make_tree(self.source, {"page.html": 3000,
                                                        "big.pdf": 2 * PART + 99})

    def sync_mode(self, bucket, mode):
        return self.sync_through_proxy(bucket, "--checksum", mode)

    def test_every_mode_is_verified_and_accepted_by_the_server(self):
        for mode in ("md5", "crc32c", "sha256"):
            with self.subTest(mode=mode):
                bucket = f"accept-{mode}"
                self.s3.create_bucket(Bucket=bucket)
                result = self.sync_mode(bucket, mode)
                self.assertEqual(result.returncode, 0, result.stderr)
                for key, data in self.contents.items():
                    body = self.s3.get_object(Bucket=bucket, Key=key)["Body"].read()
                    self.assertEqual(body, data, key)

    def test_a_body_corrupted_in_flight_is_refused_by_the_server(self):
        for mode in ("md5", "crc32c", "sha256"):
            with self.subTest(mode=mode):
                bucket = f"corrupt-{mode}"
                self.s3.create_bucket(Bucket=bucket)
                self.proxy.clear_records()
                self.proxy.set_rules([
                    Rule("PUT", rf"^/{bucket}/page\.html$", action=CORRUPT, count=1),
                    Rule("PUT", rf"^/{bucket}/big\.pdf\?partNumber=2&", action=CORRUPT,
                         count=1)])
                first = self.sync_mode(bucket, mode)
                self.assertEqual(first.returncode, 1, first.stderr)
                refused = [(method, path) for method, path, status in self.proxy.records()
                           if status == 400]
                self.assertEqual(len(refused), 2, self.proxy.records())
                self.assertIn("page.html", first.stderr)
                self.assertIn("big.pdf", first.stderr)
                listed = self.s3.list_objects_v2(Bucket=bucket).get("Contents", [])
                self.assertEqual([item["Key"] for item in listed], [])  # nothing torn stored
                self.proxy.set_rules([])
                second = self.sync_mode(bucket, mode)
                self.assertEqual(second.returncode, 0, second.stderr)
                for key, data in self.contents.items():
                    body = self.s3.get_object(Bucket=bucket, Key=key)["Body"].read()
                    self.assertEqual(body, data, key)


if __name__ == "__main__":
    unittest.main()
