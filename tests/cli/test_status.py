"""status, the state dir and the run outputs (JSON logs, metrics file) after real syncs."""

import glob
import json
import re
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
import harness  # noqa: E402


class StatusTest(harness.S3TestCase):
    def setUp(self):
        super().setUp()
        self.source = self.make_dir("site")
        harness.make_tree(self.source, {"index.html": "<p>home</p>", "a/b.css": "b {}"})

    def status(self, *args):
        return self.run_s3mirror("--state-dir", self.state_dir, "status", *args)

    def test_state_dir_holds_the_run_state_and_a_history_line_per_run(self):
        self.assert_exit(self.sync(self.source), 0)
        self.assert_exit(self.sync(self.source), 0)
        self.assertTrue(glob.glob(os.path.join(self.state_dir, "*.state.json")),
                        os.listdir(self.state_dir))
        self.assertTrue(glob.glob(os.path.join(self.state_dir, "*.hashcache")),
                        os.listdir(self.state_dir))
        histories = glob.glob(os.path.join(self.state_dir, "*.history.jsonl"))
        self.assertEqual(len(histories), 1, os.listdir(self.state_dir))
        with open(histories[0]) as history:
            runs = [json.loads(line) for line in history if line.strip()]
        self.assertEqual(len(runs), 2)

    def test_status_after_a_run_shows_it_in_text_and_json(self):
        self.assert_exit(self.sync(self.source), 0)
        text = self.status()
        self.assert_exit(text, 0)
        self.assertIn("success", text.stdout)
        as_json = self.status("--json")
        self.assert_exit(as_json, 0)
        runs = json.loads(as_json.stdout)["last_runs"]
        self.assertEqual(len(runs), 1)
        self.assertEqual(runs[0]["destination"], self.url())
        self.assertEqual(runs[0]["outcome"], "success")
        self.assertEqual(runs[0]["uploaded"], 2)

    def test_status_history_shows_the_most_recent_runs(self):
        self.assert_exit(self.sync(self.source), 0)  # uploads both files
        for _ in range(2):
            self.assert_exit(self.sync(self.source), 0)  # skips both
        full = json.loads(self.status("--json", "--history", "3").stdout)["last_runs"]
        self.assertEqual(len(full), 3)
        latest = json.loads(self.status("--json", "--history", "1").stdout)["last_runs"]
        self.assertEqual(len(latest), 1)
        self.assertEqual((latest[0]["uploaded"], latest[0]["skipped"]), (0, 2),
                         "--history 1 must show the latest run, not the first")
        text = self.status("--history", "1")
        self.assert_exit(text, 0)
        self.assertEqual(len(re.findall(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", text.stdout)), 1,
                         text.stdout)

    def test_nagios_is_ok_with_a_fresh_heartbeat_and_one_line_with_perfdata(self):
        self.assert_exit(self.sync(self.source, "--heartbeat", "hb.txt"), 0)
        result = self.run_s3mirror("--endpoint-url", self.server.endpoint, "--state-dir",
                                   self.state_dir, "status", "--nagios", self.url("hb.txt"))
        self.assert_exit(result, 0)
        lines = result.stdout.strip().splitlines()
        self.assertEqual(len(lines), 1, result.stdout)
        self.assertRegex(lines[0], r"\bOK\b.*\|")

    def test_nagios_is_critical_when_the_heartbeat_is_older_than_critical(self):
        self.assert_exit(self.sync(self.source, "--heartbeat", "hb.txt"), 0)
        time.sleep(2.5)  # Last-Modified has whole seconds: the heartbeat is now at least 2s old
        result = self.run_s3mirror("--endpoint-url", self.server.endpoint, "--state-dir",
                                   self.state_dir, "status", "--nagios", "--warning", "1s",
                                   "--critical", "1s", self.url("hb.txt"))
        self.assertEqual(result.code, 2, result.stdout + result.stderr)
        self.assertIn("CRITICAL", result.stdout)

    def test_json_log_format_writes_one_json_object_per_stderr_line(self):
        result = self.run_s3mirror("--log-format", "json", "-v", "--endpoint-url",
                                   self.server.endpoint, "sync", self.source, self.url())
        self.assert_exit(result, 0)
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        self.assertTrue(lines, "-v produced no log line")
        for line in lines:
            with self.subTest(line=line):
                self.assertIsInstance(json.loads(line), dict)

    def test_metrics_file_is_written_in_prometheus_text_format(self):
        metrics = os.path.join(self.tmp, "s3mirror.prom")
        self.assert_exit(self.sync(self.source, "--metrics-file", metrics), 0)
        self.assertTrue(os.path.exists(metrics), "no metrics file written")
        with open(metrics) as text:
            samples = [line for line in text if line.strip() and not line.startswith("#")]
        self.assertTrue(samples)
        for line in samples:
            self.assertRegex(line, r"^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? [-+0-9.eE]+( \d+)?$")


if __name__ == "__main__":
    unittest.main(verbosity=2)
