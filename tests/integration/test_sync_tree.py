"""A first sync of a tree with awkward names, checked object by object with boto3; a rerun is a no-op."""

import hashlib
import os
import unittest

import harness
from harness import MiB

# Keys that need careful URI encoding and signing, byte-order neighbours, empty files and nesting.
AWKWARD_FILES = {
    "index.html": "<!doctype html><title>Start</title>",
    "css/site.css": "body { color: #333 }",
    "js/app.js": "console.log('hi');",
    "data/table.csv": "a,b\n1,2\n",
    "feed.xml": "<?xml version='1.0'?><feed/>",
    "docs/report.pdf": "%PDF-1.4 small",
    "docs/annual report 2025.pdf": 12 * MiB,  # above --multipart-threshold 5M: three 5 MiB parts
    "with space/file name.html": "<p>space</p>",
    "plus+sign.html": "plus",
    "percent%41.txt": "percent",
    "amp&ersand.txt": "ampersand",
    "eq=ual.txt": "equal",
    "tilde~file.txt": "tilde",
    "it's.html": "apostrophe",
    "café/résumé.html": "<p>é</p>",
    "日本/ページ.html": "<p>日本</p>",
    "n1/n2/n3/n4/n5/n6/deep.html": "six levels",
    "a-b": "a-b sorts before a/x",
    "a/x": "inside a/",
    "a.b": "dot",
    "empty.txt": b"",
    "emptydir-neighbour/also-empty.css": b"",
}

EXPECTED_TYPES = {
    "index.html": ("text/html; charset=utf-8",),
    "it's.html": ("text/html; charset=utf-8",),
    "日本/ページ.html": ("text/html; charset=utf-8",),
    "css/site.css": ("text/css", "text/css; charset=utf-8"),
    "js/app.js": ("text/javascript", "application/javascript", "text/javascript; charset=utf-8",
                  "application/javascript; charset=utf-8"),
    "docs/report.pdf": ("application/pdf",),
    "docs/annual report 2025.pdf": ("application/pdf",),
    "data/table.csv": ("text/csv", "text/csv; charset=utf-8"),
    "feed.xml": ("application/xml", "text/xml", "application/xml; charset=utf-8",
                 "text/xml; charset=utf-8"),
}

MULTIPART_OPTIONS = ("--multipart-threshold", "5M", "--part-size", "5M")


def multipart_etag(content, part_size):
    digests = [hashlib.md5(content[i:i + part_size]).digest()
               for i in range(0, len(content), part_size)]
    return f"{hashlib.md5(b''.join(digests)).hexdigest()}-{len(digests)}"


class SyncTreeTest(harness.S3TestCase):
    def setUp(self):
        super().setUp()
        self.source = self.make_dir("site")
        self.contents = harness.make_tree(self.source, AWKWARD_FILES)

    def test_first_sync_uploads_every_file_with_its_key_size_md5_and_type(self):
        result = self.sync(self.source, *MULTIPART_OPTIONS)
        self.assert_exit(result, 0)
        remote = self.remote_objects()
        self.assertEqual(sorted(remote), sorted(self.contents))
        for key, content in self.contents.items():
            with self.subTest(key=key):
                self.assertEqual(remote[key]["size"], len(content))
                if len(content) > 5 * MiB:
                    self.assertEqual(remote[key]["etag"], multipart_etag(content, 5 * MiB))
                    self.assertEqual(self.remote_body(key), content)
                else:
                    self.assertEqual(remote[key]["etag"], harness.md5_hex(content))
        for key, allowed in EXPECTED_TYPES.items():
            with self.subTest(key=key):
                head = self.s3.head_object(Bucket=self.bucket, Key=key)
                self.assertIn(head["ContentType"], allowed)
        self.assertEqual(harness.summary_counts(result.stdout + result.stderr).get("uploaded"),
                         len(self.contents))

    def test_second_sync_uploads_nothing_and_only_lists(self):
        self.assert_exit(self.sync(self.source, *MULTIPART_OPTIONS), 0)
        mark = self.server.mark()
        result = self.sync(self.source, *MULTIPART_OPTIONS)
        self.assert_exit(result, 0)
        self.assertEqual(harness.summary_counts(result.stdout + result.stderr).get("uploaded"), 0,
                         result.stdout + result.stderr)
        requests = self.server.requests_since(mark)
        self.assertTrue(requests, "the rerun made no request at all")
        for method, path, _ in requests:
            with self.subTest(request=f"{method} {path}"):
                self.assertEqual(method, "GET")
                bucket_part = path.split("?")[0].rstrip("/")
                self.assertEqual(bucket_part, "/" + self.bucket, "a rerun must only list")

    def test_rerun_without_hash_cache_still_uploads_nothing(self):
        self.assert_exit(self.sync(self.source, *MULTIPART_OPTIONS), 0)
        before = self.remote_objects()
        result = self.sync(self.source, "--no-hash-cache", *MULTIPART_OPTIONS)
        self.assert_exit(result, 0)
        self.assertEqual(harness.summary_counts(result.stdout + result.stderr).get("uploaded"), 0)
        self.assertEqual(self.remote_objects(), before)

    def test_sync_under_a_prefix_keeps_keys_below_it_and_leaves_others(self):
        self.put_remote("elsewhere/keep.txt")
        result = self.sync(self.source, "--delete", "--force-delete", *MULTIPART_OPTIONS,
                           prefix="site/v1/")
        self.assert_exit(result, 0)
        remote = self.remote_objects()
        self.assertIn("elsewhere/keep.txt", remote)
        self.assertEqual(sorted(k for k in remote if k.startswith("site/v1/")),
                         sorted("site/v1/" + k for k in self.contents))

    def test_dry_run_after_a_sync_lists_nothing_to_upload(self):
        self.assert_exit(self.sync(self.source, *MULTIPART_OPTIONS), 0)
        result = self.sync(self.source, "--dry-run", *MULTIPART_OPTIONS)
        self.assert_exit(result, 0)
        for key in self.contents:
            self.assertNotIn(key, result.stdout, "dry run lists an unchanged file")


if __name__ == "__main__":
    unittest.main(verbosity=2)
