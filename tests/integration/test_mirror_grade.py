"""Mirror-grade sync: grace-period deletes (--delete-after-missing), the deletion journal and
`status --pending`, each checked against the bucket as boto3 lists it."""

import json
import os
import stat
import unittest
import urllib.parse

import harness

FILES = {f"pages/p{i:02d}.html": f"<p>page {i}</p>" for i in range(20)}
FILES.update({"index.html": "<p>home</p>", "css/site.css": "p { margin: 0 }"})


class MirrorGradeTest(harness.S3TestCase):
    def setUp(self):
        super().setUp()
        self.source = self.make_dir("site")
        self.contents = harness.make_tree(self.source, FILES)
        self.assert_exit(self.sync(self.source, "--delete"), 0)

    def remove(self, *paths):
        for path in paths:
            os.remove(os.path.join(self.source, path))

    def grace_sync(self, runs, *options):
        return self.sync(self.source, "--delete", "--delete-after-missing", str(runs), *options)

    def status(self, *args):
        return self.run_s3mirror("--state-dir", self.state_dir, "status", *args)

    def make_failing_file(self):
        """A file whose key is longer than S3 allows: the run fails it (exit 1, outcome partial)."""
        deep = os.path.join(*(["d" * 250] * 5))
        harness.make_tree(self.source, {os.path.join(deep, "x.html"): "too long"})
        return deep.split(os.sep)[0]

    # --- grace-period deletes -------------------------------------------------------------------

    def test_a_file_missing_for_fewer_than_n_runs_is_kept_and_is_deleted_at_the_nth(self):
        self.remove("pages/p03.html")
        for run in (1, 2):
            result = self.grace_sync(3)
            self.assert_exit(result, 0)
            self.assertIn("pages/p03.html", self.remote_objects(), f"run {run}")
            self.assertIn("kept 1 missing object(s) (--delete-after-missing 3)", result.stdout)
            left = "1 after 2 more" if run == 1 else "1 deleted at the next successful run"
            self.assertIn(left, result.stdout)
        result = self.grace_sync(3)
        self.assert_exit(result, 0)
        self.assertNotIn("pages/p03.html", self.remote_objects())
        self.assertEqual(harness.summary_counts(result.stdout).get("deleted"), 1, result.stdout)
        self.assertNotIn("kept", result.stdout)
        self.assertEqual(len(self.remote_objects()), len(FILES) - 1)

    def test_a_file_that_comes_back_resets_its_counter(self):
        self.remove("pages/p03.html")
        self.assert_exit(self.grace_sync(2), 0)
        harness.make_tree(self.source, {"pages/p03.html": "<p>page 3</p>"})
        self.assert_exit(self.grace_sync(2), 0)
        self.remove("pages/p03.html")
        result = self.grace_sync(2)  # missing once again since it came back: kept
        self.assert_exit(result, 0)
        self.assertIn("pages/p03.html", self.remote_objects())
        self.assertIn("1 deleted at the next successful run", result.stdout)
        self.assert_exit(self.grace_sync(2), 0)
        self.assertNotIn("pages/p03.html", self.remote_objects())

    def test_a_failed_or_dry_run_does_not_advance_the_counter(self):
        self.remove("pages/p03.html")
        self.assert_exit(self.grace_sync(3), 0)  # missing in 1 successful run
        top = self.make_failing_file()
        self.assert_exit(self.grace_sync(3), 1)  # partial: not counted
        os.rename(os.path.join(self.source, top), os.path.join(self.tmp, "moved-away"))
        dry = self.grace_sync(3, "--dry-run")  # not counted either
        self.assert_exit(dry, 0)
        self.assertNotIn("would delete", dry.stdout)
        self.assertIn("dry run: would keep 1 missing object(s) (--delete-after-missing 3): "
                      "1 after 2 more", dry.stdout)
        result = self.grace_sync(3)  # the second successful run: still kept
        self.assert_exit(result, 0)
        self.assertIn("1 deleted at the next successful run", result.stdout)
        self.assertIn("pages/p03.html", self.remote_objects())
        self.assert_exit(self.grace_sync(3), 0)  # the third
        self.assertNotIn("pages/p03.html", self.remote_objects())

    def test_a_run_without_the_option_ends_the_series_and_counting_starts_afresh(self):
        self.remove("pages/p03.html")
        self.assert_exit(self.grace_sync(2), 0)  # missing in 1 run of the series
        self.assert_exit(self.sync(self.source), 0)  # no --delete: the series ends
        self.assertFalse([n for n in os.listdir(self.state_dir) if n.endswith(".missing")])
        result = self.grace_sync(2)  # 1 again, not 2
        self.assert_exit(result, 0)
        self.assertIn("pages/p03.html", self.remote_objects())
        self.assertIn("1 deleted at the next successful run", result.stdout)

    def test_a_run_with_a_failed_file_deletes_nothing_even_when_it_is_due(self):
        self.remove("pages/p03.html")
        self.make_failing_file()
        result = self.grace_sync(1)
        self.assert_exit(result, 1)
        self.assertIn("pages/p03.html", self.remote_objects())
        self.assertIn("skipped 1 deletion(s)", result.stderr)

    def test_the_deletion_guard_counts_only_the_deletes_that_are_due(self):
        self.remove(*[f"pages/p{i:02d}.html" for i in range(5)])
        result = self.grace_sync(2, "--max-delete", "1")
        self.assert_exit(result, 0)  # 5 kept, none due: within the limit
        self.assertIn("kept 5 missing object(s)", result.stdout)
        result = self.grace_sync(2, "--max-delete", "1")
        self.assert_exit(result, 4)  # 5 due
        self.assertIn("refusing to delete 5 of", result.stderr)
        self.assertEqual(len(self.remote_objects()), len(FILES))

    def test_delete_after_missing_without_delete_is_a_usage_error(self):
        result = self.sync(self.source, "--delete-after-missing", "3")
        self.assert_exit(result, 2)
        self.assertIn("--delete-after-missing needs --delete", result.stderr)
        for bad in ("0", "x", "-1"):
            self.assert_exit(self.sync(self.source, "--delete", "--delete-after-missing", bad), 2)

    def test_the_counters_file_is_private_and_names_the_kept_keys(self):
        self.remove("pages/p03.html")
        self.assert_exit(self.grace_sync(3), 0)
        [name] = [n for n in os.listdir(self.state_dir) if n.endswith(".missing")]
        path = os.path.join(self.state_dir, name)
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        with open(path) as counters:
            self.assertEqual(counters.read(), "s3mirror-missing 1\n1 pages/p03.html\n")

    def test_damaged_counters_are_reported_and_counting_starts_again(self):
        self.remove("pages/p03.html")
        self.assert_exit(self.grace_sync(2), 0)
        [name] = [n for n in os.listdir(self.state_dir) if n.endswith(".missing")]
        with open(os.path.join(self.state_dir, name), "w") as counters:
            counters.write("not a counters file\n")
        result = self.grace_sync(2)
        self.assert_exit(result, 0)
        self.assertIn("are damaged (bad header); starting them again", result.stderr)
        self.assertIn("pages/p03.html", self.remote_objects())  # delayed, never hastened

    # --- deletion journal -----------------------------------------------------------------------

    def journal(self):
        [name] = [n for n in os.listdir(self.state_dir) if n.endswith(".deletions.jsonl")]
        path = os.path.join(self.state_dir, name)
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        with open(path) as lines:
            return [json.loads(line) for line in lines]

    def test_the_journal_lists_exactly_what_was_deleted_and_status_shows_it(self):
        self.remove("pages/p01.html", "pages/p02.html")
        self.put_remote("remote-only.txt", b"only remote")
        before = self.remote_objects()
        result = self.sync(self.source, "--delete", "--max-delete", "3")
        self.assert_exit(result, 0)
        after = self.remote_objects()
        deleted = {key: before[key] for key in set(before) - set(after)}
        self.assertEqual(len(deleted), 3)
        entries = self.journal()
        self.assertEqual({e["key"]: {"size": e["size"], "etag": e["etag"]} for e in entries},
                         deleted)
        self.assertEqual({e["destination"] for e in entries}, {self.url()})
        history = self.status("--json")
        self.assert_exit(history, 0)
        document = json.loads(history.stdout)
        run = document["last_runs"][0]
        for entry in entries:
            self.assertEqual(entry["run_started_at"], run["started_at"])
            self.assertEqual(entry["run_pid"], run["pid"])
        shown = document["last_deletions"]
        self.assertEqual(sorted(e["key"] for e in shown), sorted(deleted))
        self.assertEqual(sorted(shown, key=lambda e: e["key"]),
                         sorted(entries, key=lambda e: e["key"]))
        text = self.status()
        self.assert_exit(text, 0)
        self.assertIn("Last deletions:", text.stdout)
        for key in deleted:
            self.assertIn(key, text.stdout)

    def test_a_journal_that_cannot_be_written_is_a_warning_and_the_deletes_stand(self):
        self.assert_exit(self.sync(self.source, "--delete"), 0)
        [name] = [n for n in os.listdir(self.state_dir) if n.endswith(".state.json")]
        os.mkdir(os.path.join(self.state_dir, name.replace(".state.json", ".deletions.jsonl")))
        self.remove("pages/p01.html")
        result = self.sync(self.source, "--delete")
        self.assert_exit(result, 0)
        self.assertIn("could not record the run in the state dir: deletion journal", result.stderr)
        self.assertNotIn("pages/p01.html", self.remote_objects())

    def test_a_run_that_deletes_nothing_writes_no_journal_and_status_shows_an_empty_list(self):
        self.assert_exit(self.sync(self.source, "--delete"), 0)
        self.assertFalse([n for n in os.listdir(self.state_dir) if "deletions" in n])
        document = json.loads(self.status("--json").stdout)
        self.assertEqual(document["last_deletions"], [])
        self.assertNotIn("Last deletions", self.status().stdout)

    # --- status --pending -----------------------------------------------------------------------

    def pending(self, *args, directory=None):
        result = self.status("--pending", directory or self.source, "--json", *args)
        self.assert_exit(result, 0)
        return json.loads(result.stdout)

    def change_tree(self):
        """Adds two files, changes two (one to the same size), removes three."""
        harness.make_tree(self.source, {"new/a.html": "<p>new a</p>", "new/b.css": "x" * 3000})
        with open(os.path.join(self.source, "pages/p04.html"), "w") as out:
            out.write("<p>PAGE 4</p>")  # same size: only the content differs
        with open(os.path.join(self.source, "index.html"), "a") as out:
            out.write("<p>more</p>")
        self.remove("pages/p10.html", "pages/p11.html", "pages/p12.html")
        changed = ["new/a.html", "new/b.css", "pages/p04.html", "index.html"]
        return {path: os.path.getsize(os.path.join(self.source, path)) for path in changed}

    def uploaded_keys(self, mark):
        keys = set()
        for method, path, status in self.server.requests_since(mark):
            if method == "PUT" and status == 200:
                key = urllib.parse.unquote(path.split("?")[0][len(self.bucket) + 2:])
                keys.add(key)
        return keys

    def test_status_pending_agrees_with_what_the_next_sync_uploads_and_deletes(self):
        self.assertEqual(self.pending()["pending"][0]["uploads"], 0)
        changed = self.change_tree()
        document = self.pending()
        [estimate] = document["pending"]
        self.assertEqual(estimate["destination"], self.url())
        self.assertEqual(estimate["last_run_outcome"], "success")
        before = self.remote_objects()
        mark = self.server.mark()
        result = self.sync(self.source, "--delete", "--max-delete", "100%")
        self.assert_exit(result, 0)
        uploaded = self.uploaded_keys(mark)
        self.assertEqual(uploaded, set(changed))
        after = self.remote_objects()
        self.assertEqual(estimate["uploads"], len(uploaded))
        self.assertEqual(estimate["upload_bytes"], sum(after[key]["size"] for key in uploaded))
        self.assertEqual(estimate["deletes"], len(set(before) - set(after)))
        self.assertEqual(estimate["deletes_due"], 3)
        again = self.pending()["pending"][0]
        self.assertEqual((again["uploads"], again["upload_bytes"], again["deletes"]), (0, 0, 0))

    def test_status_pending_counts_what_a_refused_run_left_undone(self):
        with open(os.path.join(self.source, "pages/p19.html"), "w") as out:
            out.write("<p>PAGE 19</p>")  # same size: the refused run hashed it, did not upload it
        removed = [f"pages/p{i:02d}.html" for i in range(5)]
        self.remove(*removed)
        self.assert_exit(self.sync(self.source, "--delete", "--max-delete", "1"), 4)
        [estimate] = self.pending()["pending"]
        self.assertEqual(estimate["last_run_outcome"], "refused")
        self.assertEqual((estimate["uploads"], estimate["upload_bytes"]), (1, 14))
        self.assertEqual((estimate["deletes"], estimate["deletes_due"]), (5, 5))
        mark = self.server.mark()
        self.assert_exit(self.sync(self.source, "--delete", "--force-delete"), 0)
        self.assertEqual(self.uploaded_keys(mark), {"pages/p19.html"})
        self.assertFalse(set(removed) & set(self.remote_objects()))

    def test_status_pending_tells_kept_deletions_from_due_ones(self):
        self.remove("pages/p05.html")
        self.assert_exit(self.grace_sync(3), 0)  # kept, 1 of 3
        self.remove("pages/p06.html")
        [estimate] = self.pending()["pending"]
        self.assertEqual((estimate["deletes"], estimate["deletes_due"]), (2, 0))
        self.assert_exit(self.grace_sync(2), 0)  # N lowered to 2: p05 is due, p06 kept
        remote = self.remote_objects()
        self.assertNotIn("pages/p05.html", remote)
        self.assertIn("pages/p06.html", remote)
        [estimate] = self.pending()["pending"]
        self.assertEqual((estimate["deletes"], estimate["deletes_due"]), (1, 1))

    def test_status_pending_warns_about_an_unreadable_manifest(self):
        [name] = [n for n in os.listdir(self.state_dir) if n.endswith(".manifest.json")]
        self.assertEqual(stat.S_IMODE(os.stat(os.path.join(self.state_dir, name)).st_mode), 0o600)
        with open(os.path.join(self.state_dir, name), "w") as manifest:
            manifest.write("{")
        document = self.pending()
        self.assertEqual(document["pending"], [])
        self.assertEqual(len(document["warnings"]), 1, document)
        self.assertIn(name, document["warnings"][0])

    def test_status_pending_text_and_the_cases_without_an_answer(self):
        self.remove("pages/p10.html")
        text = self.status("--pending", self.source)
        self.assert_exit(text, 0)
        self.assertIn(f"Pending for {self.source} -> {self.url()}", text.stdout)
        self.assertIn("uploads: 0 of 21 files, 0 B", text.stdout)
        self.assertIn("deletions: 1\n", text.stdout)
        other = self.make_dir("other")
        none = self.status("--pending", other)
        self.assert_exit(none, 0)
        self.assertIn("No run recorded for", none.stdout)
        self.assertEqual(self.pending(directory=other)["pending"], [])
        self.assertEqual(self.pending("s3://another-bucket")["pending"], [])
        self.assert_exit(self.status("--pending", os.path.join(self.tmp, "missing")), 2)
        self.assert_exit(self.status("--pending", ""), 2)
        self.assert_exit(self.status("--pending", self.source, "s3://a/b", "s3://c/d"), 2)
        self.assert_exit(self.status("--pending", self.source, "--nagios"), 3)


if __name__ == "__main__":
    unittest.main(verbosity=2)
