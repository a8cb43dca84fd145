#!/usr/bin/env python3
"""Deterministic generator and mutator of a website-mirror-like tree.

  gen_tree.py generate DIR --files N [--seed S] [--small | --size BYTES]
  gen_tree.py mutate DIR --percent P [--seed S]

generate: nested HTML pages with lognormal sizes around 30 KB, ~3% assets (css, js, csv, xml,
images), ~0.5% PDFs of 1-40 MB. --small caps every file at 2 KB (for the million-file scale run,
so the tree fits the disk); --size makes every file an HTML page of exactly BYTES (for upload-rate
and CPU-per-file figures). The same arguments always give the same tree, byte for byte. File
contents are slices of one word pool behind a random header line, so a million files take about
a minute to write.
mutate: P% of the files get new content, P/4% new files are added, P/4% are deleted. Changed files
are written to a temporary name and renamed over the old one (a new inode, as a deployment does),
so trees made with `cp -al` from one base can be mutated independently.
"""
import argparse
import os
import random
import sys

ASSET_EXTS = [".css", ".js", ".csv", ".xml", ".png", ".svg", ".json", ".ics"]


def page_size(rng, small):
    if small:
        return rng.randint(200, 2048)
    size = int(rng.lognormvariate(10.3, 0.8))  # median ~30 KB
    return max(5 * 1024, min(size, 400 * 1024))


_POOL = []


def word_pool():
    """1 MiB of HTML-like words, the same on every run."""
    if not _POOL:
        rng = random.Random(12345)
        words = [b"<p>", b"</p>", b"<div class=\"c\">", b"</div>", b"s3mirror", b"page", b"\n"]
        words += [bytes(rng.choice(b"abcdefghijklmnopqrstuvwxyz") for _ in range(6))
                  for _ in range(40)]
        chunks = [rng.choice(words) for _ in range(1 << 18)]
        _POOL.append(b"".join(chunks)[:1 << 20])
    return _POOL[0]


def file_bytes(rng, size):
    # Compressible but not constant, and distinct per file: a random header, then pool text.
    pool = word_pool()
    header = b"<!-- %016x -->\n" % rng.getrandbits(64)
    if size + len(header) > len(pool):
        repeat = pool * (size // len(pool) + 1)
        return (header + repeat)[:size]
    start = rng.randrange(len(pool) - size)
    return (header + pool[start:start + size])[:size]


def path_for(rng, index):
    depth = rng.randint(1, 5)
    parts = ["section%02d" % rng.randint(0, 19)]
    for level in range(1, depth):
        parts.append("d%d-%03d" % (level, rng.randint(0, 60)))
    return parts


def generate(root, count, seed, small, fixed_size=None):
    rng = random.Random(seed)
    written = 0
    total_bytes = 0
    made = set()
    for index in range(count):
        roll = rng.random()
        dirs = path_for(rng, index)
        if fixed_size is not None:
            name = "page-%07d.html" % index
            size = fixed_size
        elif roll < 0.005 and not small:
            name = "doc-%07d.pdf" % index
            size = rng.randint(1 << 20, 40 << 20)
        elif roll < 0.035:
            name = "asset-%07d%s" % (index, rng.choice(ASSET_EXTS))
            size = rng.randint(500, 2048 if small else 200 * 1024)
        else:
            name = "page-%07d.html" % index
            size = page_size(rng, small)
        directory = os.path.join(root, *dirs)
        if directory not in made:
            os.makedirs(directory, exist_ok=True)
            made.add(directory)
        with open(os.path.join(directory, name), "wb") as f:
            f.write(file_bytes(rng, size))
        written += 1
        total_bytes += size
    print("generated %d files, %.1f MiB in %s" % (written, total_bytes / 1048576.0, root))


def all_files(root):
    out = []
    for dirpath, _, names in os.walk(root):
        out.extend(os.path.join(dirpath, n) for n in names)
    out.sort()
    return out


def mutate(root, percent, seed):
    rng = random.Random(seed)
    files = all_files(root)
    n_change = max(1, int(len(files) * percent / 100))
    n_other = max(1, n_change // 4)
    changed = rng.sample(files, min(n_change, len(files)))
    for path in changed:
        size = os.path.getsize(path)
        with open(path + ".mutate-tmp", "wb") as f:
            f.write(file_bytes(rng, max(size, 1)))
            f.write(b"<!-- changed %d -->" % rng.randint(0, 1 << 30))
        os.rename(path + ".mutate-tmp", path)
    changed_set = set(changed)
    remaining = [f for f in files if f not in changed_set]
    deleted = rng.sample(remaining, min(n_other, len(remaining)))
    for path in deleted:
        os.unlink(path)
    for i in range(n_other):
        directory = os.path.dirname(rng.choice(files))
        os.makedirs(directory, exist_ok=True)
        with open(os.path.join(directory, "new-%d-%06d.html" % (seed, i)), "wb") as f:
            f.write(file_bytes(rng, page_size(rng, False)))
    print("changed %d, deleted %d, added %d" % (len(changed), len(deleted), n_other))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate")
    g.add_argument("dir")
    g.add_argument("--files", type=int, required=True)
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("--small", action="store_true")
    g.add_argument("--size", type=int, help="every file exactly SIZE bytes")
    m = sub.add_parser("mutate")
    m.add_argument("dir")
    m.add_argument("--percent", type=float, required=True)
    m.add_argument("--seed", type=int, default=2)
    args = parser.parse_args()
    if args.command == "generate":
        generate(args.dir, args.files, args.seed, args.small, args.size)
    else:
        mutate(args.dir, args.percent, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
