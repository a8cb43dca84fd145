"""How each tool of the comparison is configured and run against the bench endpoint.

A Tool has a name, a program that must be on PATH, and argv(tree, bucket) for one sync with
deletion. Configuration goes in files under `work` or in the environment, never in ~/.
"""
import os

import benchlib


class Tool:
    def __init__(self, name, program, argv, env=None):
        self.name = name
        self.program = program
        self._argv = argv
        self.env = benchlib.clean_env(env)

    def argv(self, tree, bucket):
        return self._argv(tree, bucket)


def _write(path, text):
    with open(path, "w") as f:
        f.write(text)
    return path


def s3mirror(binary, endpoint, work, unsigned_payload=False):
    """s3mirror with its defaults; `s3mirror-up` adds --unsigned-payload (uploads signed as
    UNSIGNED-PAYLOAD over http, protected by their Content-MD5)."""
    name = "s3mirror-up" if unsigned_payload else "s3mirror"
    state = os.path.join(work, "state-" + name)
    options = ["--unsigned-payload"] if unsigned_payload else []
    return Tool(name, binary,
                lambda tree, bucket: benchlib.s3mirror_argv(binary, endpoint, state, tree, bucket,
                                                            options))


def aws(endpoint, work, concurrency=None):
    name = "aws" if concurrency is None else "aws%d" % concurrency
    config = "[default]\nregion = %s\n" % benchlib.REGION
    if concurrency is not None:
        config += "s3 =\n    max_concurrent_requests = %d\n" % concurrency
    path = _write(os.path.join(work, name + ".config"), config)
    env = {"AWS_CONFIG_FILE": path, "AWS_SHARED_CREDENTIALS_FILE": os.devnull}
    return Tool(name, "aws",
                lambda tree, bucket: ["aws", "--endpoint-url", endpoint, "s3", "sync", "--delete",
                                      "--only-show-errors", "--no-progress", tree,
                                      "s3://%s/" % bucket], env)


def rclone(endpoint, parallel=None):
    name = "rclone" if parallel is None else "rclone%d" % parallel
    env = {"RCLONE_CONFIG_BENCH_TYPE": "s3", "RCLONE_CONFIG_BENCH_PROVIDER": "Other",
           "RCLONE_CONFIG_BENCH_ACCESS_KEY_ID": benchlib.ACCESS_KEY,
           "RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY": benchlib.SECRET_KEY,
           "RCLONE_CONFIG_BENCH_ENDPOINT": endpoint, "RCLONE_CONFIG_BENCH_REGION": benchlib.REGION,
           "RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE": "true"}
    extra = [] if parallel is None else ["--transfers", str(parallel), "--checkers", str(parallel)]
    return Tool(name, "rclone",
                lambda tree, bucket: ["rclone", "--config", os.devnull, "sync", "-q"] + extra +
                [tree, "bench:" + bucket], env)


def s3cmd(endpoint, work):
    host = endpoint.split("://", 1)[1]
    path = _write(os.path.join(work, "s3cfg"),
                  "[default]\naccess_key = %s\nsecret_key = %s\nhost_base = %s\nhost_bucket = %s\n"
                  "use_https = False\nsignature_v2 = False\nbucket_location = %s\n"
                  % (benchlib.ACCESS_KEY, benchlib.SECRET_KEY, host, host, benchlib.REGION))
    return Tool("s3cmd", "s3cmd",
                lambda tree, bucket: ["s3cmd", "-c", path, "sync", "--no-progress",
                                      "--delete-removed", tree.rstrip("/") + "/",
                                      "s3://%s/" % bucket])


def make(name, endpoint, work, s3mirror_bin):
    """The Tool called `name` (s3mirror, s3mirror-up, aws, aws64, rclone, rclone64, s3cmd)."""
    if name in ("s3mirror", "s3mirror-up"):
        return s3mirror(s3mirror_bin, endpoint, work, unsigned_payload=name == "s3mirror-up")
    if name.startswith("aws"):
        return aws(endpoint, work, int(name[3:]) if name[3:] else None)
    if name.startswith("rclone"):
        return rclone(endpoint, int(name[6:]) if name[6:] else None)
    if name == "s3cmd":
        return s3cmd(endpoint, work)
    raise SystemExit("unknown tool %s" % name)
