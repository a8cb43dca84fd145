"""Every option the binary accepts, and every option of the CLI contract, is in the man page; so
are every key of `status --json`, every Nagios state and every perfdata label, as printed."""

import json
import os
import re
import socket
import subprocess
import sys
import unittest

import cli_contract

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
import harness  # noqa: E402


def help_text(*args):
    binary = os.environ.get("S3MIRROR_BIN")
    if not binary:
        raise unittest.SkipTest("S3MIRROR_BIN is not set (run through ctest)")
    result = subprocess.run([binary, *args], capture_output=True, timeout=30,
                            stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        raise AssertionError(f"s3mirror {' '.join(args)} exited {result.returncode}")
    return result.stdout.decode("utf-8", "replace")


def man_subsection(man, title):
    """The rendered text under the heading `title` (a .Sh at column 0 or a .Ss at column 3), up to
    the next heading."""
    lines = man.splitlines()
    starts = [i for i, line in enumerate(lines) if line.strip() == title and len(line) - len(
        line.lstrip()) <= 3]
    if not starts:
        raise AssertionError(f"the man page has no heading {title!r}")
    body = []
    for line in lines[starts[0] + 1:]:
        if re.match(r"^( {0,3})\S", line):
            break
        body.append(line)
    return "\n".join(body)


def documented_tags(text):
    """The names that head an entry of a tagged list in rendered text: "  now     The time ..." or
    "  warning_seconds, critical_seconds" on a line of its own."""
    tags = set()
    for line in text.splitlines():
        match = re.match(r"^\s+([a-z_]+(?:, [a-z_]+)*)(?: {2,}|\t|$)", line)
        if match:
            tags.update(match.group(1).split(", "))
    return tags


def json_keys(value):
    """Every key of every object anywhere in a decoded JSON document."""
    if isinstance(value, dict):
        keys = set(value)
        for item in value.values():
            keys |= json_keys(item)
        return keys
    if isinstance(value, list):
        return set().union(*(json_keys(item) for item in value)) if value else set()
    return set()


class ManPageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.man = cli_contract.rendered_man_page()

    def test_every_long_option_in_the_help_texts_is_in_the_man_page(self):
        for args in (["--help"], ["sync", "--help"], ["status", "--help"],
                     ["heartbeat", "--help"]):
            for option in sorted(cli_contract.long_options(help_text(*args))):
                with self.subTest(help=" ".join(args), option=option):
                    self.assertIn(option, self.man)

    def test_every_option_of_the_contract_is_in_the_man_page(self):
        for option in (cli_contract.GLOBAL_OPTIONS + cli_contract.SYNC_OPTIONS
                       + cli_contract.STATUS_OPTIONS):
            with self.subTest(option=option):
                self.assertIn(option, self.man)

    def test_man_page_has_the_sections_operators_look_for(self):
        for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "OPTIONS", "ENVIRONMENT",
                        "FILES", "EXIT STATUS", "EXAMPLES", "SEE ALSO"):
            self.assertIn(f"\n{section}\n", self.man)
        exit_status = self.man.split("\nEXIT STATUS\n", 1)[-1].split("\nEXAMPLES\n", 1)[0]
        for code in ("0", "1", "2", "3", "4", "75", "130", "143"):
            self.assertRegex(exit_status, rf"(?<![\d.]){code}(?![\d.])")

    def test_nagios_output_names_the_four_states_with_their_exit_codes(self):
        nagios = man_subsection(self.man, "Nagios output")
        for state, code in (("OK", 0), ("WARNING", 1), ("CRITICAL", 2), ("UNKNOWN", 3)):
            with self.subTest(state=state):
                self.assertRegex(nagios, rf"(?m)^\s+{state}, exit {code}$")


