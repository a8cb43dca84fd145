"""Role and process profiles through the binary (CLI.md "Where settings come from" item 3):
role_arn + source_profile assumed through moto's STS, credential_process run without a shell. The
S3 requests go through tests/servers/aws_behaviour_proxy.py, which records the access key of each
signature, so the tests see which credentials were really used. Also: precedence (environment >
profile > s3cmd config) and a broken profile that must not fall through to a working ~/.s3cfg."""

import datetime
import json
import os
import stat
import sys
import unittest

import harness

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "servers"))
import aws_behaviour_proxy  # noqa: E402

FILES = {"index.html": "<p>home</p>", "css/site.css": "a {}"}
ROLE = "arn:aws:iam::123456789012:role/s3mirror-deploy"
BASE_KEY, BASE_SECRET = "AKIDPROFILEBASE00001", "BaseSecretMustNeverBePrinted000000000"
PROCESS_KEY, PROCESS_SECRET = "ASIAPROCESS000000001", "ProcessSecretMustNeverBePrinted0000000"
S3CFG_KEY = "AKIDS3CFGKEY00000001"

PROCESS_SCRIPT = """#!{python}
import json, sys
with open({marker!r}, "a") as out:
    out.write(" ".join(sys.argv[1:]) + "\\n")
{body}
"""


