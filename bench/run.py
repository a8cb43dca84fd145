#!/usr/bin/env python3
"""Compare s3mirror with aws s3 sync, rclone and s3cmd against the local S3 endpoint.

  bench/run.py --s3mirror build/s3mirror [--raw-put build/raw_put] [--files 5000] [--seed 1]
               [--latency-ms 20] [--tools s3mirror,raw,aws,aws64,rclone,rclone64,s3cmd]
               [--s3cmd-files 1000] [--size BYTES | --small] [--json FILE] [--check]

Each tool gets its own endpoint process (bench/s3_endpoint.js, 127.0.0.1, --latency-ms before
each answer), a fresh bucket and its own copy of one generated tree (bench/gen_tree.py; copies are
hard links made before any run, and the 1% change renames new files in), then runs: a first full
sync, a no-change resync, and a resync after a 1% change. For each run it prints wall time, the
child's CPU time (user+sys) and peak RSS, the requests the endpoint answered by operation, the
endpoint's own CPU time, and the load average; then the ratios of each tool's wall time to
s3mirror's. `raw` is bench/raw_put (PUTs of --raw-size bytes at concurrency 64, as many as the tree
has files): the upload-rate ceiling of this machine and endpoint. `s3mirror-up` and `raw-up` (not
in the default list) are the same with --unsigned-payload: uploads signed as UNSIGNED-PAYLOAD over
http, so neither client nor endpoint hashes the bodies with SHA-256. s3cmd is serial, so it gets a
tree of --s3cmd-files files (same generator and seed) and its ratio is per file. Tools that are
not installed are skipped. --check verifies every bucket against its tree through boto3 (keys,
sizes, single-part MD5 ETags), that s3mirror's no-change resync sent only LIST requests, and that
the -up variants' uploads were UNSIGNED-PAYLOAD and the others' signed; any failure makes the exit
code 1.
"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

import benchlib
import peers

RUNS = ("first full sync", "no-change resync", "resync after 1% change")
ALL_TOOLS = "s3mirror,raw,aws,aws64,rclone,rclone64,s3cmd"
RAW_TOOLS = ("raw", "raw-up")
UPLOADS = ("PutObject", "UploadPart")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--s3mirror", required=True)
    parser.add_argument("--raw-put", help="bench/raw_put binary (build/raw_put)")
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--latency-ms", type=int, default=20)
    parser.add_argument("--tools", default=ALL_TOOLS)
    parser.add_argument("--s3cmd-files", type=int, default=1000)
    parser.add_argument("--size", type=int, help="every file exactly SIZE bytes")
    parser.add_argument("--small", action="store_true", help="files of at most 2 KB")
    parser.add_argument("--raw-size", type=int, default=30 * 1024)
    parser.add_argument("--json", help="also write every row to this file")
    parser.add_argument("--check", action="store_true")
    return parser.parse_args()


def local_files(tree):
    out = {}
    for dirpath, _, names in os.walk(tree):
        for name in names:
            path = os.path.join(dirpath, name)
            out[os.path.relpath(path, tree)] = path
    return out


def verify(client, bucket, tree):
    """'' when the bucket holds exactly the tree's files, else what differs."""
    remote = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for obj in page.get("Contents", []):
            remote[obj["Key"]] = (obj["Size"], obj["ETag"].strip('"'))
    local = local_files(tree)
    if set(remote) != set(local):
        missing = sorted(set(local) - set(remote))[:3]
        extra = sorted(set(remote) - set(local))[:3]
        return "keys differ: missing %s, extra %s" % (missing, extra)
    for key, path in local.items():
        size, etag = remote[key]
        if size != os.path.getsize(path):
            return "size of %s differs" % key
        if "-" not in etag:
            with open(path, "rb") as f:
                if hashlib.md5(f.read()).hexdigest() != etag:
                    return "content of %s differs" % key
    return ""


def prepare_trees(args, work, tools):
    base = os.path.join(work, "base")
    shape = ["--size", args.size] if args.size else (["--small"] if args.small else [])
    benchlib.gen_tree("generate", base, "--files", args.files, "--seed", args.seed, *shape)
    trees = {}
    for tool in tools:
        if tool == "s3cmd" and args.s3cmd_files < args.files:
            trees[tool] = os.path.join(work, "tree-s3cmd")
            benchlib.gen_tree("generate", trees[tool], "--files", args.s3cmd_files, "--seed",
                              args.seed, *shape)
        elif tool not in RAW_TOOLS:
            trees[tool] = os.path.join(work, "tree-" + tool)
            subprocess.run(["cp", "-al", base, trees[tool]], check=True)
    return trees


def measured_row(endpoint, tool, label, argv, env, files):
    before = endpoint.stats()
    load = benchlib.load_average()
    result = benchlib.run_measured(argv, env)
    after = endpoint.stats()
    requests, errors, endpoint_cpu = benchlib.stats_delta(before, after)
    return dict(result, tool=tool, run=label, files=files, requests=requests, errors=errors,
                endpoint_cpu_s=endpoint_cpu, load=load,
                payloads=benchlib.payload_delta(before, after))


def payload_check(row):
    """'' when the -up tools sent every upload as UNSIGNED-PAYLOAD and s3mirror and raw signed
    every payload, else what differs."""
    if row["tool"] not in ("s3mirror", "s3mirror-up", "raw", "raw-up"):
        return ""
    uploads = sum(row["requests"].get(name, 0) for name in UPLOADS)
    unsigned = row["payloads"].get("UNSIGNED-PAYLOAD", 0)
    expected = uploads if row["tool"].endswith("-up") else 0
    return "" if unsigned == expected else "%d of %d uploads UNSIGNED-PAYLOAD, expected %d" % (
        unsigned, uploads, expected)


