"""--headers rules, their repair by a metadata-only CopyObject, --fix-headers, and bad rules files.

Requests go through the fault proxy, whose copies() lists every request that carried
x-amz-copy-source, so a repair run is shown to send CopyObject and no PutObject. Headers are read
back with boto3's head_object.
"""

import os
import sys
import unittest

import harness

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "servers"))
import fault_proxy  # noqa: E402

RULES_A = """# site headers
**/*.css: Cache-Control: max-age=60
downloads/**: Content-Type: application/octet-stream
"""
RULES_B = """# site headers, changed
**/*.css: Cache-Control: max-age=86400
downloads/**: Content-Type: application/octet-stream
downloads/**: Content-Disposition: attachment
"""
TREE = {"index.html": "<h1>home</h1>", "style/site.css": "body {}", "a.css": "a {}",
        "downloads/report.pdf": 4000, "news/item.html": "<p>news</p>"}


class HeadersTest(harness.S3TestCase):
    def setUp(self):
        super().setUp()
        self.source = self.make_dir("site")
        self.rules = os.path.join(self.tmp, "site.headers")
        self.proxy = fault_proxy.FaultProxy(self.server.port, seed=3).start()
        self.addCleanup(self.proxy.stop)

    def write_rules(self, text):
        with open(self.rules, "w") as out:
            out.write(text)

    def sync_rules(self, *options):
        return self.run_s3mirror("--endpoint-url", self.proxy.endpoint, "--state-dir",
                                 self.state_dir, "sync", "--headers", self.rules, *options,
                                 self.source, self.url())

    def head(self, key):
        return self.s3.head_object(Bucket=self.bucket, Key=key)

    def methods(self):
        return [(method, path.split("?")[0]) for method, path, _ in self.proxy.records()]

    def test_a_changed_rule_is_repaired_by_copy_without_upload(self):
        harness.make_tree(self.source, TREE)
        self.write_rules(RULES_A)
        self.assert_exit(self.sync_rules(), 0)
        self.assertEqual(self.head("style/site.css")["CacheControl"], "max-age=60")
        self.assertEqual(self.head("downloads/report.pdf")["ContentType"],
                         "application/octet-stream")
        self.assertNotIn("ContentDisposition", self.head("downloads/report.pdf"))
        before = self.remote_objects()
        bodies = {key: self.remote_body(key) for key in before}

        self.write_rules(RULES_B)
        dry = self.sync_rules("--dry-run")
        self.assert_exit(dry, 0)
        for key in ("a.css", "style/site.css", "downloads/report.pdf"):
            self.assertIn(f"would fix headers of {key}", dry.stdout + dry.stderr)
        self.assertNotIn("would fix headers of index.html", dry.stdout + dry.stderr)
        self.assertEqual(self.head("style/site.css")["CacheControl"], "max-age=60")

        self.proxy.clear_records()
        result = self.sync_rules()
        self.assert_exit(result, 0)
        self.assertIn("fixed headers of 3", result.stdout + result.stderr)
        affected = {f"/{self.bucket}/{key}" for key in
                    ("a.css", "style/site.css", "downloads/report.pdf")}
        puts = [path for method, path in self.methods() if method == "PUT"]
        copies = [path for method, path, _ in self.proxy.copies()]
        self.assertEqual(sorted(puts), sorted(affected))
        self.assertEqual(sorted(copies), sorted(puts))  # every PUT was a CopyObject
        self.assertNotIn("POST", [method for method, _ in self.methods()])
        self.assertEqual(self.remote_objects(), before)  # sizes and ETags unchanged
        for key, body in bodies.items():
            self.assertEqual(self.remote_body(key), body, key)
        self.assertEqual(self.head("style/site.css")["CacheControl"], "max-age=86400")
        self.assertEqual(self.head("a.css")["ContentType"], "text/css; charset=utf-8")
        self.assertEqual(self.head("downloads/report.pdf")["ContentDisposition"], "attachment")
        self.assertEqual(self.head("downloads/report.pdf")["ContentType"],
                         "application/octet-stream")
        self.assertNotIn("CacheControl", self.head("index.html"))

        self.proxy.clear_records()
        self.assert_exit(self.sync_rules(), 0)  # nothing left to repair
        self.assertEqual([m for m, _ in self.methods() if m in ("PUT", "HEAD")], [])

    def test_a_failed_copy_fails_its_key_and_the_next_run_repairs_it(self):
        harness.make_tree(self.source, TREE)
        self.write_rules(RULES_A)
        self.assert_exit(self.sync_rules(), 0)
        self.write_rules(RULES_B)
        self.proxy.set_rules([fault_proxy.Rule("PUT", rf"^/{self.bucket}/a\.css$", status=403,
                                               code="AccessDenied")])
        first = self.sync_rules()
        self.assert_exit(first, 1)
        self.assertIn("a.css", first.stderr)
        self.assertIn("fixed headers of 2", first.stdout + first.stderr)
        self.assertEqual(self.head("a.css")["CacheControl"], "max-age=60")
        self.proxy.set_rules([])
        self.proxy.clear_records()
        second = self.sync_rules()
        self.assert_exit(second, 0)
        self.assertIn("fixed headers of 1", second.stdout + second.stderr)
        self.assertEqual([p for _, p, _ in self.proxy.copies()], [f"/{self.bucket}/a.css"])
        self.assertEqual(self.head("a.css")["CacheControl"], "max-age=86400")

    def test_fix_headers_repairs_a_change_made_behind_its_back_within_the_budget(self):
        harness.make_tree(self.source, TREE)
        self.write_rules(RULES_B)
        self.assert_exit(self.sync_rules(), 0)
        # Keys in order: a.css, downloads/report.pdf, index.html, news/item.html, style/site.css
        self.s3.copy_object(Bucket=self.bucket, Key="news/item.html", MetadataDirective="REPLACE",
                            CopySource={"Bucket": self.bucket, "Key": "news/item.html"},
                            ContentType="application/x-wrong", CacheControl="no-store")
        self.proxy.clear_records()
        self.assert_exit(self.sync_rules(), 0)  # the record says it is right: no check
        self.assertEqual(self.head("news/item.html")["ContentType"], "application/x-wrong")

        heads_per_run = []
        for _ in range(2):
            self.proxy.clear_records()
            result = self.sync_rules("--fix-headers", "--fix-headers-budget", "2")
            self.assert_exit(result, 0)
            heads_per_run.append([p for m, p in self.methods() if m == "HEAD"])
        self.assertEqual(len(heads_per_run[0]), 2)
        self.assertEqual(len(heads_per_run[1]), 2)
        self.assertNotIn(f"/{self.bucket}/news/item.html", heads_per_run[0])
        self.assertIn(f"/{self.bucket}/news/item.html", heads_per_run[1])  # resumed after run 1
        self.assertIn("fixed headers of 1", result.stdout + result.stderr)
        self.assertEqual([p for _, p, _ in self.proxy.copies()],
                         [f"/{self.bucket}/news/item.html"])
        head = self.head("news/item.html")
        self.assertEqual(head["ContentType"], "text/html; charset=utf-8")
        self.assertNotIn("CacheControl", head)
        self.assertEqual(self.remote_body("news/item.html"), b"<p>news</p>")

    def test_bad_rules_files_are_usage_errors_naming_file_and_line(self):
        harness.make_tree(self.source, {"a.html": "a"})
        cases = {
            "**/*.css: Cache-Control: max-age=60\n\n*.js: Location: /elsewhere\n":
                ":3: header \"Location\" is not allowed",
            "# fine\n*.css Cache-Control max-age=60\n": ":2: expected \"GLOB: Header: value\"",
            "*.css: Cache-Control:\n": ":1: Cache-Control has an empty value",
        }
        for text, message in cases.items():
            with self.subTest(message=message):
                self.write_rules(text)
                result = self.sync_rules()
                self.assert_exit(result, 2)
                self.assertIn(self.rules + message, result.stderr)
        self.assertEqual(self.remote_objects(), {})
        missing = self.run_s3mirror("--endpoint-url", self.proxy.endpoint, "sync", "--headers",
                                    os.path.join(self.tmp, "nope"), self.source, self.url())
        self.assert_exit(missing, 2)
        self.assertIn("--headers: ", missing.stderr)


if __name__ == "__main__":
    unittest.main()
