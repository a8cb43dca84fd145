"""Incremental syncs: changes, additions, removals, --delete, filters, the deletion guard, dry runs,
object settings, the heartbeat object and the refusals for an empty or missing LOCAL_DIR."""

import os
import unittest

import harness

BASE_FILES = {f"pages/page{i:02d}.html": f"<p>page {i}</p>" for i in range(20)}
BASE_FILES.update({"index.html": "<p>home</p>", "style.css": "p { margin: 0 }"})


def write_requests(requests):
    """The requests that change something: PUT/POST/DELETE, as (method, path)."""
    return [(method, path) for method, path, _ in requests if method in ("PUT", "POST", "DELETE")]


class SyncChangesTest(harness.S3TestCase):
    def setUp(self):
        super().setUp()
        self.source = self.make_dir("site")
        self.contents = harness.make_tree(self.source, BASE_FILES)

    def first_sync(self):
        self.assert_exit(self.sync(self.source), 0)
        self.assertEqual(sorted(self.remote_objects()), sorted(self.contents))

    def test_next_sync_uploads_exactly_the_changed_and_added_files_and_deletes_the_removed(self):
        self.first_sync()
        changed = "pages/page03.html"  # same size, other content: only the MD5 tells
        with open(os.path.join(self.source, changed), "w") as out:
            out.write("<p>PAGE 3</p>")
        grown = "pages/page07.html"
        with open(os.path.join(self.source, grown), "a") as out:
            out.write("<p>more</p>")
        harness.make_tree(self.source, {"pages/new page.html": "<p>new</p>"})
        os.remove(os.path.join(self.source, "pages/page11.html"))

        mark = self.server.mark()
        result = self.sync(self.source, "--delete")
        self.assert_exit(result, 0)
        requests = self.server.requests_since(mark)
        put_keys = sorted(path.split("?")[0] for method, path in write_requests(requests)
                          if method == "PUT")
        self.assertEqual(put_keys, sorted(f"/{self.bucket}/{key}" for key in
                                          ("pages/page03.html", "pages/page07.html",
                                           "pages/new%20page.html")))
        counts = harness.summary_counts(result.stdout + result.stderr)
        self.assertEqual(counts.get("uploaded"), 3, result.stdout)
        self.assertEqual(counts.get("deleted"), 1, result.stdout)

        remote = self.remote_objects()
        self.assertNotIn("pages/page11.html", remote)
        self.assertEqual(len(remote), len(self.contents))  # one removed, one added
        for key in ("pages/page03.html", "pages/page07.html", "pages/new page.html"):
            with open(os.path.join(self.source, key), "rb") as local:
                self.assertEqual(self.remote_body(key), local.read())

    def test_removed_files_stay_remotely_without_delete(self):
        self.first_sync()
        os.remove(os.path.join(self.source, "pages/page11.html"))
        result = self.sync(self.source)
        self.assert_exit(result, 0)
        self.assertIn("pages/page11.html", self.remote_objects())

    def test_excluded_files_are_neither_uploaded_nor_deleted(self):
        self.first_sync()
        harness.make_tree(self.source, {"scratch.tmp": "tmp", "private/secret.txt": "secret",
                                        "private/public.txt": "public"})
        self.put_remote("old.tmp")
        self.put_remote("private/remote-only.txt")
        self.put_remote("stale.html")
        result = self.sync(self.source, "--delete", "--exclude", "*.tmp", "--exclude",
                           "private/**", "--include", "private/public.txt")
        self.assert_exit(result, 0)
        remote = self.remote_objects()
        self.assertNotIn("scratch.tmp", remote)
        self.assertNotIn("private/secret.txt", remote)
        self.assertIn("private/public.txt", remote, "a later --include wins")
        self.assertIn("old.tmp", remote, "excluded remote objects are not deleted")
        self.assertIn("private/remote-only.txt", remote)
        self.assertNotIn("stale.html", remote)

    def test_deletion_guard_refuses_a_mass_deletion_and_force_delete_lifts_it(self):
        self.first_sync()
        for i in range(15):
            os.remove(os.path.join(self.source, f"pages/page{i:02d}.html"))
        mark = self.server.mark()
        refused = self.sync(self.source, "--delete")
        self.assert_exit(refused, 4)
        self.assertEqual(write_requests(self.server.requests_since(mark)), [])
        self.assertEqual(len(self.remote_objects()), len(self.contents))
        self.assertRegex((refused.stdout + refused.stderr).lower(), r"delet")

        self.assert_exit(self.sync(self.source, "--delete", "--max-delete", "50%"), 4)
        self.assert_exit(self.sync(self.source, "--delete", "--max-delete", "14"), 4)
        self.assertEqual(len(self.remote_objects()), len(self.contents))

        forced = self.sync(self.source, "--delete", "--force-delete")
        self.assert_exit(forced, 0)
        self.assertEqual(sorted(self.remote_objects()),
                         sorted(k for k in self.contents if not k.startswith("pages/page0")
                                and k not in {f"pages/page{i}.html" for i in range(10, 15)}))
        self.assertEqual(harness.summary_counts(forced.stdout + forced.stderr).get("deleted"), 15)

    def test_max_delete_count_allows_a_deletion_within_it(self):
        self.first_sync()
        for i in range(5):
            os.remove(os.path.join(self.source, f"pages/page{i:02d}.html"))
        self.assert_exit(self.sync(self.source, "--delete", "--max-delete", "5"), 0)
        self.assertEqual(len(self.remote_objects()), len(self.contents) - 5)

    def test_empty_local_dir_is_refused_and_nothing_is_deleted(self):
        self.put_remote("keep.html")
        empty = self.make_dir("empty")
        result = self.sync(empty, "--delete", "--force-delete")
        self.assert_exit(result, 4)
        self.assertIn("keep.html", self.remote_objects())

    def test_missing_local_dir_is_refused(self):
        self.put_remote("keep.html")
        result = self.sync(os.path.join(self.tmp, "does-not-exist"), "--delete")
        self.assert_exit(result, 4)
        self.assertIn("keep.html", self.remote_objects())
        self.assertIn("does-not-exist", result.stderr + result.stdout)

    def test_dry_run_changes_nothing_and_lists_what_would_happen(self):
        self.put_remote("stale.html")
        mark = self.server.mark()
        result = self.sync(self.source, "--dry-run", "--delete", "--force-delete")
        self.assert_exit(result, 0)
        self.assertEqual(write_requests(self.server.requests_since(mark)), [])
        self.assertEqual(sorted(self.remote_objects()), ["stale.html"])
        output = result.stdout + result.stderr
        for key in self.contents:
            self.assertIn(key, output)
        self.assertIn("stale.html", output)

    def test_content_type_options_force_and_fall_back(self):
        harness.make_tree(self.source, {"blob.unknownext": "?"})
        self.assert_exit(self.sync(self.source, "--default-content-type", "application/x-test",
                                   "--cache-control", "max-age=60"), 0)
        head = self.s3.head_object(Bucket=self.bucket, Key="blob.unknownext")
        self.assertEqual(head["ContentType"], "application/x-test")
        self.assertEqual(head.get("CacheControl"), "max-age=60")
        head = self.s3.head_object(Bucket=self.bucket, Key="index.html")
        self.assertEqual(head["ContentType"], "text/html; charset=utf-8")

        self.assert_exit(self.sync(self.source, "--content-type", "text/plain", prefix="forced/"), 0)
        for key in ("forced/index.html", "forced/style.css", "forced/blob.unknownext"):
            with self.subTest(key=key):
                head = self.s3.head_object(Bucket=self.bucket, Key=key)
                self.assertEqual(head["ContentType"], "text/plain")

    def test_storage_class_is_set_on_uploaded_objects(self):
        self.assert_exit(self.sync(self.source, "--storage-class", "STANDARD_IA"), 0)
        head = self.s3.head_object(Bucket=self.bucket, Key="index.html")
        self.assertEqual(head.get("StorageClass"), "STANDARD_IA")

    def test_delete_never_removes_the_heartbeat_object_under_the_synced_prefix(self):
        options = ("--delete", "--heartbeat", "_mirror/heartbeat")
        self.assert_exit(self.sync(self.source, *options), 0)
        first = self.remote_body("_mirror/heartbeat")
        result = self.sync(self.source, *options)
        self.assert_exit(result, 0)
        self.assertRegex(result.stdout, r"deleted 0\b", result.stdout)
        self.assertIn("_mirror/heartbeat", self.remote_objects())
        self.assertNotEqual(first, b"")

    def test_heartbeat_object_is_written_after_a_clean_run(self):
        self.assert_exit(self.sync(self.source, "--heartbeat", "health/heartbeat.txt"), 0)
        body = self.remote_body("health/heartbeat.txt").decode()
        self.assertRegex(body, r"\d{4}-\d{2}-\d{2}")
        result = self.run_s3mirror("--endpoint-url", self.server.endpoint, "heartbeat",
                                   self.url("health/manual.txt"))
        self.assert_exit(result, 0)
        self.assertIn("health/manual.txt", self.remote_objects())


if __name__ == "__main__":
    unittest.main(verbosity=2)
