"""sync --unsigned-payload over plain http, against bench/s3_endpoint.js.

The endpoint checks every SigV4 signature, verifies Content-MD5, x-amz-checksum-crc32c and
x-amz-checksum-sha256 against the body it received (BadDigest), checks a hex payload hash against
the body (XAmzContentSHA256Mismatch), and counts the payload mode of every request it accepted in
GET /__stats ("signed" for a hex SHA-256, "UNSIGNED-PAYLOAD"). moto checks none of the body
checksums, so these tests need this endpoint.

With the option every PutObject and UploadPart is sent as UNSIGNED-PAYLOAD and everything else is
signed; the server accepts the signatures and the checksums, and boto3 reads back the files. A body
corrupted in flight (the fault proxy flips one bit) is refused by the server through the signed
body checksum, not through a payload hash, since there is none. `--checksum none` would leave the
body unprotected: the combination is refused before any request.
"""

import collections
import os
import sys
import unittest

import harness

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "servers"))
from fault_proxy import CORRUPT, Rule  # noqa: E402

PART = 5 * harness.MiB
UPLOADS = ("PutObject", "UploadPart")


def delta(before, after, table):
    """The counts of /__stats table `table` (requests, errors, payloads) between two snapshots."""
    counts = collections.Counter(after[table])
    counts.subtract(before[table])
    return {name: count for name, count in counts.items() if count}


class UnsignedPayloadTest(harness.VerifyingEndpointTestCase):
    PROXY_SEED = 5

    def setUp(self):
        super().setUp()
        files = {f"pages/p{i}.html": 30 * 1024 + i for i in range(12)}
        files.update({"empty.txt": b"", "style.css": "body{}", "big.pdf": 2 * PART + 99})
        self.contents = harness.make_tree(self.source, files)
        self.proxy.set_rules([])
        self.proxy.clear_records()

    def sync(self, bucket, *options):
        return self.sync_through_proxy(bucket, *options)

    def measured_sync(self, bucket, *options):
        """Runs sync; returns (result, requests, errors, payloads) as the endpoint counted them."""
        before = self.endpoint.stats()
        result = self.sync(bucket, *options)
        after = self.endpoint.stats()
        return (result, delta(before, after, "requests"), delta(before, after, "errors"),
                delta(before, after, "payloads"))

    def assert_bucket_is_the_tree(self, bucket):
        listed = self.s3.list_objects_v2(Bucket=bucket).get("Contents", [])
        self.assertEqual(sorted(item["Key"] for item in listed), sorted(self.contents))
        for key, data in self.contents.items():
            self.assertEqual(self.s3.get_object(Bucket=bucket, Key=key)["Body"].read(), data, key)

    def test_with_the_option_every_upload_is_unsigned_and_the_server_verifies_it(self):
        for mode in ("md5", "crc32c", "sha256"):
            with self.subTest(mode=mode):
                bucket = f"unsigned-{mode}"
                self.s3.create_bucket(Bucket=bucket)
                result, requests, errors, payloads = self.measured_sync(
                    bucket, "--unsigned-payload", "--checksum", mode)
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(errors, {})
                uploads = sum(requests.get(name, 0) for name in UPLOADS)
                self.assertEqual(requests.get("PutObject"), len(self.contents) - 1)
                self.assertEqual(requests.get("UploadPart"), 3)
                self.assertEqual(payloads.get("UNSIGNED-PAYLOAD"), uploads)
                # Listing, multipart create and complete: signed, as without the option.
                self.assertEqual(payloads.get("signed"), sum(requests.values()) - uploads)
                self.assert_bucket_is_the_tree(bucket)

    def test_without_the_option_every_payload_is_signed_over_http(self):
        bucket = "signed-md5"
        self.s3.create_bucket(Bucket=bucket)
        result, requests, errors, payloads = self.measured_sync(bucket)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(errors, {})
        self.assertEqual(requests.get("PutObject"), len(self.contents) - 1)
        self.assertEqual(payloads, {"signed": sum(requests.values())})
        self.assert_bucket_is_the_tree(bucket)

    def test_a_body_corrupted_in_flight_is_refused_through_its_checksum(self):
        for mode in ("md5", "crc32c", "sha256"):
            with self.subTest(mode=mode):
                bucket = f"corrupt-unsigned-{mode}"
                self.s3.create_bucket(Bucket=bucket)
                self.proxy.set_rules([
                    Rule("PUT", rf"^/{bucket}/pages/p3\.html$", action=CORRUPT, count=1),
                    Rule("PUT", rf"^/{bucket}/big\.pdf\?partNumber=2&", action=CORRUPT,
                         count=1)])
                first, _, errors, _ = self.measured_sync(
                    bucket, "--unsigned-payload", "--checksum", mode)
                self.assertEqual(first.returncode, 1, first.stderr)
                # BadDigest: the signed checksum header caught the flipped bit (with a signed
                # payload hash the server would have answered XAmzContentSHA256Mismatch).
                self.assertEqual(errors, {"BadDigest": 2})
                self.assertIn("pages/p3.html", first.stderr)
                self.assertIn("big.pdf", first.stderr)
                listed = {item["Key"] for item in
                          self.s3.list_objects_v2(Bucket=bucket).get("Contents", [])}
                self.assertNotIn("pages/p3.html", listed)
                self.assertNotIn("big.pdf", listed)
                self.proxy.set_rules([])
                second = self.sync(bucket, "--unsigned-payload", "--checksum", mode)
                self.assertEqual(second.returncode, 0, second.stderr)
                self.assert_bucket_is_the_tree(bucket)

    def test_checksum_none_with_the_option_over_http_is_refused_before_any_request(self):
        bucket = "refused-none"
        self.s3.create_bucket(Bucket=bucket)
        result, requests, _, _ = self.measured_sync(
            bucket, "--unsigned-payload", "--checksum", "none")
        self.assertEqual(result.returncode, 2, result.stderr)
        lines = result.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertIn("--unsigned-payload with --checksum none over http would leave upload "
                      "bodies unprotected", lines[0])
        self.assertEqual(requests, {})
        self.assertEqual(self.proxy.records(), [])


if __name__ == "__main__":
    unittest.main()
