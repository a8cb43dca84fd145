"""The remote listing in parallel key ranges, through the binary against moto.

2,500 files, split by the binary into ranges at every 1000th local key (the default
--concurrency gives 32 listing slots, so KeysPerRange is one page). Local and remote then differ in
every way: remote-only keys before the first local key, next to each split point, in a run longer
than a page between two split points and after the last local key; local-only files; files whose
content or size changed; objects outside the prefix. The plan the binary makes from its listing,
and the bucket after the sync, are checked against boto3's listing.
"""

import os
import re
import sys
import unittest

import harness

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "servers"))
import fault_proxy  # noqa: E402
from fault_proxy import Rule  # noqa: E402

PREFIX = "site/"
LOCAL_COUNT = 2500
KEYS_PER_RANGE = 1000  # KeysPerRange(2500 files, 32 slots): split points at 999 and 1999


def local_path(i):
    return f"d{i // 500}/f{i:05d}.html"


def remote_only_paths():
    """Keys only the remote has, around and between the split points."""
    splits = [local_path(i) for i in range(KEYS_PER_RANGE - 1, LOCAL_COUNT - 1, KEYS_PER_RANGE)]
    paths = ["!first.txt", "0-before.txt", "d0/0-first-in-range.html"]
    for split in splits:
        paths += [split + ".after", split[:-len(".html")] + "-before.html", split + "~"]
    paths += [f"d2/g{j:05d}.html" for j in range(1100)]  # between the split points, > a page
    paths += [f"zz/after{j:05d}.txt" for j in range(1050)]  # after the last local key
    return sorted(paths)


class RangeListingTest(harness.S3TestCase):
    def setUp(self):
        super().setUp()
        self.proxy = fault_proxy.FaultProxy(self.server.port, seed=7).start()
        self.addCleanup(self.proxy.stop)
        self.source = self.make_dir("site")

    def sync_via_proxy(self, *options):
        return self.run_s3mirror("--endpoint-url", self.proxy.endpoint, "--state-dir",
                                 self.state_dir, "sync", *options, self.source, self.url(PREFIX),
                                 timeout=300)

    def list_requests(self):
        return [path for method, path, status in self.proxy.records()
                if method == "GET" and "list-type=2" in path]

    def prepare_differing_trees(self):
        """Uploads local + remote-only files, then makes the local tree differ. Returns the local
        contents {path: bytes}."""
        files = {local_path(i): f"<p>{i}</p>" for i in range(LOCAL_COUNT)}
        files.update({path: f"remote {path}" for path in remote_only_paths()})
        contents = harness.make_tree(self.source, files)
        self.assert_exit(self.sync_via_proxy(), 0)
        for path in remote_only_paths():
            os.remove(os.path.join(self.source, path))
            del contents[path]
        changes = {}
        for i in range(0, LOCAL_COUNT, 80):  # same size, other content
            changes[local_path(i)] = f"<P>{i}</P>"
        for i in range(40, LOCAL_COUNT, 80):  # other size
            changes[local_path(i)] = f"<p>{i} changed</p>"
        for i in range(0, LOCAL_COUNT, 75):  # only local
            changes[local_path(i)[:-len(".html")] + "-new.html"] = "new"
        contents.update(harness.make_tree(self.source, changes))
        for key in ("outside.txt", "site", "sitf/x"):
            self.put_remote(key, b"not ours")
        return contents, changes

    def test_ranged_listing_plans_and_syncs_exactly_as_the_full_listing_says(self):
        contents, changes = self.prepare_differing_trees()
        before = self.remote_objects()
        listed = {key[len(PREFIX):]: value for key, value in before.items()
                  if key.startswith(PREFIX) and key != PREFIX}
        to_delete = sorted(set(listed) - set(contents))
        to_upload = sorted(path for path, data in contents.items()
                           if path not in listed or listed[path]["etag"] != harness.md5_hex(data))
        self.assertEqual(to_delete, remote_only_paths())
        self.assertEqual(len(to_upload), len(changes))

        self.proxy.clear_records()
        dry = self.sync_via_proxy("--dry-run", "--delete", "--force-delete")
        self.assert_exit(dry, 0)
        output = dry.stdout + dry.stderr
        planned = re.findall(r"^would (?:upload|delete) site/(\S+)", output, re.MULTILINE)
        self.assertEqual(sorted(set(planned)), sorted(to_upload + to_delete), output[-2000:])
        ranged = [path for path in self.list_requests() if "start-after=" in path]
        self.assertGreaterEqual(len(ranged), LOCAL_COUNT // KEYS_PER_RANGE - 1)

        result = self.sync_via_proxy("--delete", "--force-delete")
        self.assert_exit(result, 0)
        counts = harness.summary_counts(result.stdout + result.stderr)
        self.assertEqual(counts["uploaded"], len(to_upload))
        self.assertEqual(counts["deleted"], len(to_delete))
        after = self.remote_objects()
        self.assertEqual(
            {key: value for key, value in after.items() if key.startswith(PREFIX)},
            {PREFIX + path: {"size": len(data), "etag": harness.md5_hex(data)}
             for path, data in contents.items()})
        for key in ("outside.txt", "site", "sitf/x"):
            self.assertIn(key, after)

        again = self.sync_via_proxy("--delete")
        self.assert_exit(again, 0)
        counts = harness.summary_counts(again.stdout + again.stderr)
        self.assertEqual((counts["uploaded"], counts["deleted"]), (0, 0))
        self.assertEqual(counts["skipped"], len(contents))

    def test_throttled_list_requests_are_retried_and_the_listing_is_complete(self):
        contents, _ = self.prepare_differing_trees()
        self.proxy.set_rules([
            Rule("GET", r"list-type=2.*start-after=", status=503, code="SlowDown", count=4),
            Rule("GET", r"continuation-token=", status=503, code="SlowDown", count=2)])
        self.proxy.clear_records()
        result = self.sync_via_proxy("--delete", "--force-delete", "-v")
        self.assert_exit(result, 0)
        statuses = [status for method, path, status in self.proxy.records()
                    if method == "GET" and "list-type=2" in path]
        self.assertEqual(statuses.count(503), 6)
        retries = [line for line in result.stderr.splitlines()
                   if "retry" in line.lower() and "LIST" in line]
        self.assertEqual(len(retries), 6, result.stderr)
        after = self.remote_objects(PREFIX)
        self.assertEqual(sorted(after), sorted(PREFIX + path for path in contents))

    def test_a_list_request_that_keeps_failing_fails_the_run_before_any_change(self):
        self.prepare_differing_trees()
        before = self.remote_objects()
        self.proxy.set_rules([Rule("GET", r"start-after=site%2Fd1", status=500,
                                   code="InternalError")])
        result = self.sync_via_proxy("--delete", "--force-delete")
        self.assert_exit(result, 3)
        self.assertIn("LIST s3://", result.stdout + result.stderr)
        self.assertEqual(self.remote_objects(), before)


if __name__ == "__main__":
    unittest.main()
