"""Awkward file names (lib/sync/names/key_lint.h) through the binary: the warning lines with their counts,
--awkward-names upload (every key stored under its exact bytes, checked with boto3), skip (not
uploaded, remote copies kept under --delete) and fail (each listed as failed, exit 1)."""

import re
import unittest

import harness

ORDINARY = {"index.html": "<p>home</p>", "news/today.html": "<p>news</p>"}
# Each awkward path and the issue label the warnings count it under.
AWKWARD = {
    "trailing /page.html": "trailing space",
    " leading.html": "leading space",
    "c#/notes.html": "'#'",
    "what?.html": "'?'",
    "back\\slash.html": "backslash",
    "a%20b.html": "percent escape",
    "tab\there.html": "control character",
    "caf\u00e9.html": "Unicode twin",   # composed (NFC)
    "cafe\u0301.html": "Unicode twin",  # decomposed (NFD), as macOS writes it
    "A.html": "case twin",
    "a.html": "case twin",
}
WARNING = re.compile(r"awkward names: (.+?): (\d+) paths? \((.+?)\)")


class AwkwardNamesTest(harness.S3TestCase):
    def setUp(self):
        super().setUp()
        self.source = self.make_dir("site")
        tree = dict(ORDINARY)
        tree.update({path: f"<p>{index}</p>" for index, path in enumerate(AWKWARD)})
        self.contents = harness.make_tree(self.source, tree)

    def warnings(self, result):
        """{label: (count, policy word)} from the warning lines on stderr."""
        return {m.group(1): (int(m.group(2)), m.group(3)) for m in WARNING.finditer(result.stderr)}

    def expected_counts(self):
        counts = {}
        for label in AWKWARD.values():
            counts[label] = counts.get(label, 0) + 1
        return counts

    def test_upload_policy_warns_with_counts_and_stores_every_key_under_its_exact_bytes(self):
        result = self.sync(self.source)
        self.assert_exit(result, 0)
        warnings = self.warnings(result)
        self.assertEqual({label: count for label, (count, _) in warnings.items()},
                         self.expected_counts(), result.stderr)
        self.assertEqual({word for _, word in warnings.values()}, {"uploaded"})
        self.assertIn('"cafe\\xCC\\x81.html" = "caf\\xC3\\xA9.html"', result.stderr)
        self.assertIn('"A.html" = "a.html"', result.stderr)
        self.assertIn('"tab\\x09here.html"', result.stderr)
        remote = self.remote_objects()
        self.assertEqual(set(remote), set(self.contents))
        for key, body in self.contents.items():
            self.assertEqual(self.remote_body(key), body, key)
        again = self.sync(self.source, "--delete")
        self.assert_exit(again, 0)
        counts = harness.summary_counts(again.stdout + again.stderr)
        self.assertEqual((counts.get("uploaded"), counts.get("deleted")), (0, 0), again)

    def test_verbose_lists_every_awkward_path(self):
        result = self.run_s3mirror("-v", "--endpoint-url", self.server.endpoint, "--state-dir",
                                   self.state_dir, "sync", "--dry-run", self.source, self.url())
        self.assert_exit(result, 0)
        listed = [line for line in result.stderr.splitlines() if "awkward name (" in line]
        self.assertEqual(len(listed), len(AWKWARD), result.stderr)
        self.assertTrue([line for line in listed if "(trailing space)" in line
                         and '"trailing /page.html"' in line], listed)
        self.assertEqual(self.remote_objects(), {})

    def test_skip_policy_uploads_no_awkward_name_and_delete_keeps_their_remote_copies(self):
        for key in ("A.html", "a.html", "c#/notes.html", "old #.html", "gone.html"):
            self.put_remote(key)
        mark = self.server.mark()
        result = self.sync(self.source, "--awkward-names", "skip", "--delete", "--max-delete", "5")
        self.assert_exit(result, 0)
        warnings = self.warnings(result)
        self.assertEqual({label: count for label, (count, _) in warnings.items()},
                         self.expected_counts(), result.stderr)
        self.assertEqual({word for _, word in warnings.values()}, {"skipped"})
        puts = [path for method, path, _ in self.server.requests_since(mark) if method == "PUT"]
        self.assertEqual(sorted(p.split("?")[0] for p in puts),
                         sorted(f"/{self.bucket}/{key}" for key in ORDINARY), puts)
        remote = self.remote_objects()
        self.assertEqual(set(remote), set(ORDINARY) | {"A.html", "a.html", "c#/notes.html",
                                                       "old #.html"})
        for key in ("A.html", "a.html", "c#/notes.html"):
            self.assertEqual(self.remote_body(key), b"remote", key)
        counts = harness.summary_counts(result.stdout + result.stderr)
        self.assertEqual(counts.get("deleted"), 1, result)  # gone.html only

    def test_fail_policy_lists_each_awkward_file_as_failed_and_uploads_the_others(self):
        result = self.sync(self.source, "--awkward-names", "fail")
        self.assert_exit(result, 1)
        failed = [line for line in result.stderr.splitlines()
                  if "failed" in line and "--awkward-names fail" in line]
        self.assertEqual(len(failed), len(AWKWARD), result.stderr)
        self.assertEqual(set(self.remote_objects()), set(ORDINARY))
        counts = harness.summary_counts(result.stdout + result.stderr)
        self.assertEqual(counts.get("failed"), len(AWKWARD), result)

    def test_an_unknown_policy_is_bad_usage(self):
        result = self.sync(self.source, "--awkward-names", "rename")
        self.assert_exit(result, 2)
        self.assertIn("--awkward-names", result.stderr)
        self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)
        self.assertEqual(self.remote_objects(), {})


if __name__ == "__main__":
    unittest.main()
