"""SIGTERM and SIGINT stop a sync after the requests in flight (exit 143 / 130); a rerun completes."""

import signal
import subprocess
import unittest

import harness

FILE_COUNT = 1500  # at --concurrency 1 this takes seconds against moto; we signal after one PUT


class InterruptTest(harness.S3TestCase):
    def setUp(self):
        super().setUp()
        self.source = self.make_dir("site")
        harness.make_tree(self.source, {f"d{i % 10}/f{i:04d}.html": f"<p>{i}</p>"
                                        for i in range(FILE_COUNT)})

    def interrupt_run(self, signal_number):
        mark = self.server.mark()
        process = subprocess.Popen(
            [self.binary, "--endpoint-url", self.server.endpoint, "--state-dir", self.state_dir,
             "sync", "--concurrency", "1", self.source, self.url()],
            env=self.base_env(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE)
        try:
            self.assertTrue(self.server.wait_for_request(mark, "PUT"), "no upload started")
            process.send_signal(signal_number)
            stdout, stderr = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        return harness.RunResult(process.returncode, stdout.decode(errors="replace"),
                                 stderr.decode(errors="replace"))

    def assert_stopped_early_then_completed(self, result, code):
        self.assert_exit(result, code)
        uploaded = len(self.remote_objects())
        self.assertLess(uploaded, FILE_COUNT, "the run did not stop early")
        rerun = self.sync(self.source)
        self.assert_exit(rerun, 0)
        self.assertEqual(len(self.remote_objects()), FILE_COUNT)
        self.assertEqual(harness.summary_counts(rerun.stdout + rerun.stderr).get("uploaded"),
                         FILE_COUNT - uploaded)

    def test_sigterm_stops_the_run_with_exit_143(self):
        self.assert_stopped_early_then_completed(self.interrupt_run(signal.SIGTERM), 143)

    def test_sigint_stops_the_run_with_exit_130(self):
        self.assert_stopped_early_then_completed(self.interrupt_run(signal.SIGINT), 130)


if __name__ == "__main__":
    unittest.main(verbosity=2)