class ProfilesTest(harness.S3TestCase):
    def setUp(self):
        super().setUp()
        self.source = self.make_dir("site")
        self.contents = harness.make_tree(self.source, FILES)
        self.proxy = aws_behaviour_proxy.AwsBehaviourProxy(self.server.port)
        self.proxy.start()
        self.addCleanup(self.proxy.stop)
        self.aws = self.make_dir("aws")
        self.marker = os.path.join(self.tmp, "process-runs")

    def write(self, path, text):
        with open(path, "w") as out:
            out.write(text)
        os.chmod(path, 0o600)
        return path

    def write_files(self, config, credentials=""):
        self.write(os.path.join(self.aws, "config"), config)
        self.write(os.path.join(self.aws, "credentials"), credentials)

    def write_process(self, body):
        script = self.write(os.path.join(self.tmp, "creds tool.py"), PROCESS_SCRIPT.format(
            python=sys.executable, marker=self.marker, body=body))
        os.chmod(script, stat.S_IRWXU)
        return script

    def printing(self, lifetime=3600, **changes):
        expiration = (datetime.datetime.now(datetime.timezone.utc)
                      + datetime.timedelta(seconds=lifetime)).strftime("%Y-%m-%dT%H:%M:%SZ")
        document = {"Version": 1, "AccessKeyId": PROCESS_KEY, "SecretAccessKey": PROCESS_SECRET,
                    "SessionToken": "process-token", "Expiration": expiration, **changes}
        return f"print({json.dumps(json.dumps(document))})"

    def profile_env(self, **variables):
        env = self.base_env()
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
            env.pop(name)
        env.update(AWS_CONFIG_FILE=os.path.join(self.aws, "config"),
                   AWS_SHARED_CREDENTIALS_FILE=os.path.join(self.aws, "credentials"),
                   AWS_ENDPOINT_URL_STS=self.server.endpoint, **variables)
        return env

    def write_s3cfg(self):
        self.write(os.path.join(self.home, ".s3cfg"),
                   f"[default]\naccess_key = {S3CFG_KEY}\nsecret_key = s3cfg-secret\n")

    def sync_through_proxy(self, *options, env):
        return self.run_s3mirror("--endpoint-url", self.proxy.endpoint, "--state-dir",
                                 self.state_dir, *options, "sync", self.source, self.url(),
                                 env=env)

    def process_runs(self):
        if not os.path.exists(self.marker):
            return []
        with open(self.marker) as data:
            return data.read().splitlines()

    def assert_synced_with(self, result, key):
        self.assert_exit(result, 0)
        self.assertEqual(sorted(self.remote_objects()), sorted(self.contents))
        self.assertTrue(self.proxy.access_keys)
        self.assertEqual(set(self.proxy.access_keys), {key})
        for secret in (BASE_SECRET, PROCESS_SECRET):
            self.assertNotIn(secret, result.stdout + result.stderr)

    # --- role_arn + source_profile -------------------------------------------------------------

    def role_files(self, source_profile="base"):
        self.write_files(f"[profile deploy]\nrole_arn = {ROLE}\nsource_profile = {source_profile}\n"
                         "role_session_name = nightly\nduration_seconds = 1800\n"
                         "external_id = mirror-42\n",
                         f"[base]\naws_access_key_id = {BASE_KEY}\n"
                         f"aws_secret_access_key = {BASE_SECRET}\n")

    def test_a_role_profile_is_assumed_through_sts_and_its_credentials_sign_the_run(self):
        self.role_files()
        result = self.sync_through_proxy("-v", "--profile", "deploy", env=self.profile_env())
        self.assert_exit(result, 0)
        keys = set(self.proxy.access_keys)
        self.assertEqual(len(keys), 1, keys)
        self.assertNotIn(BASE_KEY, keys)  # the role's temporary key, not the source profile's
        self.assertTrue(next(iter(keys)).startswith("ASIA"), keys)
        self.assertIn(f"credentials from profile deploy (role {ROLE}) assumed with profile base",
                      result.stderr)
        self.assertNotIn(BASE_SECRET, result.stdout + result.stderr)

    def test_a_role_profile_without_its_source_profile_does_not_fall_through_to_s3cfg(self):
        self.role_files(source_profile="missing")
        self.write_s3cfg()
        result = self.sync_through_proxy(env=self.profile_env(AWS_PROFILE="deploy"))
        self.assert_exit(result, 2)
        self.assertIn("source_profile missing: profile missing not found", result.stderr)
        self.assertEqual(self.proxy.access_keys, [])

    # --- credential_process --------------------------------------------------------------------

    def process_files(self, script, arguments="--account 'web mirror'"):
        self.write_files(f'[profile ci]\ncredential_process = "{script}" {arguments}\n')

    def test_credential_process_supplies_the_keys_and_is_named_without_its_output(self):
        self.process_files(self.write_process(self.printing()))
        result = self.sync_through_proxy("-v", env=self.profile_env(AWS_PROFILE="ci"))
        self.assert_synced_with(result, PROCESS_KEY)
        self.assertIn("credentials from credential_process of profile ci", result.stderr)
        self.assertEqual(self.process_runs()[0], "--account web mirror")  # split, no shell

    def test_credential_process_output_near_expiry_is_fetched_again_during_the_run(self):
        many = {f"page{index:02}.html": f"<p>{index}</p>" for index in range(20)}
        self.contents.update(harness.make_tree(self.source, many))
        self.process_files(self.write_process(self.printing(lifetime=240)))
        result = self.sync_through_proxy("--concurrency", "1",
                                         env=self.profile_env(AWS_PROFILE="ci"))
        self.assert_synced_with(result, PROCESS_KEY)
        self.assertGreater(len(self.process_runs()), 1)

    def test_a_failing_credential_process_is_an_error_naming_the_profile_not_a_fallback(self):
        self.process_files(self.write_process("sys.exit(7)"))
        self.write_s3cfg()
        result = self.sync_through_proxy(env=self.profile_env(AWS_PROFILE="ci"))
        self.assert_exit(result, 3)
        self.assertIn("credential_process of profile ci", result.stderr)
        self.assertIn("exited with status 7", result.stderr)
        self.assertEqual(self.proxy.access_keys, [])

    def test_credential_process_output_that_is_not_credentials_is_not_echoed(self):
        self.process_files(self.write_process(f"print('oops {PROCESS_SECRET}')"))
        result = self.sync_through_proxy(env=self.profile_env(AWS_PROFILE="ci"))
        self.assert_exit(result, 3)
        self.assertIn("credential_process of profile ci printed something that is not",
                      result.stderr)
        self.assertNotIn(PROCESS_SECRET, result.stdout + result.stderr)

    # --- precedence ----------------------------------------------------------------------------

    def test_environment_keys_beat_a_process_profile_which_is_then_not_run(self):
        self.process_files(self.write_process(self.printing()))
        env = self.profile_env(AWS_PROFILE="ci", AWS_ACCESS_KEY_ID="AKIDFROMENVIRONMENT1",
                               AWS_SECRET_ACCESS_KEY="environment-secret")
        self.assert_synced_with(self.sync_through_proxy(env=env), "AKIDFROMENVIRONMENT1")
        self.assertEqual(self.process_runs(), [])

    def test_a_process_profile_beats_the_s3cmd_config(self):
        self.process_files(self.write_process(self.printing()))
        self.write_s3cfg()
        result = self.sync_through_proxy(env=self.profile_env(AWS_PROFILE="ci"))
        self.assert_synced_with(result, PROCESS_KEY)

    def test_a_role_profile_beats_the_s3cmd_config(self):
        self.role_files()
        self.write_s3cfg()
        result = self.sync_through_proxy(env=self.profile_env(AWS_PROFILE="deploy"))
        self.assert_exit(result, 0)
        self.assertNotIn(S3CFG_KEY, self.proxy.access_keys)
        self.assertNotIn(BASE_KEY, self.proxy.access_keys)


if __name__ == "__main__":
    unittest.main()
