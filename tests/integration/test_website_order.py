"""Website order: assets (CSS, JS, images, PDFs, data) go up before the HTML pages, and deletes
come last, so that the CDN never serves a page before what it references.

Every run goes through tests/servers/fault_proxy.py, which records each request when its answer
has been sent; what ended up in the bucket is checked with boto3 against moto directly.
"""

import os
import re
import sys
import unittest

import harness

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "servers"))
import fault_proxy  # noqa: E402
from fault_proxy import Rule  # noqa: E402

PAGE = re.compile(r"\.(html|htm|xhtml)$", re.IGNORECASE)
SITE = {
    "about/index.html": 900,
    "assets/app.js": "console.log(1);",
    "assets/site.css": "body { color: #333 }",
    "docs/annual-report.pdf": 6 * harness.MiB + 123,  # multipart: parts of 5M and 1M
    "docs/index.HTM": 700,
    "img/logo.png": 4000,
    "index.html": 1500,
    "news/2026.xhtml": 800,
    "zdata.csv": "a,b\n1,2\n",
}
MULTIPART = ("--multipart-threshold", "1M", "--part-size", "5M")


def object_key(bucket, path_and_query):
    """The key a path-style request names, without the query; "" for the bucket itself."""
    path = path_and_query.split("?", 1)[0]
    return path[len(bucket) + 2:] if path.startswith(f"/{bucket}/") else ""


class WebsiteOrderTest(harness.S3TestCase):
    def setUp(self):
        super().setUp()
        self.proxy = fault_proxy.FaultProxy(self.server.port, seed=7).start()
        self.addCleanup(self.proxy.stop)
        self.source = self.make_dir("site")
        self.contents = harness.make_tree(self.source, SITE)
        self.put_remote("old/removed.png")

    def sync_via_proxy(self, *options):
        return self.run_s3mirror("--endpoint-url", self.proxy.endpoint, "--state-dir",
                                 self.state_dir, "sync", "--delete", "--force-delete", *MULTIPART,
                                 *options, self.source, self.url())

    def writes(self):
        """[(kind, key, status)] for the requests that change the bucket, in recorded order:
        kind "put" (a PUT of a whole object), "complete" (CompleteMultipartUpload), "delete"."""
        out = []
        for method, path, status in self.proxy.records():
            key = object_key(self.bucket, path)
            if method == "PUT" and "partNumber=" not in path:
                out.append(("put", key, status))
            elif method == "POST" and "uploadId=" in path:
                out.append(("complete", key, status))
            elif method == "POST" and re.search(r"\?delete(=|&|$)", path):
                out.append(("delete", key, status))
        return out

    def assert_mirrored(self):
        remote = self.remote_objects()
        self.assertEqual(set(remote), set(self.contents))
        for relative, data in self.contents.items():
            if len(data) < harness.MiB:
                self.assertEqual(remote[relative]["etag"], harness.md5_hex(data), relative)
        self.assertEqual(self.remote_body("docs/annual-report.pdf"),
                         self.contents["docs/annual-report.pdf"])

    def test_assets_are_stored_before_the_first_page_and_deletes_come_last(self):
        # A page PUT waits 50 ms in the proxy: the recording of the answer that let it start is
        # never raced by the page's own record.
        self.proxy.set_rules([Rule("PUT", r"\.(html|htm|xhtml|HTM)(\?|$)", action=fault_proxy.DELAY,
                                   delay_ms=50)])
        result = self.sync_via_proxy()
        self.assert_exit(result, 0)
        self.assert_mirrored()
        writes = self.writes()
        pages = [i for i, (kind, key, _) in enumerate(writes) if kind == "put" and PAGE.search(key)]
        assets = [i for i, (kind, key, _) in enumerate(writes)
                  if kind in ("put", "complete") and not PAGE.search(key)]
        deletes = [i for i, (kind, _, _) in enumerate(writes) if kind == "delete"]
        self.assertEqual(len(pages), 4, writes)
        self.assertEqual(len(assets), 5, writes)
        self.assertIn(("complete", "docs/annual-report.pdf", 200), writes)
        self.assertLess(max(assets), min(pages), writes)
        self.assertEqual(len(deletes), 1, writes)
        self.assertGreater(deletes[0], max(pages), writes)
        self.assertNotIn("old/removed.png", self.remote_objects())

    def test_without_website_order_uploads_run_in_plain_key_order(self):
        result = self.sync_via_proxy("--no-website-order", "--concurrency", "1")
        self.assert_exit(result, 0)
        self.assert_mirrored()
        stored = [key for kind, key, _ in self.writes() if kind in ("put", "complete")]
        self.assertEqual(stored, sorted(SITE, key=lambda k: k.encode()))
        self.assertEqual(self.writes()[-1][0], "delete")

    def test_with_one_request_at_a_time_the_order_is_assets_pages_deletes(self):
        result = self.sync_via_proxy("--concurrency", "1")
        self.assert_exit(result, 0)
        stored = [key for kind, key, _ in self.writes() if kind in ("put", "complete")]
        by_key = sorted(SITE, key=lambda k: k.encode())
        self.assertEqual(stored, [k for k in by_key if not PAGE.search(k)] +
                         [k for k in by_key if PAGE.search(k)])
        self.assertEqual(self.writes()[-1][0], "delete")

    def test_dry_run_lists_the_uploads_in_the_order_they_would_run(self):
        for options, expected in (((), [k for k in sorted(SITE) if not PAGE.search(k)] +
                                   [k for k in sorted(SITE) if PAGE.search(k)]),
                                  (("--no-website-order",), sorted(SITE))):
            with self.subTest(options=options):
                result = self.sync_via_proxy("--dry-run", *options)
                self.assert_exit(result, 0)
                listed = re.findall(r"would upload (\S+)", result.stdout + result.stderr)
                self.assertEqual(listed, expected, result.stdout)
                deleted = re.findall(r"would delete (\S+)", result.stdout + result.stderr)
                self.assertEqual(deleted, ["old/removed.png"])
        self.assertEqual(self.writes(), [])

    def test_pages_still_go_up_after_a_failed_asset_but_nothing_is_deleted(self):
        # An operator would rather serve current pages with one stale or missing image than keep
        # every page stale because of one file: the pages go up, the failure is reported (exit 1,
        # no heartbeat), and deletes are skipped as after any failure.
        self.proxy.set_rules([
            Rule("PUT", rf"^/{self.bucket}/assets/site\.css(\?|$)", status=403,
                 code="AccessDenied"),
            Rule("PUT", r"\.(html|htm|xhtml|HTM)(\?|$)", action=fault_proxy.DELAY, delay_ms=50)])
        result = self.sync_via_proxy("--heartbeat", "hb.txt")
        self.assert_exit(result, 1)
        self.assertIn("asset upload(s) failed; uploading the HTML pages anyway", result.stderr)
        remote = self.remote_objects()
        self.assertNotIn("assets/site.css", remote)
        for page in (k for k in SITE if PAGE.search(k)):
            self.assertEqual(self.remote_body(page), self.contents[page], page)
        writes = self.writes()
        failed = writes.index(("put", "assets/site.css", 403))
        first_page = min(i for i, (kind, key, _) in enumerate(writes) if PAGE.search(key))
        self.assertLess(failed, first_page, writes)
        self.assertNotIn("delete", [kind for kind, _, _ in writes])
        self.assertIn("old/removed.png", remote)
        self.assertNotIn("hb.txt", remote)


if __name__ == "__main__":
    unittest.main(verbosity=2)
