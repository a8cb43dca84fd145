"""The examples in packaging/ work as written: the Kubernetes CronJob is valid YAML whose arguments
s3mirror accepts, the crontab line's and the systemd unit's options are accepted (each run with
--dry-run against the local server), the Nagios command gives one line and a plugin exit code, the
bash completion completes commands and options; and the man page's exit codes are the contract's
(CLI.md)."""

import os
import re
import shlex
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
import cli_contract  # noqa: E402
import harness  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
PACKAGING = os.path.join(ROOT, "packaging")
COMPLETION = os.path.join(PACKAGING, "completion", "s3mirror.bash")
BASH_COMPLETION = "/usr/share/bash-completion/bash_completion"
# CLI.md lives next to the checkout (the shared contract); S3MIRROR_CLI_MD overrides.
CLI_MD = os.environ.get("S3MIRROR_CLI_MD", os.path.join(ROOT, "..", "shared", "CLI.md"))


def read(path):
    with open(path, encoding="utf-8") as source:
        return source.read()


def substitute(args, replacements):
    """args with every exact match, or "--option=value" value, replaced from the mapping."""
    out = []
    for arg in args:
        option, equals, value = arg.partition("=")
        if arg in replacements:
            out.append(replacements[arg])
        elif equals and option.startswith("--") and value in replacements:
            out.append(f"{option}={replacements[value]}")
        else:
            out.append(arg)
    return out


def with_dry_run(args):
    """The arguments with --dry-run right after the sync command word."""
    position = args.index("sync")
    return args[:position + 1] + ["--dry-run"] + args[position + 1:]


class PackagingExamplesTest(harness.S3TestCase):
    def setUp(self):
        super().setUp()
        self.source = self.make_dir("site")
        harness.make_tree(self.source, {"index.html": "<p>home</p>", "a/b.css": "b {}"})

    def run_example(self, args):
        """Runs an example's s3mirror arguments against the local server with this test's state."""
        return self.run_s3mirror("--endpoint-url", self.server.endpoint, "--state-dir",
                                 self.state_dir, *args)

    def test_kubernetes_cronjob_is_valid_yaml_with_arguments_s3mirror_accepts(self):
        try:
            import yaml
        except ImportError:
            self.skipTest("python yaml (PyYAML) is not importable")
        document = yaml.safe_load(read(os.path.join(PACKAGING, "kubernetes", "cronjob.yaml")))
        self.assertEqual(document["kind"], "CronJob")
        containers = document["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"]
        self.assertEqual(len(containers), 1)
        args = [str(arg) for arg in containers[0]["args"]]
        metrics = os.path.join(self.tmp, "metrics", "s3mirror.prom")
        args = substitute(args, {"/mirror": self.source, "s3://www-fallback/": self.url(),
                                 "/state/metrics/s3mirror.prom": metrics})
        self.assertIn("sync", args)
        result = self.run_example(with_dry_run(args))
        self.assert_exit(result, 0)
        self.assertEqual(self.remote_objects(), {}, "--dry-run changed the bucket")

    def crontab_command(self):
        """The s3mirror arguments of the crontab example's one job line, without setlock."""
        lines = [line for line in read(os.path.join(PACKAGING, "cron", "s3mirror.cron")).splitlines()
                 if line.strip() and not line.lstrip().startswith("#") and "=" not in line.split()[0]]
        self.assertEqual(len(lines), 1, lines)
        words = shlex.split(lines[0])[6:]  # five time fields and the user
        if words[0] == "setlock":
            words = words[3:] if words[1] == "-n" else words[2:]
        self.assertEqual(words[0], "s3mirror", lines[0])
        return words[1:]

    def test_crontab_line_has_options_s3mirror_accepts(self):
        args = self.crontab_command()
        args = substitute(args, {"/srv/www": self.source, "s3://www-mirror/": self.url()})
        args = [arg for arg in args if not arg.startswith("--syslog")]  # keep test logs off syslog
        result = self.run_example(with_dry_run(args))
        self.assert_exit(result, 0)
        self.assertEqual(self.remote_objects(), {}, "--dry-run changed the bucket")

    def test_systemd_service_command_has_options_s3mirror_accepts(self):
        unit = read(os.path.join(PACKAGING, "systemd", "s3mirror-sync.service"))
        exec_start = re.search(r"^ExecStart=((?:.*\\\n)*.*)$", unit, re.M).group(1)
        words = shlex.split(exec_start.replace("\\\n", " "))
        self.assertEqual(words[0], "/usr/bin/s3mirror", exec_start)
        args = substitute(words[1:], {"/srv/www-mirror": self.source,
                                      "s3://www-fallback/": self.url(),
                                      "/run/s3mirror/www.lock": os.path.join(self.tmp, "www.lock")})
        args = [arg for arg in args if arg != "--syslog"]  # keep the test's logs off syslog
        result = self.run_example(with_dry_run(args))
        self.assert_exit(result, 0)
        self.assertEqual(self.remote_objects(), {}, "--dry-run changed the bucket")

    def nagios_command(self):
        """The check command line with the service's $ARGn$ values filled in."""
        config = read(os.path.join(PACKAGING, "nagios", "s3mirror.cfg"))
        command_line = re.search(r"^\s*command_line\s+(.+)$", config, re.M).group(1)
        check = re.search(r"^\s*check_command\s+(\S+)$", config, re.M).group(1).split("!")
        for number, value in enumerate(check[1:], start=1):
            command_line = command_line.replace("$ARG" + str(number) + "$", value)
        self.assertNotIn("$ARG", command_line)
        words = shlex.split(command_line)
        self.assertEqual(os.path.basename(words[0]), "s3mirror")
        return words[1:]

    def test_nagios_command_prints_one_line_and_a_plugin_exit_code(self):
        args = self.nagios_command()
        self.assertIn("--nagios", args)
        args = substitute(args, {"/var/lib/s3mirror": self.state_dir,
                                 "/run/s3mirror/www.lock": os.path.join(self.tmp, "www.lock"),
                                 "s3://www-fallback/_heartbeat": self.url("_heartbeat")})
        for when in ("before any run", "after a run that wrote the heartbeat"):
            if when.startswith("after"):
                self.assert_exit(self.sync(self.source, "--heartbeat", "_heartbeat"), 0)
            with self.subTest(when=when):
                result = self.run_s3mirror("--endpoint-url", self.server.endpoint, *args)
                self.assertIn(result.code, (0, 1, 2, 3), result)
                self.assertEqual(len(result.stdout.splitlines()), 1, result.stdout)


