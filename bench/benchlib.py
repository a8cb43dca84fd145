"""Pieces shared by bench/run.py and bench/scale.py: the local S3 endpoint process, measured child
runs, and the command lines of s3mirror and the peer tools."""
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ACCESS_KEY = "AKIDTESTINGTESTING00"
SECRET_KEY = "testing-secret-not-checked"
REGION = "us-east-1"


class Endpoint:
    """bench/s3_endpoint.js on a free 127.0.0.1 port, for the duration of a `with` block."""

    def __init__(self, latency_ms=0, discard_bodies=False):
        self.argv = ["node", os.path.join(HERE, "s3_endpoint.js"), "--latency-ms", str(latency_ms),
                     "--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY, "--region", REGION]
        if discard_bodies:
            self.argv.append("--discard-bodies")
        self.proc = None
        self.url = None

    def __enter__(self):
        self.proc = subprocess.Popen(self.argv, stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the S3 endpoint did not start: %s" % " ".join(self.argv))
        self.url = json.loads(line)["endpoint"]
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self.proc.stdout.close()

    def stats(self):
        with urllib.request.urlopen(self.url + "/__stats", timeout=30) as answer:
            return json.load(answer)

    def set_latency(self, latency_ms):
        request = urllib.request.Request(self.url + "/__config?latency-ms=%d" % latency_ms,
                                         method="POST")
        urllib.request.urlopen(request, timeout=30).close()

    def client(self):
        import boto3
        from botocore.config import Config
        return boto3.client("s3", endpoint_url=self.url, aws_access_key_id=ACCESS_KEY,
                            aws_secret_access_key=SECRET_KEY, region_name=REGION,
                            config=Config(s3={"addressing_style": "path"}))


def stats_delta(before, after):
    """Requests by operation, errors and endpoint CPU seconds between two /__stats snapshots."""
    requests = collections.Counter(after["requests"])
    requests.subtract(before["requests"])
    errors = collections.Counter(after["errors"])
    errors.subtract(before["errors"])
    cpu = (after["cpu_user_s"] + after["cpu_system_s"]) - (before["cpu_user_s"] +
                                                           before["cpu_system_s"])
    return ({k: v for k, v in sorted(requests.items()) if v},
            {k: v for k, v in sorted(errors.items()) if v}, cpu)


def payload_delta(before, after):
    """Accepted requests by payload mode ("signed", "UNSIGNED-PAYLOAD", ...) between two
    /__stats snapshots."""
    payloads = collections.Counter(after["payloads"])
    payloads.subtract(before["payloads"])
    return {k: v for k, v in sorted(payloads.items()) if v}


GNU_TIME = "/usr/bin/time"


def run_measured(argv, env, stdout=subprocess.DEVNULL):
    """Runs argv to its end; returns dict(exit, wall_s, cpu_s, rss_mib, stderr_tail).
    CPU time (user+sys) and peak RSS are the child's and its waited-for children's, as GNU time
    reports them: it forks from a 2 MB process. (A child forked by Python would inherit Python's
    ~50 MB high-water mark into ru_maxrss; without GNU time that is what rss_mib shows.)"""
    fd, report = tempfile.mkstemp(prefix="bench-time-")
    os.close(fd)
    timed = os.path.exists(GNU_TIME)
    if timed:
        argv = [GNU_TIME, "-f", "%U %S %M", "-o", report] + list(argv)
    start = time.monotonic()
    proc = subprocess.Popen(argv, env=env, stdout=stdout, stderr=subprocess.PIPE)
    err = proc.stderr.read()  # read to the end first so a chatty child never blocks
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    cpu, rss = usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0
    with open(report) as f:
        fields = f.read().split()
    os.unlink(report)
    if timed and len(fields) >= 3:
        cpu, rss = float(fields[-3]) + float(fields[-2]), int(fields[-1]) / 1024.0
    tail = err.decode(errors="replace")[-1500:]
    if proc.returncode != 0:
        sys.stderr.write("%s exited %d: %s\n" % (argv[0], proc.returncode, tail))
    return {"exit": proc.returncode, "wall_s": wall, "cpu_s": cpu, "rss_mib": rss,
            "stderr_tail": tail}


def clean_env(extra=None):
    """The environment for every tool: the bench credentials, no CA-bundle or proxy variables
    (the endpoint is plain http on loopback; rclone refuses AWS_CA_BUNDLE with its transport)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AWS_", "RCLONE_")) and k.lower() not in ("http_proxy",
                                                                          "https_proxy")}
    env.pop("REQUESTS_CA_BUNDLE", None)
    env.pop("CURL_CA_BUNDLE", None)
    env.update(AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY,
               AWS_DEFAULT_REGION=REGION, NO_PROXY="127.0.0.1", no_proxy="127.0.0.1")
    env.update(extra or {})
    return env


def s3mirror_argv(binary, endpoint_url, state_dir, tree, bucket, options=()):
    return [binary, "--endpoint-url", endpoint_url, "--state-dir", state_dir, "-q", "sync",
            "--delete", *options, tree, "s3://%s/" % bucket]


def gen_tree(*args):
    subprocess.run([sys.executable, os.path.join(HERE, "gen_tree.py")] + [str(a) for a in args],
                   check=True, stdout=subprocess.DEVNULL)


def load_average():
    return "%.2f %.2f %.2f" % os.getloadavg()


def have(program):
    return shutil.which(program) is not None
