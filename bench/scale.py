#!/usr/bin/env python3
"""The scale run: s3mirror over a tree of many small files at a given latency.

  bench/scale.py --s3mirror build/s3mirror [--files 1000000] [--latency-ms 20] [--seed 1]
                 [--work DIR] [--json FILE]

Generates a tree of --files files of 200 B - 2 KB (bench/gen_tree.py --small) under --work (default
a temporary folder, removed at the end), starts bench/s3_endpoint.js with --discard-bodies (sizes
and ETags only, so a million objects fit in memory), fills the bucket with a first full sync at
0 ms, then at --latency-ms runs a no-change resync and a resync after a 1% change (gen_tree.py
mutate). Prints wall time, CPU time, peak RSS and requests by operation of each run, and checks
that the bucket holds as many objects as the tree has files; exit 1 if a run failed or the count
differs.
"""
import argparse
import json
import os
import shutil
import sys
import tempfile
import time

import benchlib
import run


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--s3mirror", required=True)
    parser.add_argument("--files", type=int, default=1000000)
    parser.add_argument("--latency-ms", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", help="folder for the tree and state (default: a temporary one)")
    parser.add_argument("--json")
    args = parser.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="s3mirror-scale-")
    os.makedirs(work, exist_ok=True)
    tree, state = os.path.join(work, "tree"), os.path.join(work, "state")
    rows = []
    try:
        start = time.monotonic()
        benchlib.gen_tree("generate", tree, "--files", args.files, "--seed", args.seed, "--small")
        print("generated %d files in %.0f s" % (args.files, time.monotonic() - start))
        with benchlib.Endpoint(0, discard_bodies=True) as endpoint:
            endpoint.client().create_bucket(Bucket="scale")
            argv = benchlib.s3mirror_argv(args.s3mirror, endpoint.url, state, tree, "scale")
            env = benchlib.clean_env()
            for label, latency in (("first full sync (0 ms)", 0),
                                   (run.RUNS[1], args.latency_ms), (run.RUNS[2], args.latency_ms)):
                if label == run.RUNS[2]:
                    benchlib.gen_tree("mutate", tree, "--percent", 1, "--seed", 7)
                endpoint.set_latency(latency)
                files = len(run.local_files(tree))
                row = run.measured_row(endpoint, "s3mirror", label, argv, env, files)
                objects = endpoint.stats()["objects"]["scale"]
                row["check"] = "" if objects == files else "%d objects for %d files" % (objects,
                                                                                        files)
                rows.append(row)
                print("%s: %.1f s, %.0f MiB" % (label, row["wall_s"], row["rss_mib"]), flush=True)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    print("\nlatency %d ms after the fill, %d files" % (args.latency_ms, args.files))
    run.print_table(rows)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"latency_ms": args.latency_ms, "files": args.files, "rows": rows}, f,
                      indent=1)
    return 1 if any(r["exit"] != 0 or r["check"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
