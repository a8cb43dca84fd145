#!/usr/bin/env python3
"""Compare s3mirror with `aws s3 sync` on one generated tree against a local S3 server.

  bench/compare.py --s3mirror build/s3mirror [--files 5000] [--seed 1] [--tools s3mirror,aws]

For each tool, into a fresh bucket of one moto_server (127.0.0.1, free port): a first full sync, a
no-change resync, and a resync after a 1% change (bench/gen_tree.py mutate on a copy of the tree).
Prints wall time, CPU time (user+sys), peak RSS and the requests the server saw, by method, for each
run. moto_server is written in Python and is the bottleneck for large numbers of small uploads: the
figures compare request counts and client cost fairly, wall times only roughly.
"""
import argparse
import collections
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "servers"))
from s3_server import S3Server, DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY  # noqa: E402


def run_measured(argv, env):
    """Runs argv; returns (exit code, wall s, cpu s, peak RSS MiB)."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if proc.returncode != 0:
        sys.stderr.write("%s exited %d: %s\n" % (argv[0], proc.returncode, err[-2000:]))
    return proc.returncode, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0


def tool_argv(tool, args, tree, bucket, endpoint, state_dir):
    if tool == "s3mirror":
        return [args.s3mirror, "--endpoint-url", endpoint, "--state-dir", state_dir, "-q",
                "sync", "--delete", tree, "s3://%s/" % bucket]
    if tool == "aws":
        return ["aws", "--endpoint-url", endpoint, "s3", "sync", "--delete", "--only-show-errors",
                tree, "s3://%s/" % bucket]
    raise SystemExit("unknown tool " + tool)


def count_requests(server, mark):
    counts = collections.Counter()
    for method, _path, _status in server.requests_since(mark):
        counts[method] += 1
    return dict(sorted(counts.items()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--s3mirror", required=True)
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tools", default="s3mirror,aws")
    parser.add_argument("--small", action="store_true", help="files of at most 2 KB")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="s3mirror-bench-")
    try:
        base = os.path.join(work, "tree")
        gen = [sys.executable, os.path.join(HERE, "gen_tree.py"), "generate", base,
               "--files", str(args.files), "--seed", str(args.seed)]
        subprocess.run(gen + (["--small"] if args.small else []), check=True)
        env = dict(os.environ, AWS_ACCESS_KEY_ID=DUMMY_ACCESS_KEY,
                   AWS_SECRET_ACCESS_KEY=DUMMY_SECRET_KEY, AWS_DEFAULT_REGION="us-east-1")
        env.pop("AWS_PROFILE", None)
        rows = []
        with S3Server() as server:
            s3 = server.client()
            for tool in args.tools.split(","):
                bucket = "bench-%s-%d" % (tool, int(time.time()))
                s3.create_bucket(Bucket=bucket)
                tree = os.path.join(work, "tree-" + tool)
                shutil.copytree(base, tree)
                state_dir = os.path.join(work, "state-" + tool)
                argv = tool_argv(tool, args, tree, bucket, server.endpoint, state_dir)
                for label in ("first full sync", "no-change resync", "resync after 1% change"):
                    if label.startswith("resync after"):
                        subprocess.run([sys.executable, os.path.join(HERE, "gen_tree.py"), "mutate",
                                        tree, "--percent", "1", "--seed", "7"], check=True,
                                       stdout=subprocess.DEVNULL)
                    mark = server.mark()
                    code, wall, cpu, rss = run_measured(argv, env)
                    rows.append((tool, label, code, wall, cpu, rss, count_requests(server, mark)))
        print("\n%-9s %-24s %4s %9s %9s %9s  %s" % ("tool", "run", "exit", "wall s", "cpu s",
                                                   "rss MiB", "requests"))
        for tool, label, code, wall, cpu, rss, requests in rows:
            print("%-9s %-24s %4d %9.2f %9.2f %9.1f  %s" % (tool, label, code, wall, cpu, rss,
                                                            requests))
        firsts = {r[0]: r[3] for r in rows if r[1] == "first full sync"}
        if "s3mirror" in firsts:
            for tool, wall in firsts.items():
                if tool == "s3mirror":
                    continue
                print("first full sync, %s / s3mirror wall time: %.2fx" % (tool,
                                                                          wall / firsts["s3mirror"]))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
