"""Request accounting: the counts a run records (history, status --json, metrics file) equal, type
by type, the requests a recording proxy saw, retries, injected 503s and the --heartbeat object's
PUT included. (test_corrections.py checks the same for the requests the corrections resend.)

The run goes through tests/servers/fault_proxy.py, which records every request it answers.
"""

import glob
import json
import os
import re
import sys
import time
import unittest

import harness

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "servers"))
import fault_proxy  # noqa: E402
from fault_proxy import Rule  # noqa: E402

TYPES = ("list", "get", "head", "put", "copy", "delete", "multipart_create", "multipart_part",
         "multipart_complete", "multipart_abort", "other")


def request_type(method, path):
    """The type s3mirror counts a request as, from what the proxy saw (no COPY in these runs:
    the proxy does not record headers)."""
    query = path.split("?", 1)[1] if "?" in path else ""
    names = {item.split("=", 1)[0] for item in query.split("&") if item}
    if method == "GET":
        return "list" if "list-type" in names else "get"
    if method == "HEAD":
        return "head"
    if method == "PUT":
        return "multipart_part" if "partNumber" in names else "put"
    if method == "POST":
        if "uploads" in names:
            return "multipart_create"
        if "uploadId" in names:
            return "multipart_complete"
        return "delete" if "delete" in names else "other"
    if method == "DELETE":
        return "multipart_abort" if "uploadId" in names else "delete"
    return "other"


def seen_counts(records):
    counts = dict.fromkeys(TYPES, 0)
    counts.update(throttled=0, server_errors=0, network_errors=0)
    for method, path, status in records:
        counts[request_type(method, path)] += 1
        if status == 503:
            counts["throttled"] += 1
        elif 500 <= status <= 599:
            counts["server_errors"] += 1
        elif status == fault_proxy.RESET_STATUS:
            counts["network_errors"] += 1
    counts["multipart"] = sum(counts[t] for t in TYPES if t.startswith("multipart_"))
    return counts


def last_history_run(test, state_dir):
    """The newest run in the only history file of `state_dir`."""
    paths = glob.glob(os.path.join(state_dir, "*.history.jsonl"))
    test.assertEqual(len(paths), 1, os.listdir(state_dir))
    with open(paths[0]) as lines:
        return [json.loads(line) for line in lines if line.strip()][-1]


