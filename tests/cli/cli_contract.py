"""The options that CLI.md (the command-line contract) promises, per command, and helpers to read them
back from --help output and from the rendered man page."""

import os
import re
import subprocess

GLOBAL_OPTIONS = [
    "--endpoint-url", "--region", "--profile", "--config", "--addressing", "--ca-bundle",
    "--state-dir", "--verbose", "--quiet", "--log-format", "--syslog", "--help", "--version",
]
SYNC_OPTIONS = [
    "--concurrency", "--delete", "--max-delete", "--force-delete", "--exclude", "--include",
    "--dry-run", "--no-hash-cache", "--content-type", "--default-content-type", "--cache-control",
    "--acl", "--storage-class", "--sse", "--multipart-threshold", "--part-size",
    "--follow-symlinks", "--heartbeat", "--lock", "--progress", "--statsd", "--statsd-prefix",
    "--metrics-file", "--delete-after-missing", "--no-website-order", "--headers", "--fix-headers",
    "--fix-headers-budget", "--checksum", "--awkward-names", "--no-mount-check",
    "--unsigned-payload",
]
STATUS_OPTIONS = ["--lock", "--json", "--nagios", "--warning", "--critical", "--history",
                  "--pending"]
HEARTBEAT_OPTIONS = []
SHORT_OPTIONS = ["-v", "-q"]
COMMANDS = ["sync", "status", "heartbeat"]

MAN_PAGE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "man", "s3mirror.1")


def long_options(text):
    """Every --long-option named in text."""
    return set(re.findall(r"(?<![\w-])--[a-z][a-z0-9]*(?:-[a-z0-9]+)*", text))


def rendered_man_page():
    """The man page as plain text, wide enough that no option is broken across lines."""
    rendered = subprocess.run(["mandoc", "-Tascii", "-O", "width=200", MAN_PAGE],
                              capture_output=True, check=True).stdout.decode("utf-8", "replace")
    return re.sub(r".\x08", "", rendered)  # drop overstrike (bold/underline)
