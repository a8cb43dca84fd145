"""Objects stored with SSE-KMS, whose ETags are not the MD5 of their content.

S3 gives an SSE-KMS object (asked for with --sse aws:kms, or by the bucket's default encryption)
an ETag of the MD5 form that is not the content's MD5. moto does not, so the runs go through
tests/servers/fault_proxy.py with sse_kms=True, which answers as S3 does: every ETag it passes on
is replaced by another 32-hex value, and PUT and POST answers say x-amz-server-side-encryption:
aws:kms. The content is checked with boto3 against moto directly.

An upload answered that way is accepted (the body was checked by the server through Content-MD5),
and the ETag it got back is kept in the hash cache with the file's stamp: the next run knows the
object is the file's as long as the file keeps its stamp, and uploads nothing. A file changed since
is uploaded again, even when its size is the same.
"""

import os
import sys
import unittest

import boto3
from botocore.config import Config

import harness

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "servers"))
import fault_proxy  # noqa: E402

BIG = 11 * harness.MiB + 7  # three parts of 5 MiB


class SseKmsTest(harness.S3TestCase):
    def setUp(self):
        super().setUp()
        self.proxy = fault_proxy.FaultProxy(self.server.port).start()
        self.addCleanup(self.proxy.stop)
        self.proxy.sse_kms = True
        self.source = self.make_dir("site")
        self.contents = harness.make_tree(self.source, {
            "index.html": "<p>home</p>", "pages/a.html": 3000, "pages/b.html": 3000,
            "css/site.css": "p { margin: 0 }", "docs/big.pdf": BIG})

    def kms_sync(self, *options):
        return self.run_s3mirror("--endpoint-url", self.proxy.endpoint, "--state-dir",
                                 self.state_dir, "sync", "--multipart-threshold", "5M",
                                 "--part-size", "5M", *options, self.source, self.url())

    def uploads(self):
        """The PUT and POST ?uploads requests the proxy has seen (single PUTs, parts, creates)."""
        return [(method, path) for method, path, _ in self.proxy.records()
                if method == "PUT" or (method == "POST" and path.endswith("?uploads"))]

    def assert_bucket_is_the_tree(self):
        remote = self.remote_objects()
        self.assertEqual(sorted(remote), sorted(self.contents))
        for key, data in self.contents.items():
            self.assertEqual(self.remote_body(key), data, key)

    def test_the_proxy_gives_etags_that_are_not_the_content_md5(self):
        through_proxy = boto3.client(
            "s3", endpoint_url=self.proxy.endpoint, region_name="us-east-1",
            aws_access_key_id=self.server.access_key,
            aws_secret_access_key=self.server.secret_key,
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1},
                          proxies={}))
        put = through_proxy.put_object(Bucket=self.bucket, Key="x", Body=b"hello")
        self.assertEqual(put["ServerSideEncryption"], "aws:kms")
        expected = fault_proxy.kms_etag(harness.md5_hex(b"hello"))
        self.assertNotEqual(expected, harness.md5_hex(b"hello"))
        self.assertEqual(put["ETag"].strip('"'), expected)
        listed = through_proxy.list_objects_v2(Bucket=self.bucket)["Contents"]
        self.assertEqual([item["ETag"].strip('"') for item in listed], [expected])
        self.assertEqual(self.remote_objects()["x"]["etag"], harness.md5_hex(b"hello"))

    def test_an_unchanged_tree_is_uploaded_once_then_nothing(self):
        for options in (("--sse", "aws:kms"), ()):  # asked for, or the bucket's default
            with self.subTest(options=options):
                self.use_a_fresh_bucket()
                first = self.kms_sync(*options)
                self.assert_exit(first, 0)
                self.assert_bucket_is_the_tree()
                self.assertEqual(harness.summary_counts(first.stdout + first.stderr)["uploaded"],
                                 len(self.contents))
                self.proxy.clear_records()
                second = self.kms_sync(*options)
                self.assert_exit(second, 0)
                self.assertEqual(self.uploads(), [])
                self.assertEqual(harness.summary_counts(second.stdout + second.stderr)["uploaded"],
                                 0)

    def test_a_file_changed_to_the_same_size_is_uploaded_again(self):
        self.assert_exit(self.kms_sync("--sse", "aws:kms"), 0)
        changed = bytes(reversed(self.contents["pages/a.html"]))  # same size, other content
        self.assertNotEqual(changed, self.contents["pages/a.html"])
        with open(os.path.join(self.source, "pages", "a.html"), "wb") as out:
            out.write(changed)
        self.contents["pages/a.html"] = changed
        self.proxy.clear_records()
        result = self.kms_sync("--sse", "aws:kms")
        self.assert_exit(result, 0)
        self.assertEqual(self.uploads(), [("PUT", f"/{self.bucket}/pages/a.html")])
        self.assert_bucket_is_the_tree()

    def use_a_fresh_bucket(self):
        """A fresh bucket and state dir, for a subtest that starts from nothing."""
        self.bucket = "t-kms-" + os.urandom(6).hex()
        self.s3.create_bucket(Bucket=self.bucket)
        self.state_dir = self.make_dir("state-" + self.bucket)


if __name__ == "__main__":
    unittest.main(verbosity=2)
