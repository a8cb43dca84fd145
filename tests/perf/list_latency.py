#!/usr/bin/env python3
"""Wall time of a no-change resync when every request takes DELAY_MS longer (the listing phase).

    python3 tests/perf/list_latency.py [--files 20000] [--delay-ms 20] [--runs 3] BINARY...

Starts moto (tests/servers/s3_server.py), creates FILES small files in a website-like tree,
uploads them once with the first BINARY directly, then times `sync` of the unchanged tree through
tests/servers/fault_proxy.py with a DELAY rule on every request, RUNS times per BINARY (each run
with its own state dir, its hash cache warmed by one untimed run), and prints the times and the
number of list requests. Compare the binaries of two commits to see what the listing costs.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "servers"))
import fault_proxy  # noqa: E402
import s3_server  # noqa: E402


def make_tree(root, count):
    for i in range(count):
        path = os.path.join(root, f"section-{i // 5000:02d}", f"batch-{i // 500 % 10:02d}",
                            f"some-article-title-{i:07d}.html")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as out:
            out.write(f"<p>{i}</p>")


def run(binary, endpoint, source, state, server):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": state,
           "AWS_ACCESS_KEY_ID": server.access_key, "AWS_SECRET_ACCESS_KEY": server.secret_key,
           "AWS_EC2_METADATA_DISABLED": "true", "NO_PROXY": "127.0.0.1"}
    start = time.monotonic()
    done = subprocess.run([binary, "--endpoint-url", endpoint, "--state-dir", state, "sync",
                           source, "s3://perf/site/"], env=env, capture_output=True, text=True)
    elapsed = time.monotonic() - start
    if done.returncode != 0:
        sys.exit(f"{binary} exited {done.returncode}: {done.stdout}{done.stderr}")
    return elapsed, done.stdout.strip().splitlines()[-1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=20000)
    parser.add_argument("--delay-ms", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("binaries", nargs="+")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, s3_server.S3Server() as server:
        server.client().create_bucket(Bucket="perf")
        source = os.path.join(tmp, "site")
        make_tree(source, args.files)
        run(args.binaries[0], server.endpoint, source, os.path.join(tmp, "upload"), server)
        rule = fault_proxy.Rule("*", r".", action=fault_proxy.DELAY, delay_ms=args.delay_ms)
        with fault_proxy.FaultProxy(server.port, rules=[rule]) as proxy:
            for n, binary in enumerate(args.binaries):
                state = os.path.join(tmp, f"state{n}")
                run(binary, proxy.endpoint, source, state, server)  # warms the hash cache
                for _ in range(args.runs):
                    proxy.clear_records()
                    elapsed, summary = run(binary, proxy.endpoint, source, state, server)
                    lists = sum(1 for m, p, s in proxy.records() if "list-type=2" in p)
                    print(f"{binary}: {elapsed:.2f} s, {lists} list requests | {summary}",
                          flush=True)


if __name__ == "__main__":
    main()
