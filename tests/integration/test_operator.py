"""What an operator sees: status of a running and of a killed sync, Nagios lines, statsd metrics,
the progress line, syslog and the lock.

Runs that must last a few seconds go through tests/servers/fault_proxy.py, which delays every PUT.
"""

import json
import os
import pty
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

import harness

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "servers"))
import fault_proxy  # noqa: E402
from fault_proxy import Rule  # noqa: E402


class OperatorTest(harness.S3TestCase):
    def setUp(self):
        super().setUp()
        self.source = self.make_dir("site")
        self.proxy = fault_proxy.FaultProxy(self.server.port).start()
        self.addCleanup(self.proxy.stop)

    # --- helpers ----------------------------------------------------------------------------------

    def slow_puts(self, delay_ms=50):
        self.proxy.set_rules([Rule("PUT", rf"^/{self.bucket}/.", action=fault_proxy.DELAY,
                                   delay_ms=delay_ms)])

    def sync_args(self, *options, endpoint=None):
        return [self.binary, "--endpoint-url", endpoint or self.proxy.endpoint, "--state-dir",
                self.state_dir, "sync", *options, self.source, self.url()]

    def start_sync(self, *options, **popen):
        process = subprocess.Popen(self.sync_args(*options), env=self.base_env(),
                                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, **popen)
        self.addCleanup(self.reap, process)
        return process

    @staticmethod
    def reap(process):
        if process.poll() is None:
            process.kill()
        process.wait()

    def status_json(self, *args):
        result = self.run_s3mirror("--state-dir", self.state_dir, "status", "--json", *args)
        return json.loads(result.stdout)

    def wait_for_running(self, process, min_done=1, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            running = self.status_json()["running"]
            if running and running["files_done"] >= min_done:
                return running
            self.assertIsNone(process.poll(), "the sync ended before status saw it running")
            time.sleep(0.2)
        self.fail("status never showed the sync running")

    def nagios(self, *args):
        result = self.run_s3mirror("--endpoint-url", self.server.endpoint, "--state-dir",
                                   self.state_dir, "status", "--nagios", *args)
        lines = result.stdout.splitlines()
        self.assertEqual(len(lines), 1, result.stdout)
        return result.code, lines[0]

    # --- status -----------------------------------------------------------------------------------

    def test_status_json_shows_a_running_sync_with_growing_counts_then_its_run(self):
        harness.make_tree(self.source, {f"p/{i:03}.html": 300 for i in range(150)})
        self.slow_puts()
        process = self.start_sync("--concurrency", "1")
        first = self.wait_for_running(process)
        self.assertEqual(first["pid"], process.pid)
        self.assertEqual(first["destination"], self.url())
        time.sleep(1.6)  # the state file is rewritten at most once a second
        second = self.status_json()["running"]
        self.assertIsNotNone(second, "the sync ended too early to be polled twice")
        self.assertEqual(second["pid"], process.pid)
        self.assertGreater(second["files_done"], first["files_done"])
        self.assertEqual(process.wait(timeout=60), 0)
        after = self.status_json()
        self.assertIsNone(after["running"])
        self.assertEqual(after["last_runs"][0]["pid"], process.pid)
        self.assertEqual(after["last_runs"][0]["outcome"], "success")
        self.assertEqual(after["last_runs"][0]["uploaded"], 150)

    def test_status_shows_a_sync_killed_with_sigkill_as_died_and_not_running(self):
        harness.make_tree(self.source, {f"p/{i:03}.html": 300 for i in range(150)})
        self.slow_puts()
        process = self.start_sync("--concurrency", "1")
        self.wait_for_running(process, min_done=2)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        doc = self.status_json()
        self.assertIsNone(doc["running"], doc)
        self.assertEqual(doc["last_runs"][0]["pid"], process.pid)
        self.assertEqual(doc["last_runs"][0]["outcome"], "died")
        self.assertIsNone(doc["last_runs"][0]["finished_at"])
        text = self.run_s3mirror("--state-dir", self.state_dir, "status").stdout
        self.assertIn("Not running", text)
        self.assertIn("died", text)

    def test_nagios_gives_one_line_and_the_exit_code_of_each_state(self):
        harness.make_tree(self.source, {"index.html": "<p>home</p>"})
        proc = subprocess.run(self.sync_args("--heartbeat", "hb.txt"), env=self.base_env(),
                              capture_output=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        code, line = self.nagios(self.url("hb.txt"))
        self.assertEqual((code, line.split(" - ")[0]), (0, "S3MIRROR OK"), line)
        time.sleep(2.2)  # Last-Modified has whole seconds: now at least one second old
        code, line = self.nagios("--warning", "1s", "--critical", "1h", self.url("hb.txt"))
        self.assertEqual((code, line.split(" - ")[0]), (1, "S3MIRROR WARNING"), line)
        self.assertRegex(line, r"\| age=\d+s;1;3600")
        code, line = self.nagios("--warning", "1s", "--critical", "1s", self.url("hb.txt"))
        self.assertEqual((code, line.split(" - ")[0]), (2, "S3MIRROR CRITICAL"), line)
        code, line = self.nagios(self.url("no/such/heartbeat.txt"))
        self.assertEqual((code, line.split(" - ")[0]), (3, "S3MIRROR UNKNOWN"), line)
        self.assertIn("no/such/heartbeat.txt", line)

    # --- statsd -----------------------------------------------------------------------------------

    def test_statsd_receives_the_duration_and_the_counters_of_the_run(self):
        contents = harness.make_tree(self.source, {"a.html": 100, "b/c.css": 250, "d.js": 50})
        self.put_remote("gone.txt")
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as receiver:
            receiver.bind(("127.0.0.1", 0))
            receiver.settimeout(5)
            port = receiver.getsockname()[1]
            proc = subprocess.run(
                self.sync_args("--delete", "--force-delete", "--statsd", f"127.0.0.1:{port}",
                               "--statsd-prefix", "mirror"), env=self.base_env(),
                capture_output=True, timeout=60)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            metrics = {}
            receiver.settimeout(0.5)
            try:
                while True:
                    for line in receiver.recv(65536).decode().splitlines():
                        name, value = line.split(":", 1)
                        metrics[name] = value
            except socket.timeout:
                pass
        self.assertRegex(metrics.get("mirror.upload_duration", ""), r"^\d+\|ms$", metrics)
        self.assertEqual(metrics.get("mirror.files_uploaded"), "3|c", metrics)
        self.assertEqual(metrics.get("mirror.files_deleted"), "1|c", metrics)
        self.assertEqual(metrics.get("mirror.files_failed"), "0|c", metrics)
        total = sum(len(data) for data in contents.values())
        self.assertEqual(metrics.get("mirror.bytes_uploaded"), f"{total}|c", metrics)

    # --- progress ---------------------------------------------------------------------------------

    def run_on_terminal(self, *options):
        """Runs sync with stdout and stderr on a pseudo-terminal; returns (code, output)."""
        master, slave = pty.openpty()
        process = subprocess.Popen(self.sync_args(*options), env=self.base_env(),
                                   stdin=subprocess.DEVNULL, stdout=slave, stderr=slave)
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(master)
        return process.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace")

    def test_progress_auto_redraws_on_a_terminal_only_and_always_forces_it(self):
        harness.make_tree(self.source, {f"f{i:02}.txt": 100 for i in range(20)})
        self.slow_puts(60)
        code, output = self.run_on_terminal("--concurrency", "1", "--progress", "auto")
        self.assertEqual(code, 0, output)
        self.assertGreaterEqual(output.count("\r"), 3, repr(output))

        self.s3.delete_objects(Bucket=self.bucket, Delete={
            "Objects": [{"Key": k} for k in self.remote_objects()]})
        proc = subprocess.run(self.sync_args("--concurrency", "1", "--progress", "auto"),
                              env=self.base_env(), capture_output=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertNotIn(b"\r", proc.stderr)
        self.assertNotIn(b"\x1b[", proc.stderr)

        self.s3.delete_objects(Bucket=self.bucket, Delete={
            "Objects": [{"Key": k} for k in self.remote_objects()]})
        proc = subprocess.run(self.sync_args("--concurrency", "1", "--progress", "always"),
                              env=self.base_env(), capture_output=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn(b"\r", proc.stderr)

    # --- syslog -----------------------------------------------------------------------------------

    def test_syslog_gets_the_tag_the_failures_and_the_summary(self):
        if os.geteuid() != 0 or not os.path.exists("/usr/bin/unshare"):
            self.skipTest("needs root and unshare to put a socket at /dev/log")
        harness.make_tree(self.source, {"ok.html": 100, "denied.html": 100})
        # 403 is not retried: the key fails at once.
        self.proxy.set_rules([Rule("PUT", rf"^/{self.bucket}/denied\.html", status=403,
                                   code="AccessDenied")])
        socket_dir = tempfile.mkdtemp(prefix="s3m-log-", dir="/tmp")
        self.addCleanup(lambda: subprocess.run(["rm", "-rf", socket_dir]))
        log_path = os.path.join(socket_dir, "log")
        receiver = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.addCleanup(receiver.close)
        receiver.bind(log_path)
        old_dev = os.path.join(socket_dir, "olddev")
        os.mkdir(old_dev)
        # In a private mount namespace: a tmpfs over /dev with the few devices a process needs
        # and our socket as /dev/log. The machine's /dev is not touched.
        script = ("set -e; mount --make-rprivate /; mount --rbind /dev \"$0\"; "
                  "mount -t tmpfs tmpfs /dev; "
                  "for n in null zero random urandom; do touch /dev/$n; "
                  "mount --bind \"$0/$n\" /dev/$n; done; "
                  "touch /dev/log; mount --bind \"$1\" /dev/log; shift; exec \"$@\"")
        args = ["unshare", "-m", "sh", "-c", script, old_dev, log_path,
                *self.sync_args("--syslog=mirror-test")]
        proc = subprocess.run(args, env=self.base_env(), capture_output=True, timeout=60)
        if b"mount" in proc.stderr and proc.returncode not in (0, 1):
            self.skipTest("cannot mount in a new namespace here: " + proc.stderr.decode())
        self.assertEqual(proc.returncode, 1, proc.stderr)
        receiver.settimeout(0.5)
        messages = []
        try:
            while True:
                messages.append(receiver.recv(65536).decode("utf-8", "replace"))
        except socket.timeout:
            pass
        text = "\n".join(messages)
        # "<11>Nov 25 16:40:00 mirror-test[1234]: ..." (facility user = 1, so <8 + severity>)
        for message in messages:
            self.assertRegex(message, r"^<(8|9|1[0-5])>.*\bmirror-test\[\d+\]: ", messages)
        self.assertRegex(text, r"mirror-test\[\d+\]: sync started: .* -> s3://", text)
        self.assertRegex(text, r"mirror-test\[\d+\]: failed denied\.html: .*AccessDenied", text)
        self.assertRegex(text, r"failed[\s:=]+1\b", "no summary: " + text)

    # --- lock -------------------------------------------------------------------------------------

    def test_a_held_lock_exits_75_at_once_and_names_the_holder(self):
        harness.make_tree(self.source, {"a.txt": "a"})
        lock = os.path.join(self.tmp, "job.lock")
        holder = subprocess.Popen(["flock", lock, "sleep", "30"], start_new_session=True)
        self.addCleanup(lambda: (os.killpg(holder.pid, signal.SIGKILL), holder.wait()))
        deadline = time.monotonic() + 5
        while subprocess.run(["flock", "-n", lock, "true"]).returncode == 0:
            self.assertLess(time.monotonic(), deadline, "flock never took the lock")
            time.sleep(0.05)
        started = time.monotonic()
        proc = subprocess.run(self.sync_args("--lock", lock, endpoint=self.server.endpoint),
                              env=self.base_env(), capture_output=True, timeout=30)
        elapsed = time.monotonic() - started
        self.assertEqual(proc.returncode, 75, proc.stderr)
        self.assertLess(elapsed, 2.0)
        pids = re.findall(r"\bpid (\d+)", proc.stderr.decode())
        self.assertTrue(pids, proc.stderr)
        holders = {holder.pid} | self.children(holder.pid)
        self.assertIn(int(pids[0]), holders, proc.stderr)
        self.assertEqual(self.remote_objects(), {})

    @staticmethod
    def children(pid):
        found = set()
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as children:
                found |= {int(p) for p in children.read().split()}
        return found


if __name__ == "__main__":
    unittest.main(verbosity=2)
