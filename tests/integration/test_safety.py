"""Safety properties of sync: secrets never reach output or state files, SIGKILL at any moment
leaves a state the next run repairs, files changing while read are never stored torn, an empty or
wrong LOCAL_DIR deletes nothing, and hostile file names and types neither block nor leak.

Slow runs go through tests/servers/fault_proxy.py, which delays every PUT; what ended up in the
bucket is checked with boto3 against moto directly.
"""

import hashlib
import json
import os
import random
import re
import signal
import stat
import subprocess
import sys
import threading
import time
import unittest

import harness

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "servers"))
import fault_proxy  # noqa: E402
from fault_proxy import Rule  # noqa: E402

SECRET = "sEcReT/Zq9Xk7Lw3Pv0Rt+Distinctive42"
TOKEN = "ToKeN//Mq8Ns2Yh5JbSessionDistinctive77=="


class SafetyTest(harness.S3TestCase):
    def setUp(self):
        super().setUp()
        self.source = self.make_dir("site")
        self.proxy = fault_proxy.FaultProxy(self.server.port, seed=20261125).start()
        self.addCleanup(self.proxy.stop)

    # --- helpers ----------------------------------------------------------------------------------

    def key_path(self, key):
        return rf"^/{self.bucket}/{re.escape(key)}(\?|$)"

    def sync_args(self, *options, source=None):
        return ["--endpoint-url", self.proxy.endpoint, "--state-dir", self.state_dir, "sync",
                *options, source or self.source, self.url()]

    def sync_via_proxy(self, *options, **kwargs):
        return self.run_s3mirror(*self.sync_args(*options), **kwargs)

    def status_json(self):
        result = self.run_s3mirror("--state-dir", self.state_dir, "status", "--json")
        try:
            return json.loads(result.stdout)
        except ValueError:
            self.fail(f"status --json is not JSON (exit {result.code}):\n{result.stdout}\n"
                      f"{result.stderr}")

    def remote_md5(self, key):
        return hashlib.md5(self.remote_body(key)).hexdigest()

    def assert_bucket_equals_tree(self, contents):
        remote = self.remote_objects()
        self.assertEqual(set(remote), set(contents))
        for relative, data in contents.items():
            self.assertEqual(remote[relative]["size"], len(data), relative)
            self.assertEqual(self.remote_md5(relative), harness.md5_hex(data), relative)

    def uploaded(self, result):
        return harness.summary_counts(result.stdout + result.stderr).get("uploaded")

    # --- 1. secrets -------------------------------------------------------------------------------

    def test_secret_key_and_session_token_never_appear_in_output_state_or_metrics(self):
        harness.make_tree(self.source, {f"p{i}.html": 400 + i for i in range(5)})
        harness.make_tree(self.source, {"broken.html": 900})
        metrics = os.path.join(self.tmp, "metrics.prom")
        secrets = {"AWS_SECRET_ACCESS_KEY": SECRET, "AWS_SESSION_TOKEN": TOKEN}
        # A non-retryable client error on one key, so the failure paths print.
        self.proxy.set_rules([Rule("PUT", self.key_path("broken.html"), status=403,
                                   code="AccessDenied")])
        results = [self.sync_via_proxy("-vv", "--metrics-file", metrics, extra_env=secrets)]
        self.assertIn(results[0].code, (1, 3), results[0])
        self.assertIn("broken.html", results[0].stderr)
        results.append(self.sync_via_proxy("-vv", "--log-format", "json", "--dry-run",
                                           extra_env=secrets))
        self.proxy.set_rules([])
        results.append(self.sync_via_proxy("-vv", "--log-format", "json", "--metrics-file",
                                           metrics, extra_env=secrets))
        self.assert_exit(results[-1], 0)
        results.append(self.run_s3mirror("-vv", "--state-dir", self.state_dir, "status", "--json",
                                         extra_env=secrets))
        results.append(self.run_s3mirror("-vv", "--endpoint-url", self.proxy.endpoint,
                                         "--state-dir", self.state_dir, "heartbeat",
                                         self.url("hb.txt"), extra_env=secrets))
        self.assert_exit(results[-1], 0)
        for result in results:
            for secret in (SECRET, TOKEN):
                self.assertNotIn(secret, result.stdout)
                self.assertNotIn(secret, result.stderr)
        scanned = [metrics]
        for directory, _, names in os.walk(self.state_dir):
            scanned += [os.path.join(directory, name) for name in names]
        self.assertGreater(len(scanned), 1, "the state dir holds no files")
        for path in scanned:
            with open(path, "rb") as handle:
                data = handle.read()
            for secret in (SECRET, TOKEN):
                self.assertNotIn(secret.encode(), data, f"{path} holds a secret")
        self.assertIn("hb.txt", self.remote_objects())
        self.assertNotIn(SECRET.encode(), self.remote_body("hb.txt"))
        self.assertNotIn(TOKEN.encode(), self.remote_body("hb.txt"))

    def test_state_dir_is_0700_and_its_files_0600(self):
        harness.make_tree(self.source, {"a.html": 100})
        os.rmdir(self.state_dir)  # let the binary create it
        self.assert_exit(self.sync_via_proxy(), 0)
        mode = stat.S_IMODE(os.stat(self.state_dir).st_mode)
        self.assertEqual(mode, 0o700, f"state dir mode {mode:o}")
        found = 0
        for directory, subdirs, names in os.walk(self.state_dir):
            for name in subdirs:
                path = os.path.join(directory, name)
                self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o700, path)
            for name in names:
                path = os.path.join(directory, name)
                mode = stat.S_IMODE(os.lstat(path).st_mode)
                self.assertEqual(mode, 0o600, f"{path} has mode {mode:o}")
                found += 1
        self.assertGreater(found, 0, "the state dir holds no files")

    # --- 2. SIGKILL -------------------------------------------------------------------------------

    def rewrite(self, contents, relative, offset, stamp):
        """Overwrites bytes of one file in place (same size, new content) and records them."""
        data = bytearray(contents[relative])
        data[offset:offset + len(stamp)] = stamp
        contents[relative] = bytes(data)
        with open(os.path.join(self.source, relative), "r+b") as handle:
            handle.write(contents[relative])

    def test_sigkill_at_random_moments_then_rerun_converges_and_never_skips_a_changed_file(self):
        rng = random.Random(4711)
        contents = harness.make_tree(self.source, {f"d{i % 12}/f{i:03d}.html": 200 + i * 7
                                                   for i in range(300)})
        delay = [Rule("PUT", rf"^/{self.bucket}/.", action=fault_proxy.DELAY, delay_ms=20)]
        for round_number in range(5):
            for relative in contents:  # every round has all 300 files to upload
                self.rewrite(contents, relative, 0, f"round{round_number}".encode())
            self.proxy.set_rules(delay)
            process = subprocess.Popen([self.binary, *self.sync_args("--concurrency", "2")],
                                       env=self.base_env(), stdin=subprocess.DEVNULL,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self.addCleanup(lambda p=process: (p.poll() is None and p.kill(), p.wait()))
            time.sleep(rng.uniform(0.2, 2.5))
            # 300 delayed PUTs, two at a time, last at least 3 s: the run is still going.
            self.assertIsNone(process.poll(), f"round {round_number}: the run ended early")
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
            doc = self.status_json()
            self.assertIsNone(doc.get("running"), f"round {round_number}: {doc}")
            # Change, keeping its size, a file the killed run uploaded (and may have cached).
            remote = self.remote_objects()
            done = sorted(r for r, data in contents.items()
                          if remote.get(r, {}).get("etag") == harness.md5_hex(data))
            relative = rng.choice(done) if done else rng.choice(sorted(contents))
            self.rewrite(contents, relative, 8, b"changed!")
            self.proxy.set_rules([])
            result = self.sync_via_proxy()
            self.assert_exit(result, 0)
            self.assertEqual(self.remote_body(relative), contents[relative],
                             f"round {round_number}: changed {relative} was skipped")
            self.assert_bucket_equals_tree(contents)
        final = self.sync_via_proxy()
        self.assert_exit(final, 0)
        self.assertEqual(self.uploaded(final), 0, final)

    # --- 3. files changing while read -------------------------------------------------------------

    def test_a_file_rewritten_without_pause_during_the_run_is_never_stored_torn(self):
        self.check_rewritten_files_are_never_stored_torn(pause=0.0)

    def test_a_file_rewritten_every_200ms_during_the_run_is_stored_as_one_whole_version(self):
        self.check_rewritten_files_are_never_stored_torn(pause=0.2)

    def check_rewritten_files_are_never_stored_torn(self, pause):
        """A writer thread rewrites big.bin (20 MiB, multipart) and small.txt in place, in a loop,
        pausing `pause` s between versions; every version's MD5 is kept."""
        big = os.path.join(self.source, "big.bin")
        small = os.path.join(self.source, "small.txt")
        harness.make_tree(self.source, {"other.html": 500})
        base = harness.pseudo_random_bytes(20 * harness.MiB, seed="big")
        versions = {"big.bin": set(), "small.txt": set()}
        lock = threading.Lock()
        stop = threading.Event()

        def version(number):
            data = bytearray(base)
            stamp = f"<version {number:010d}>".encode()
            for offset in range(0, len(data), 512 * 1024):  # in every part, many times
                data[offset:offset + len(stamp)] = stamp
            return bytes(data), (f"small version {number}\n" * (1 + number % 7)).encode()

        def write(path, data, key):
            with lock:
                versions[key].add(harness.md5_hex(data))
            with open(path, "r+b" if os.path.exists(path) else "wb") as handle:
                for offset in range(0, len(data), harness.MiB):
                    handle.write(data[offset:offset + harness.MiB])
                handle.truncate()

        def writer():
            number = 1
            while not stop.is_set():
                big_data, small_data = version(number)
                write(big, big_data, "big.bin")
                write(small, small_data, "small.txt")
                number += 1
                stop.wait(pause)

        first_big, first_small = version(0)
        write(big, first_big, "big.bin")
        write(small, first_small, "small.txt")
        thread = threading.Thread(target=writer, daemon=True)
        thread.start()
        try:
            result = self.sync_via_proxy("--multipart-threshold", "5M", "--part-size", "5M",
                                         timeout=90)
        finally:
            stop.set()
            thread.join(timeout=30)
        self.assertIn(result.code, (0, 1), result)
        remote = self.remote_objects()
        self.assertIn("other.html", remote)
        for key in ("big.bin", "small.txt"):
            if key in remote:
                self.assertIn(self.remote_md5(key), versions[key],
                              f"{key} was stored torn ({len(versions[key])} versions written)")
            else:
                self.assert_exit(result, 1)
                self.assertIn(key, result.stderr)
        self.assertEqual(self.s3.list_multipart_uploads(Bucket=self.bucket).get("Uploads", []), [])
        rerun = self.sync_via_proxy("--multipart-threshold", "5M", "--part-size", "5M")
        self.assert_exit(rerun, 0)
        for path, key in ((big, "big.bin"), (small, "small.txt")):
            with open(path, "rb") as handle:
                self.assertEqual(self.remote_md5(key), harness.md5_hex(handle.read()), key)

    # --- 4. empty or wrong LOCAL_DIR (a missing one: test_sync_changes.py) ------------------------

    def populate_bucket(self):
        for i in range(5):
            self.put_remote(f"keep{i}.html")
        return set(self.remote_objects())

    def test_empty_local_dir_with_delete_exits_4_and_deletes_nothing(self):
        before = self.populate_bucket()
        result = self.sync_via_proxy("--delete")
        self.assert_exit(result, 4)
        self.assertEqual(set(self.remote_objects()), before)
        self.assertFalse([r for r in self.proxy.records() if r[0] in ("DELETE", "PUT") or
                          (r[0] == "POST" and "delete" in r[1])], self.proxy.records())

    def test_local_dir_that_is_a_regular_file_is_refused_and_deletes_nothing(self):
        before = self.populate_bucket()
        path = os.path.join(self.tmp, "not-a-dir.html")
        harness.make_tree(self.tmp, {"not-a-dir.html": "<p>file</p>"})
        result = self.run_s3mirror(*self.sync_args("--delete", "--force-delete", source=path))
        self.assertIn(result.code, (2, 4), result)
        message = result.stderr + result.stdout
        self.assertIn("not-a-dir.html", message)
        self.assertRegex(message.lower(), r"not a directory|directory")
        self.assertEqual(set(self.remote_objects()), before)

    # --- 5. hostile names and types ---------------------------------------------------------------

    def test_a_fifo_neither_blocks_nor_is_uploaded(self):
        contents = harness.make_tree(self.source, {"a.html": 300, "sub/b.css": "b {}"})
        os.mkfifo(os.path.join(self.source, "sub", "pipe"))
        result = self.sync_via_proxy(timeout=30)
        self.assert_exit(result, 0)
        self.assert_bucket_equals_tree(contents)

    def test_a_symlink_to_etc_passwd_is_never_uploaded_even_with_follow_symlinks(self):
        contents = harness.make_tree(self.source, {"a.html": 300})
        os.symlink("/etc/passwd", os.path.join(self.source, "passwd"))
        os.symlink("../../../../../../../../etc/passwd", os.path.join(self.source, "rel-passwd"))
        # Ways around a check on the link itself: a chain of links, a directory link out of the
        # tree, a relative link that climbs out from a subdirectory.
        os.symlink("passwd", os.path.join(self.source, "chain"))
        outside = self.make_dir("outside")
        harness.make_tree(outside, {"private.txt": "outside the tree"})
        os.symlink(outside, os.path.join(self.source, "out-dir"))
        os.makedirs(os.path.join(self.source, "sub"))
        os.symlink("../../outside/private.txt", os.path.join(self.source, "sub", "esc.txt"))
        for options in ((), ("--follow-symlinks",)):
            result = self.sync_via_proxy(*options, timeout=30)
            self.assertIn(result.code, (0, 1), result)
            self.assert_bucket_equals_tree(contents)
        with open("/etc/passwd", "rb") as handle:
            secret_md5 = harness.md5_hex(handle.read())
        self.assertNotIn(secret_md5, [o["etag"] for o in self.remote_objects().values()])

    def test_a_symlink_loop_with_follow_symlinks_does_not_hang(self):
        contents = harness.make_tree(self.source, {"a.html": 300, "d/b.html": 200})
        os.symlink(".", os.path.join(self.source, "d", "self"))
        os.symlink("..", os.path.join(self.source, "d", "up"))
        os.symlink("x", os.path.join(self.source, "y"))
        os.symlink("y", os.path.join(self.source, "x"))
        result = self.sync_via_proxy("--follow-symlinks", timeout=30)
        self.assertIn(result.code, (0, 1), result)
        remote = self.remote_objects()
        for relative, data in contents.items():
            self.assertEqual(self.remote_md5(relative), harness.md5_hex(data), relative)
        self.assertLess(len(remote), 50, sorted(remote)[:50])

    def test_a_non_utf8_file_name_is_skipped_with_an_escaped_warning(self):
        contents = harness.make_tree(self.source, {"good.html": 300})
        with open(os.path.join(self.source.encode(), b"bad\xff.html"), "wb") as handle:
            handle.write(b"<p>bad</p>")
        result = self.sync_via_proxy(timeout=30)
        self.assertIn(result.code, (0, 1), result)
        self.assertEqual(set(self.remote_objects()), set(contents))
        warnings = [line for line in result.stderr.splitlines() if "bad" in line]
        self.assertTrue(warnings, result.stderr)
        self.assertTrue([line for line in warnings
                         if re.search(r"\\x[fF]{2}|\\377|%[fF]{2}", line)], result.stderr)
        self.assertNotIn("\ufffd", result.stderr)

    def test_a_key_longer_than_1024_bytes_is_reported_and_the_others_upload(self):
        deep = "/".join(["d" * 200] * 6) + "/long.html"
        contents = harness.make_tree(self.source, {"short.html": 300, deep: 100})
        self.assertGreater(len(deep.encode()), 1024)
        # moto stores such keys; AWS S3 answers 400 KeyTooLongError. The proxy plays AWS.
        self.proxy.set_rules([Rule("PUT", rf"^/{self.bucket}/[^?]{{1025,}}", status=400,
                                   code="KeyTooLongError")])
        result = self.sync_via_proxy(timeout=60)
        self.assertEqual(result.code, 1, result)  # the file failed, the run went on
        long_puts = [r for r in self.proxy.records() if r[0] == "PUT" and "long.html" in r[1]]
        self.assertEqual(long_puts, [], "the over-long key should fail locally, without a request")
        remote = self.remote_objects()
        self.assertEqual(set(remote), {"short.html"})
        self.assertEqual(self.remote_md5("short.html"), harness.md5_hex(contents["short.html"]))
        lines = [line for line in result.stderr.splitlines() if "long.html" in line]
        self.assertTrue(lines, result.stderr)
        self.assertRegex(" ".join(lines).lower(), r"1024|too ?long|length")


if __name__ == "__main__":
    unittest.main(verbosity=2)