def run_tool(args, work, name, tree):
    rows = []
    with benchlib.Endpoint(args.latency_ms) as endpoint:
        client = endpoint.client()
        bucket = "bench-" + name
        client.create_bucket(Bucket=bucket)
        tool = peers.make(name, endpoint.url, work, args.s3mirror)
        for label in RUNS:
            if label == RUNS[2]:
                benchlib.gen_tree("mutate", tree, "--percent", 1, "--seed", 7)
            row = measured_row(endpoint, name, label, tool.argv(tree, bucket), tool.env,
                               len(local_files(tree)))
            if args.check:
                row["check"] = verify(client, bucket, tree) if row["exit"] == 0 else "exit"
                if name.startswith("s3mirror") and label == RUNS[1] and set(row["requests"]) - {
                        "ListObjectsV2"}:
                    row["check"] = "no-change resync sent %s" % row["requests"]
                row["check"] = row["check"] or payload_check(row)
            rows.append(row)
    return rows


def run_raw(args, work, count, name="raw"):
    bucket = "bench-" + name
    with benchlib.Endpoint(args.latency_ms) as endpoint:
        endpoint.client().create_bucket(Bucket=bucket)
        argv = [args.raw_put, "--endpoint-url", endpoint.url, "--bucket", bucket, "--count",
                count, "--size", args.raw_size, "--concurrency", 64]
        if name == "raw-up":
            argv.append("--unsigned-payload")
        out = os.path.join(work, name + ".json")
        with open(out, "w") as stdout:
            before = endpoint.stats()
            load = benchlib.load_average()
            result = benchlib.run_measured([str(a) for a in argv], benchlib.clean_env(),
                                           stdout=stdout)
            after = endpoint.stats()
            requests, errors, endpoint_cpu = benchlib.stats_delta(before, after)
        with open(out) as f:
            raw = json.loads(f.read() or "{}")
    row = dict(result, tool=name, run=RUNS[0], files=count, requests=requests, errors=errors,
               endpoint_cpu_s=endpoint_cpu, load=load, raw=raw,
               payloads=benchlib.payload_delta(before, after))
    if args.check:
        row["check"] = "" if result["exit"] == 0 and requests.get("PutObject") == count else \
            "raw_put: %s" % raw
        row["check"] = row["check"] or payload_check(row)
    return [row]


def format_requests(requests):
    short = {"ListObjectsV2": "LIST2", "ListObjects": "LIST1", "PutObject": "PUT",
             "HeadObject": "HEAD", "GetObject": "GET", "DeleteObject": "DEL",
             "DeleteObjects": "DELS", "UploadPart": "PART", "CreateMultipartUpload": "MPU",
             "CompleteMultipartUpload": "DONE", "CopyObject": "COPY"}
    return " ".join("%s=%d" % (short.get(k, k), v) for k, v in requests.items())


def print_table(rows):
    print("\n%-11s %-23s %5s %4s %8s %7s %7s %7s  %-14s %s" % (
        "tool", "run", "files", "exit", "wall s", "cpu s", "rss MiB", "srv cpu", "load",
        "requests"))
    for r in rows:
        print("%-11s %-23s %5d %4d %8.2f %7.2f %7.1f %7.2f  %-14s %s%s" % (
            r["tool"], r["run"], r["files"], r["exit"], r["wall_s"], r["cpu_s"], r["rss_mib"],
            r["endpoint_cpu_s"], r["load"], format_requests(r["requests"]),
            "  CHECK FAILED: " + r["check"] if r.get("check") else ""))


def ratios(rows):
    """Lines 'tool / s3mirror' of wall time per file, for each run."""
    base = {r["run"]: r for r in rows if r["tool"] == "s3mirror"}
    lines = []
    for r in rows:
        mine = base.get(r["run"])
        if r["tool"] == "s3mirror" or not mine or mine["wall_s"] <= 0:
            continue
        ratio = (r["wall_s"] / r["files"]) / (mine["wall_s"] / mine["files"])
        lines.append("%-11s %-23s %7.2fx s3mirror's wall time per file" % (r["tool"], r["run"],
                                                                           ratio))
    return lines


def main():
    args = parse_args()
    tools = [t for t in args.tools.split(",") if t]
    work = tempfile.mkdtemp(prefix="s3mirror-bench-")
    rows = []
    try:
        trees = prepare_trees(args, work, tools)
        for name in tools:
            if name in RAW_TOOLS:
                if args.raw_put:
                    rows += run_raw(args, work, args.files, name)
                else:
                    print("skipped %s: no --raw-put given" % name)
                continue
            program = args.s3mirror if name.startswith("s3mirror") else peers.make(
                name, "http://127.0.0.1:1", work, args.s3mirror).program
            if not benchlib.have(program):
                print("skipped %s: %s is not installed" % (name, program))
                continue
            rows += run_tool(args, work, name, trees[name])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print_table(rows)
    print("\nlatency %d ms per request; ratios (> 1: slower than s3mirror):" % args.latency_ms)
    print("\n".join(ratios(rows)))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"latency_ms": args.latency_ms, "files": args.files, "rows": rows}, f,
                      indent=1)
    failed = [r for r in rows if r["exit"] != 0 or r.get("check")]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
