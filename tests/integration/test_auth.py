"""Against a server that checks SigV4 signatures: right credentials from every documented source work,
wrong ones and a missing bucket give exit 3 with a short message that never shows the secret."""

import os
import unittest

import harness
from harness import MiB

# moto refuses even boto3's signatures for keys with + % & = ' or non-ASCII, and for LISTs with a
# prefix (its canonicalisation differs from AWS), so signed tests use plain keys and no prefix.
SIGNED_FILES = {
    "index.html": "<p>home</p>",
    "dir/sub dir/page one.html": "<p>one</p>",
    "tilde~name.css": "a {}",
    "big.pdf": 6 * MiB + 123,  # multipart: CreateMultipartUpload, UploadPart, Complete are signed
}


def write_private(path, text):
    """Writes a credentials file as an operator would: mode 0600."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as out:
        out.write(text)


class SignedRequestsTest(harness.S3TestCase):
    AUTH = True

    def setUp(self):
        super().setUp()
        self.source = self.make_dir("site")
        self.contents = harness.make_tree(self.source, SIGNED_FILES)

    def sync_signed(self, **kwargs):
        return self.sync(self.source, "--multipart-threshold", "5M", "--part-size", "5M", **kwargs)

    def assert_synced(self):
        remote = self.remote_objects()
        self.assertEqual(sorted(remote), sorted(self.contents))
        for key, content in self.contents.items():
            self.assertEqual(remote[key]["size"], len(content))
        self.assertEqual(self.remote_body("big.pdf"), self.contents["big.pdf"])

    def test_sync_with_the_right_key_passes_signature_checks(self):
        self.assert_exit(self.sync_signed(), 0)
        self.assert_synced()
        rerun = self.sync_signed()
        self.assert_exit(rerun, 0)
        self.assertEqual(harness.summary_counts(rerun.stdout + rerun.stderr).get("uploaded"), 0)

    def test_wrong_secret_exits_3_with_a_one_line_message_without_the_secret(self):
        wrong_secret = "Wr0ngSecretValue/DoNotPrint+abcdefghij"
        result = self.sync_signed(extra_env={"AWS_SECRET_ACCESS_KEY": wrong_secret})
        self.assert_exit(result, 3)
        output = result.stdout + result.stderr
        self.assertNotIn(wrong_secret, output)
        self.assertNotIn(self.server.secret_key, output)
        self.assertNotIn("<Error>", output, "raw XML error body in the output")
        error_lines = [line for line in result.stderr.splitlines() if line.strip()]
        self.assertTrue(error_lines, "no message on stderr")
        self.assertLessEqual(len(error_lines), 3, result.stderr)
        self.assertRegex(output.lower(), r"signature|credential|secret|403|denied")
        self.assertEqual(self.remote_objects(), {})

    def test_unknown_access_key_exits_3(self):
        result = self.sync_signed(extra_env={"AWS_ACCESS_KEY_ID": "AKIANOSUCHKEY0000000"})
        self.assert_exit(result, 3)
        self.assertEqual(self.remote_objects(), {})

    def test_missing_bucket_exits_3_and_names_it(self):
        result = self.run_s3mirror("--endpoint-url", self.server.endpoint, "sync", self.source,
                                   "s3://no-such-bucket-s3mirror/")
        self.assert_exit(result, 3)
        self.assertIn("no-such-bucket-s3mirror", result.stdout + result.stderr)

    def test_endpoint_from_the_environment(self):
        for variable in ("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"):
            with self.subTest(variable=variable):
                # A bucket each, not a prefix: moto refuses signed LISTs with a prefix.
                bucket = self.bucket + "-" + variable.lower().replace("_", "-")
                self.s3.create_bucket(Bucket=bucket)
                env = self.base_env()
                del env["AWS_ENDPOINT_URL"]
                env[variable] = self.server.endpoint
                result = self.run_s3mirror("sync", self.source, f"s3://{bucket}/", env=env)
                self.assert_exit(result, 0)
                listed = self.s3.list_objects_v2(Bucket=bucket).get("Contents", [])
                self.assertEqual(sorted(o["Key"] for o in listed), sorted(self.contents))

    def test_endpoint_url_option_wins_over_the_environment(self):
        result = self.sync_signed(extra_env={"AWS_ENDPOINT_URL_S3": "http://127.0.0.1:9"})
        self.assert_exit(result, 0)
        self.assert_synced()

    def test_credentials_from_a_profile_in_the_shared_credentials_file(self):
        write_private(os.path.join(self.home, ".aws", "credentials"),
                      "[default]\naws_access_key_id = AKIAWRONGDEFAULT0000\n"
                      "aws_secret_access_key = wrong\n\n"
                      f"[mirror]\naws_access_key_id = {self.server.access_key}\n"
                      f"aws_secret_access_key = {self.server.secret_key}\n")
        env = self.base_env()
        del env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]
        self.assert_exit(self.sync_signed(env=env, extra_env={"AWS_PROFILE": "mirror"}), 0)
        self.assert_synced()

    def test_command_line_profile_wins_over_the_environment(self):
        write_private(os.path.join(self.home, ".aws", "credentials"),
                      f"[mirror]\naws_access_key_id = {self.server.access_key}\n"
                      f"aws_secret_access_key = {self.server.secret_key}\n"
                      "[other]\naws_access_key_id = AKIAWRONGOTHER000000\n"
                      "aws_secret_access_key = wrong\n")
        env = self.base_env()
        del env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]
        env["AWS_PROFILE"] = "other"
        result = self.run_s3mirror("--profile", "mirror", "--endpoint-url", self.server.endpoint,
                                   "sync", self.source, self.url(), env=env)
        self.assert_exit(result, 0)

    def test_credentials_from_an_s3cmd_config_file(self):
        config = os.path.join(self.tmp, "mirror.s3cfg")
        write_private(config, f"[default]\naccess_key = {self.server.access_key}\n"
                      f"secret_key = {self.server.secret_key}\n")
        env = self.base_env()
        del env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]
        result = self.run_s3mirror("--config", config, "--endpoint-url", self.server.endpoint,
                                   "sync", self.source, self.url(), env=env)
        self.assert_exit(result, 0)
        self.assertIn("index.html", self.remote_objects())

    def test_default_s3cfg_in_home_is_read(self):
        write_private(os.path.join(self.home, ".s3cfg"),
                      f"[default]\naccess_key = {self.server.access_key}\n"
                      f"secret_key = {self.server.secret_key}\n")
        env = self.base_env()
        del env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]
        result = self.run_s3mirror("--endpoint-url", self.server.endpoint, "sync", self.source,
                                   self.url(), env=env)
        self.assert_exit(result, 0)
        self.assertIn("index.html", self.remote_objects())


if __name__ == "__main__":
    unittest.main(verbosity=2)