def settled_records(proxy, expected, timeout=5.0):
    """The proxy's records once it has noted `expected` of them (it notes an answer just after
    sending it, so the last one may still be on its way when the client has exited), or as they
    are after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    records = proxy.records()
    while len(records) < expected and time.monotonic() < deadline:
        time.sleep(0.01)
        records = proxy.records()
    return records


def assert_counts_match(test, run, proxy):
    """The request counts of history entry `run` are what `proxy` saw, type by type."""
    records = settled_records(proxy, run["requests"])
    test.assertEqual(run["request_counts"], seen_counts(records))
    test.assertEqual(run["requests"], len(records))
    return records


class RequestCountsTest(harness.S3TestCase):
    def setUp(self):
        super().setUp()
        self.proxy = fault_proxy.FaultProxy(self.server.port, seed=11).start()
        self.addCleanup(self.proxy.stop)
        self.source = self.make_dir("site")

    def sync_via_proxy(self, *options):
        return self.run_s3mirror("--endpoint-url", self.proxy.endpoint, "--state-dir",
                                 self.state_dir, "sync", *options, self.source, self.url("site/"))

    def history(self):
        paths = glob.glob(os.path.join(self.state_dir, "*.history.jsonl"))
        self.assertEqual(len(paths), 1, os.listdir(self.state_dir))
        with open(paths[0]) as lines:
            return [json.loads(line) for line in lines if line.strip()]

    def test_the_heartbeat_put_and_its_retry_are_counted_with_the_run(self):
        harness.make_tree(self.source, {"index.html": "<p>home</p>", "style.css": "a {}"})
        self.proxy.set_rules([Rule("PUT", rf"^/{self.bucket}/status/hb\.txt(\?|$)", status=503,
                                   code="SlowDown", count=1)])
        metrics = os.path.join(self.tmp, "s3mirror.prom")
        result = self.sync_via_proxy("--heartbeat", "status/hb.txt", "--metrics-file", metrics,
                                     "-v")
        self.assert_exit(result, 0)
        self.assertIn("status/hb.txt", self.remote_objects())
        run = self.history()[-1]
        records = assert_counts_match(self, run, self.proxy)
        heartbeat = [r for r in records if r[1].startswith(f"/{self.bucket}/status/hb.txt")]
        self.assertEqual([(method, status) for method, _, status in heartbeat],
                         [("PUT", 503), ("PUT", 200)])
        self.assertEqual(run["request_counts"]["put"], 4)  # two files, the heartbeat twice
        self.assertEqual(run["request_counts"]["throttled"], 1)
        self.assertEqual(run["retries"], 1)
        newest = json.loads(self.run_s3mirror("--state-dir", self.state_dir, "status",
                                              "--json").stdout)["last_runs"][0]
        self.assertEqual(newest["request_counts"], run["request_counts"])
        self.assertEqual(newest["retries"], 1)
        with open(metrics) as text:
            self.assertRegex(text.read(), r'(?m)^s3mirror_last_run_requests{[^}]*type="put"} 4$')
        self.assertIn(f"requests {len(records)}: LIST ", result.stderr)

    def test_a_refused_heartbeat_put_is_counted_and_fails_the_run(self):
        harness.make_tree(self.source, {"index.html": "<p>home</p>"})
        self.proxy.set_rules([Rule("PUT", rf"^/{self.bucket}/status/hb\.txt(\?|$)", status=403,
                                   code="AccessDenied")])
        result = self.sync_via_proxy("--heartbeat", "status/hb.txt")
        self.assertNotEqual(result.code, 0)
        self.assertIn("writing the heartbeat object", result.stderr)
        self.assertNotIn("status/hb.txt", self.remote_objects())
        run = self.history()[-1]
        assert_counts_match(self, run, self.proxy)
        self.assertEqual(run["request_counts"]["put"], 2)  # the file, the refused heartbeat

    def test_counts_in_history_status_and_metrics_equal_what_the_proxy_saw(self):
        files = {f"p{i}.html": 300 + i for i in range(12)}
        files.update({"big.pdf": 11 * harness.MiB, "style.css": "b {}", "app.js": "x();"})
        harness.make_tree(self.source, files)
        for i in range(3):
            self.put_remote(f"site/gone{i}.png")
        self.proxy.set_rules([
            Rule("GET", r"list-type=", status=503, code="SlowDown", count=1),
            Rule("PUT", rf"^/{self.bucket}/site/p3\.html(\?|$)", status=503, code="SlowDown",
                 count=2),
            Rule("PUT", r"[?&]partNumber=2&", status=503, code="SlowDown", count=1),
            Rule("PUT", rf"^/{self.bucket}/site/style\.css(\?|$)", status=500,
                 code="InternalError", count=1),
            Rule("POST", r"\?delete", status=503, code="SlowDown", count=1)])
        metrics = os.path.join(self.tmp, "s3mirror.prom")
        result = self.sync_via_proxy("--delete", "--force-delete", "--multipart-threshold", "5M",
                                     "--part-size", "5M", "--metrics-file", metrics, "-v")
        self.assert_exit(result, 0)
        self.assertEqual(set(self.remote_objects()), {f"site/{k}" for k in files})

        seen = seen_counts(self.proxy.records())
        self.assertEqual(seen["throttled"], 5)
        self.assertEqual(seen["server_errors"], 1)
        self.assertEqual(seen["multipart_part"], 4)  # 3 parts, one sent twice
        run = self.history()[-1]
        self.assertEqual(run["request_counts"], seen)
        self.assertEqual(run["requests"], len(self.proxy.records()))
        self.assertEqual(run["retries"], 6)

        status = json.loads(self.run_s3mirror("--state-dir", self.state_dir, "status",
                                              "--json").stdout)
        newest = status["last_runs"][0]
        self.assertEqual(newest["request_counts"], seen)
        self.assertEqual(newest["requests"], len(self.proxy.records()))
        self.assertEqual(newest["retries"], 6)

        with open(metrics) as text:
            prom = text.read()
        for name in TYPES:
            self.assertRegex(prom, rf'(?m)^s3mirror_last_run_requests{{[^}}]*type="{name}"}} '
                                   rf'{seen[name]}$')
        self.assertRegex(prom, r'(?m)^s3mirror_last_run_error_answers{[^}]*answer="throttled"} 5$')
        self.assertRegex(prom, r"(?m)^s3mirror_last_run_retries{[^}]*} 6$")
        self.assertIn(f"requests {len(self.proxy.records())}: LIST {seen['list']}, ",
                      result.stderr)

    def test_a_run_refused_after_listing_still_counts_its_listing(self):
        harness.make_tree(self.source, {"only.html": "x"})
        for i in range(5):
            self.put_remote(f"site/gone{i}.png")
        result = self.sync_via_proxy("--delete")
        self.assert_exit(result, 4)
        run = self.history()[-1]
        self.assertEqual(run["outcome"], "refused")
        self.assertEqual(run["requests"], len(self.proxy.records()))
        self.assertEqual(run["request_counts"], seen_counts(self.proxy.records()))
        self.assertGreaterEqual(run["request_counts"]["list"], 1)


if __name__ == "__main__":
    unittest.main(verbosity=2)