class CompletionAndExitCodesTest(unittest.TestCase):
    def test_bash_completion_script_parses(self):
        result = subprocess.run(["bash", "-n", COMPLETION], capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stderr)

    def complete(self, *words):
        """COMPREPLY of _s3mirror for the command line words (the last is being completed)."""
        script = (f"source {shlex.quote(BASH_COMPLETION)}\nsource {shlex.quote(COMPLETION)}\n"
                  f"COMP_WORDS=({' '.join(shlex.quote(word) for word in words)})\n"
                  f"COMP_CWORD={len(words) - 1}\nCOMP_LINE={shlex.quote(' '.join(words))}\n"
                  "COMP_POINT=${#COMP_LINE}\n_s3mirror\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n")
        result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=30)
        self.assertEqual(result.returncode, 0, result.stderr)
        return [line for line in result.stdout.splitlines() if line]

    def test_bash_completion_completes_commands_and_sync_options(self):
        if not os.path.exists(BASH_COMPLETION):
            self.skipTest(f"bash-completion is not installed ({BASH_COMPLETION})")
        self.assertEqual(self.complete("s3mirror", "sy"), ["sync"])
        self.assertEqual(self.complete("s3mirror", "sync", "--del"),
                         ["--delete", "--delete-after-missing"])
        self.assertEqual(self.complete("s3mirror", "status", "--na"), ["--nagios"])

    def test_exit_codes_in_the_man_page_are_those_of_the_contract(self):
        if not os.path.exists(CLI_MD):
            self.skipTest(f"the CLI contract is not at {CLI_MD} (set S3MIRROR_CLI_MD)")
        if shutil.which("mandoc") is None:
            self.skipTest("mandoc is not installed")
        table = read(CLI_MD).split("## Exit codes", 1)[1].split("\n## ", 1)[0]
        contract = set()
        for cell in re.findall(r"^\|\s*([\d /]+?)\s*\|", table, re.M):
            contract.update(int(code) for code in cell.split("/"))
        man = cli_contract.rendered_man_page()
        section = man.split("\nEXIT STATUS\n", 1)[1].split("\nEXAMPLES\n", 1)[0]
        documented = set()
        for tag in re.findall(r"^ {1,8}(\d+(?:,\s*\d+)*)(?: {2,}|$)", section, re.M):
            documented.update(int(code) for code in tag.split(","))
        self.assertEqual(contract, {0, 1, 2, 3, 4, 75, 130, 143})
        self.assertEqual(documented, contract)


if __name__ == "__main__":
    unittest.main(verbosity=2)