class StatusOutputManPageTest(harness.S3TestCase):
    """The man page documents what `status` really prints after a real sync."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        man = cli_contract.rendered_man_page()
        cls.json_section = man_subsection(man, "JSON output")
        cls.nagios_section = man_subsection(man, "Nagios output")

    def setUp(self):
        super().setUp()
        self.source = self.make_dir("site")
        harness.make_tree(self.source, {"index.html": "<p>home</p>", "a/b.css": "b {}"})
        self.lock = os.path.join(self.tmp, "s3mirror.lock")
        self.assert_exit(self.sync(self.source, "--heartbeat", "hb.txt", "--lock", self.lock), 0)

    def status(self, *args):
        return self.run_s3mirror("--endpoint-url", self.server.endpoint, "--state-dir",
                                 self.state_dir, "status", *args)

    def status_json(self):
        result = self.status("--json", "--lock", self.lock, self.url("hb.txt"))
        self.assert_exit(result, 0)
        return json.loads(result.stdout)

    def assert_keys_documented(self, document):
        documented = documented_tags(self.json_section)
        for key in sorted(json_keys(document)):
            with self.subTest(key=key):
                self.assertIn(key, documented, "not a tag in the man page's JSON output")

    def test_every_key_of_status_json_after_a_sync_is_in_the_man_page(self):
        document = self.status_json()
        self.assertEqual(document["state"], "OK", document)
        self.assertEqual(len(document["last_runs"]), 1, document)
        for nested in ("thresholds", "heartbeat", "lock"):
            self.assertIsInstance(document[nested], dict, nested)
        self.assertIsNone(document["heartbeat"]["error"], document["heartbeat"])
        self.assert_keys_documented(document)

    def test_every_key_of_a_running_run_in_status_json_is_in_the_man_page(self):
        # This test process stands in for a sync that is running: a state file of this host that is
        # not finished and names a live pid is a running run.
        state = {"schema_version": 1, "destination_id": "running-run",
                 "destination_url": self.url("other/"), "local_dir": self.source,
                 "host": socket.gethostname(), "pid": os.getpid(), "pid_start_ticks": 0,
                 "started_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:05Z",
                 "phase": "uploading", "finished": False, "outcome": "", "files_done": 1,
                 "files_planned": 2, "bytes_done": 10, "bytes_planned": 20, "eta_seconds": 7}
        with open(os.path.join(self.state_dir, "running-run.state.json"), "w") as out:
            json.dump(state, out)
        document = self.status_json()
        self.assertIsInstance(document["running"], dict, document)
        self.assertEqual(document["running"]["pid"], os.getpid())
        self.assert_keys_documented(document)

    def test_every_key_of_the_last_deletions_in_status_json_is_in_the_man_page(self):
        os.remove(os.path.join(self.source, "a/b.css"))
        self.assert_exit(self.sync(self.source, "--delete", "--force-delete", "--heartbeat",
                                   "hb.txt"), 0)
        document = self.status_json()
        self.assertEqual([d["key"] for d in document["last_deletions"]], ["a/b.css"], document)
        self.assert_keys_documented(document)

    def test_every_key_of_status_pending_json_is_in_the_man_page(self):
        self.assert_exit(self.sync(self.source, "--delete", "--heartbeat", "hb.txt"), 0)
        result = self.status("--pending", self.source, "--json")
        self.assert_exit(result, 0)
        document = json.loads(result.stdout)
        self.assertEqual(len(document["pending"]), 1, document)
        self.assertEqual(document["pending"][0]["deletes"], 0, document)
        documented = documented_tags(man_subsection(cli_contract.rendered_man_page(),
                                                    "Pending output"))
        for key in sorted(json_keys(document)):
            with self.subTest(key=key):
                self.assertIn(key, documented, "not a tag in the man page's Pending output")

    def test_every_perfdata_label_of_the_nagios_line_is_in_the_man_page(self):
        result = self.status("--nagios", self.url("hb.txt"))
        self.assert_exit(result, 0)
        line, _, perfdata = result.stdout.strip().partition(" | ")
        self.assertTrue(line.startswith("S3MIRROR OK - "), result.stdout)
        labels = [item.split("=", 1)[0] for item in perfdata.split()]
        self.assertEqual(labels, ["age", "duration", "files"], result.stdout)
        for label in labels:
            with self.subTest(label=label):
                self.assertRegex(self.nagios_section, rf"(?m)^\s+{label}=")


if __name__ == "__main__":
    unittest.main(verbosity=2)
