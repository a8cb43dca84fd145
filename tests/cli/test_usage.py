"""The binary end to end: --help/--version, usage errors (exit 2), option placement, the lock (75)."""

import fcntl
import os
import sys
import unittest

import cli_contract

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
import harness  # noqa: E402


class UsageTest(harness.S3TestCase):
    def setUp(self):
        super().setUp()
        self.source = self.make_dir("site")
        harness.make_tree(self.source, {"index.html": "<p>home</p>", "a/b.css": "b {}"})

    def assert_usage_error(self, *args):
        result = self.run_s3mirror(*args)
        self.assert_exit(result, 2)
        self.assertTrue(result.stderr.strip(), "a usage error needs a message on stderr")
        return result

    def test_version_exits_0_and_names_the_program_and_version(self):
        result = self.run_s3mirror("--version")
        self.assert_exit(result, 0)
        self.assertIn("s3mirror", result.stdout)
        self.assertRegex(result.stdout, r"\d+\.\d+\.\d+")

    def test_help_exits_0_and_mentions_every_global_option_and_command(self):
        result = self.run_s3mirror("--help")
        self.assert_exit(result, 0)
        for option in cli_contract.GLOBAL_OPTIONS + cli_contract.COMMANDS:
            self.assertIn(option, result.stdout)
        for option in cli_contract.SHORT_OPTIONS:
            self.assertRegex(result.stdout, rf"(?<![\w-]){option}\b")

    def test_command_help_mentions_every_option_of_the_command(self):
        expected = {"sync": cli_contract.SYNC_OPTIONS, "status": cli_contract.STATUS_OPTIONS,
                    "heartbeat": cli_contract.HEARTBEAT_OPTIONS}
        for command, options in expected.items():
            with self.subTest(command=command):
                result = self.run_s3mirror(command, "--help")
                self.assert_exit(result, 0)
                for option in options:
                    self.assertIn(option, result.stdout)

    def test_unknown_option_exits_2(self):
        self.assert_usage_error("--no-such-option")
        self.assert_usage_error("--endpoint-url", self.server.endpoint, "sync",
                                "--no-such-option", self.source, self.url())

    def test_unknown_command_and_missing_command_exit_2(self):
        self.assert_usage_error("--endpoint-url", self.server.endpoint, "synchronise",
                                self.source, self.url())
        self.assert_usage_error()

    def test_missing_arguments_exit_2(self):
        self.assert_usage_error("sync")
        self.assert_usage_error("sync", self.source)
        self.assert_usage_error("heartbeat")

    def test_malformed_destination_url_exits_2(self):
        for url in ("s3:/x", "http://x", "s3://", "bucket/key", "s3:///key"):
            with self.subTest(url=url):
                self.assert_usage_error("--endpoint-url", self.server.endpoint, "sync",
                                        self.source, url)

    def test_bad_option_values_exit_2_with_a_message_naming_the_option(self):
        cases = [("--part-size", "3M"), ("--multipart-threshold", "12Q"),
                 ("--concurrency", "0"), ("--max-delete", "lots"),
                 ("--progress", "sometimes")]
        for option, value in cases:
            with self.subTest(option=option):
                result = self.assert_usage_error("--endpoint-url", self.server.endpoint, "sync",
                                                 option, value, self.source, self.url())
                self.assertIn(option.lstrip("-"), result.stderr)
        for option, value in (("--addressing", "sideways"), ("--log-format", "xml")):
            with self.subTest(option=option):
                self.assert_usage_error(option, value, "--endpoint-url", self.server.endpoint,
                                        "sync", self.source, self.url())

    def test_global_options_may_follow_the_command(self):
        result = self.run_s3mirror("sync", self.source, self.url(), "--endpoint-url",
                                   self.server.endpoint, "--state-dir", self.state_dir)
        self.assert_exit(result, 0)
        self.assertEqual(sorted(self.remote_objects()), ["a/b.css", "index.html"])

    def test_sizes_accept_binary_suffixes(self):
        self.assert_exit(self.sync(self.source, "--multipart-threshold", "1G", "--part-size",
                                   "8M"), 0)

    def test_sync_exits_75_at_once_while_another_process_holds_the_lock(self):
        lock_path = os.path.join(self.tmp, "job.lock")
        with open(lock_path, "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            result = self.sync(self.source, "--lock", lock_path, timeout=30)
            self.assert_exit(result, 75)
            self.assertEqual(self.remote_objects(), {})
            status = self.run_s3mirror("--state-dir", self.state_dir, "status", "--lock", lock_path)
            self.assertIn(str(os.getpid()), status.stdout, status.stdout + status.stderr)
        self.assert_exit(self.sync(self.source, "--lock", lock_path), 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
