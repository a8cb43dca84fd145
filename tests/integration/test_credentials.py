"""Cloud identity credentials (CLI.md "Where settings come from" item 4) against moto: the
container credentials endpoint and EC2 instance metadata (IMDSv2) served by
tests/servers/credential_server.py, and web identity through moto's STS. No access key in the
environment, no profile, no ~/.s3cfg."""

import os
import sys
import time
import unittest

import harness

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "servers"))
import credential_server  # noqa: E402

FILES = {"index.html": "<p>home</p>", "css/site.css": "a {}", "docs/report.pdf": 70_000}
CONTAINER_TOKEN = "Bearer container-token-4711"
SECRET = "CloudSecretMustNeverBePrinted0123456789"


class CloudCredentialsTest(harness.S3TestCase):
    def setUp(self):
        super().setUp()
        self.source = self.make_dir("site")
        self.contents = harness.make_tree(self.source, FILES)
        self.credentials = credential_server.CredentialServer(
            access_key="ASIACLOUDTESTKEY0001", secret_key=SECRET, lifetime=3600,
            authorization=CONTAINER_TOKEN)
        self.credentials.start()
        self.addCleanup(self.credentials.stop)

    def cloud_env(self, **variables):
        """base_env without keys: only the cloud identity variables given."""
        env = self.base_env()
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"):
            env.pop(name, None)
        env.update(variables)
        return env

    def container_env(self, token=CONTAINER_TOKEN):
        return self.cloud_env(AWS_CONTAINER_CREDENTIALS_FULL_URI=self.credentials.container_uri,
                              AWS_CONTAINER_AUTHORIZATION_TOKEN=token)

    def imds_env(self):
        return self.cloud_env(AWS_EC2_METADATA_DISABLED="false",
                              AWS_EC2_METADATA_SERVICE_ENDPOINT=self.credentials.endpoint)

    def assert_synced(self):
        self.assertEqual(sorted(self.remote_objects()), sorted(self.contents))

    def assert_secret_absent(self, result):
        self.assertNotIn(SECRET, result.stdout + result.stderr)
        for root, _, names in os.walk(self.state_dir):
            for name in names:
                with open(os.path.join(root, name), "rb") as data:
                    self.assertNotIn(SECRET.encode(), data.read(), os.path.join(root, name))

    def test_without_any_source_the_run_says_no_credentials_found(self):
        result = self.sync(self.source, env=self.cloud_env())
        self.assertIn(result.code, (2, 3))
        self.assertIn("no credentials found", result.stderr)

    def test_instance_metadata_that_does_not_answer_falls_through_quickly(self):
        # base_env points instance metadata at a closed local port; here it is not disabled.
        started = time.monotonic()
        result = self.sync(self.source, env=self.cloud_env(AWS_EC2_METADATA_DISABLED="false"))
        self.assertIn(result.code, (2, 3))
        self.assertIn("no credentials found", result.stderr)
        self.assertLess(time.monotonic() - started, 5.0)

    def test_sync_works_with_only_the_container_endpoint(self):
        result = self.sync(self.source, "-v", env=self.container_env())
        self.assert_exit(result, 0)
        self.assert_synced()
        self.assertGreaterEqual(self.credentials.container_requests, 1)
        self.assertIn("container credentials " + self.credentials.container_uri,
                      result.stdout + result.stderr)
        self.assert_secret_absent(result)

    def test_container_token_file_is_sent_as_the_authorization_header(self):
        token_file = os.path.join(self.tmp, "container-token")
        with open(token_file, "w") as out:
            out.write(CONTAINER_TOKEN + "\n")
        env = self.cloud_env(AWS_CONTAINER_CREDENTIALS_FULL_URI=self.credentials.container_uri,
                             AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=token_file)
        self.assert_exit(self.sync(self.source, env=env), 0)
        self.assert_synced()

    def test_a_wrong_container_token_fails_with_a_clear_message(self):
        result = self.sync(self.source, env=self.container_env(token="Bearer wrong-token-99"))
        self.assertIn(result.code, (2, 3), result.stderr)
        self.assertIn("refused the authorization token", result.stderr)
        self.assertIn("AWS_CONTAINER_AUTHORIZATION_TOKEN", result.stderr)
        self.assertNotIn("wrong-token-99", result.stdout + result.stderr)
        self.assertEqual(self.credentials.refused, 1)
        self.assertEqual(self.remote_objects(), {})

    def test_sync_works_with_instance_metadata(self):
        result = self.sync(self.source, "-v", env=self.imds_env())
        self.assert_exit(result, 0)
        self.assert_synced()
        self.assertGreaterEqual(self.credentials.token_requests, 1)
        self.assertGreaterEqual(self.credentials.imds_credential_requests, 1)
        self.assertIn("EC2 instance metadata (role " + credential_server.ROLE + ")",
                      result.stdout + result.stderr)
        self.assert_secret_absent(result)

    def test_the_environment_beats_the_container_endpoint_and_instance_metadata(self):
        env = self.container_env()
        env.update(self.imds_env())
        env["AWS_ACCESS_KEY_ID"] = self.server.access_key
        env["AWS_SECRET_ACCESS_KEY"] = self.server.secret_key
        result = self.sync(self.source, "-v", env=env)
        self.assert_exit(result, 0)
        self.assertIn("credentials from environment", result.stdout + result.stderr)
        self.assertEqual(self.credentials.container_requests, 0)
        self.assertEqual(self.credentials.token_requests, 0)

    def test_the_container_endpoint_beats_instance_metadata(self):
        env = self.container_env()
        env.update(AWS_EC2_METADATA_DISABLED="false",
                   AWS_EC2_METADATA_SERVICE_ENDPOINT=self.credentials.endpoint)
        self.assert_exit(self.sync(self.source, env=env), 0)
        self.assertGreaterEqual(self.credentials.container_requests, 1)
        self.assertEqual(self.credentials.token_requests, 0)

    def test_sync_works_with_web_identity_through_sts(self):
        token_file = os.path.join(self.tmp, "web-identity-token")
        with open(token_file, "w") as out:
            out.write("eyJhbGciOiJSUzI1NiJ9.test.signature\n")
        role = "arn:aws:iam::123456789012:role/s3mirror-web"
        env = self.cloud_env(AWS_WEB_IDENTITY_TOKEN_FILE=token_file, AWS_ROLE_ARN=role,
                             AWS_ROLE_SESSION_NAME="ci", AWS_ENDPOINT_URL_STS=self.server.endpoint)
        result = self.sync(self.source, "-v", env=env)
        self.assert_exit(result, 0)
        self.assert_synced()
        self.assertIn("web identity (role " + role + ")", result.stdout + result.stderr)

    def test_credentials_within_the_refresh_margin_are_fetched_again_during_the_run(self):
        # The refresh margin is fixed at 5 minutes (no option sets it; the unit tests cover other
        # margins with a fake clock). Credentials that expire in under 5 minutes are never fresh
        # enough to keep, so the run must fetch them again as it goes, and every upload succeeds.
        self.credentials.lifetime = 300 - 30
        many = {f"page{index:03}.html": f"<p>{index}</p>" for index in range(100)}
        harness.make_tree(self.source, many)
        self.contents.update(many)
        result = self.sync(self.source, "--concurrency", "1", env=self.container_env())
        self.assert_exit(result, 0)
        self.assert_synced()
        self.assertGreater(self.credentials.container_requests, 1)


if __name__ == "__main__":
    unittest.main()
