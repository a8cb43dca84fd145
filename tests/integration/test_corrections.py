"""What s3mirror learns from the server during a run (CLI.md --region; s3/correcting_transport.h):
a bucket in another region, a server clock far from ours, credentials refused as expired. A proxy
(tests/servers/aws_behaviour_proxy.py) answers like AWS for such requests and forwards the rest to
moto. Each case is checked for the listing (any method) and for the uploads alone (methods={"PUT"}:
the listing passes, the executor meets the answer). The request counts the run records equal what
the proxy saw, the refused requests and their resends included."""

import os
import sys
import unittest

import harness

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "servers"))
import aws_behaviour_proxy  # noqa: E402
import credential_server  # noqa: E402
from test_request_counts import assert_counts_match, last_history_run  # noqa: E402

FILES = {"index.html": "<p>home</p>", "css/site.css": "a {}", "docs/report.pdf": 300_000,
         **{f"news/{index:02}.html": f"<p>{index}</p>" for index in range(20)}}
CONTAINER_TOKEN = "Bearer corrections-test"


class CorrectionsTest(harness.S3TestCase):
    def setUp(self):
        super().setUp()
        self.source = self.make_dir("site")
        self.contents = harness.make_tree(self.source, FILES)

    def start_proxy(self, **options):
        proxy = aws_behaviour_proxy.AwsBehaviourProxy(self.server.port, **options)
        proxy.start()
        self.addCleanup(proxy.stop)
        return proxy

    def sync_through(self, proxy, *options, env=None):
        return self.run_s3mirror("--endpoint-url", proxy.endpoint, "--state-dir", self.state_dir,
                                 "--addressing", "path", "sync", *options, self.source,
                                 self.url(), env=env)

    def assert_synced(self):
        self.assertEqual(sorted(self.remote_objects()), sorted(self.contents))
        for key, data in self.contents.items():
            self.assertEqual(self.remote_body(key), data, key)

    def assert_counted(self, proxy):
        """The run's recorded request counts are what the proxy saw: each refusal and its resend
        count as two requests."""
        run = last_history_run(self, self.state_dir)
        records = assert_counts_match(self, run, proxy)
        refused = sum(proxy.refusals.values())
        self.assertGreaterEqual(refused, 1)
        answered = [r for r in records if r[2] not in (301, 400, 403)]
        self.assertEqual(len(records), len(answered) + refused)

    # --- region ------------------------------------------------------------------------------

    def check_region(self, region_answer, methods):
        proxy = self.start_proxy(bucket_region="eu-west-1", region_answer=region_answer,
                                 methods=methods)
        result = self.sync_through(proxy, "--concurrency", "8")
        self.assert_exit(result, 0)
        self.assert_synced()
        code = {"redirect": "PermanentRedirect",
                "malformed": "AuthorizationHeaderMalformed"}[region_answer]
        # Only the requests signed before the first answer arrived (at most --concurrency) are
        # refused: the region holds for the rest of the run.
        self.assertGreaterEqual(proxy.refusals.get(code, 0), 1)
        self.assertLessEqual(proxy.refusals.get(code, 0), 8)
        self.assertEqual(result.stderr.count("pass --region eu-west-1"), 1, result.stderr)
        self.assertIn("the bucket is in region eu-west-1, not us-east-1", result.stderr)
        self.assert_counted(proxy)
        return result

    def test_a_permanent_redirect_of_the_listing_switches_the_region_for_the_whole_run(self):
        self.check_region("redirect", None)

    def test_authorization_header_malformed_during_uploads_switches_the_region(self):
        self.check_region("malformed", {"PUT", "POST"})

    def test_a_redirect_during_uploads_switches_the_region(self):
        self.check_region("redirect", {"PUT"})

    def test_the_right_region_given_causes_no_correction(self):
        proxy = self.start_proxy(bucket_region="eu-west-1")
        result = self.sync_through(proxy, "--region", "eu-west-1")
        self.assert_exit(result, 0)
        self.assert_synced()
        self.assertEqual(proxy.refusals, {})
        self.assertNotIn("--region", result.stderr)

    # --- clock skew --------------------------------------------------------------------------

    def check_skew(self, methods, offset=2 * 3600):
        proxy = self.start_proxy(clock_offset=offset, methods=methods)
        result = self.sync_through(proxy, "--concurrency", "8", "--multipart-threshold", "128K",
                                   "--part-size", "5M")
        self.assert_exit(result, 0)
        self.assert_synced()
        self.assertGreaterEqual(proxy.refusals.get("RequestTimeTooSkewed", 0), 1)
        self.assertLessEqual(proxy.refusals.get("RequestTimeTooSkewed", 0), 8)
        self.assertEqual(result.stderr.count("RequestTimeTooSkewed"), 1, result.stderr)
        self.assert_counted(proxy)
        return result

    def test_a_server_clock_two_hours_ahead_is_followed_by_the_listing_and_the_uploads(self):
        result = self.check_skew(None)
        # The server's Date has whole seconds: the offset may come out one second short.
        self.assertRegex(result.stderr, r"\b(7199|7200) s ahead of this machine's")

    def test_a_server_clock_behind_ours_is_followed_by_the_uploads(self):
        result = self.check_skew({"PUT", "POST"}, offset=-3 * 3600)
        self.assertRegex(result.stderr, r"\b(10800|10801) s behind this machine's")

    # --- expired credentials -----------------------------------------------------------------

    def container_env(self, credentials):
        env = self.base_env()
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
            env.pop(name)
        env.update(AWS_CONTAINER_CREDENTIALS_FULL_URI=credentials.container_uri,
                   AWS_CONTAINER_AUTHORIZATION_TOKEN=CONTAINER_TOKEN)
        return env

    def start_credentials(self, later_access_keys):
        credentials = credential_server.CredentialServer(
            access_key="ASIAEXPIREDSOON00001", secret_key="secret-expired-test", lifetime=3600,
            authorization=CONTAINER_TOKEN, later_access_keys=later_access_keys)
        credentials.start()
        self.addCleanup(credentials.stop)
        return credentials

    def test_expired_token_during_uploads_fetches_new_credentials_once_and_completes(self):
        credentials = self.start_credentials(["ASIAFRESHKEY00000002"])
        proxy = self.start_proxy(expired_keys={"ASIAEXPIREDSOON00001"}, methods={"PUT"})
        result = self.sync_through(proxy, "--concurrency", "8", env=self.container_env(credentials))
        self.assert_exit(result, 0)
        self.assert_synced()
        self.assertGreaterEqual(proxy.refusals.get("ExpiredToken", 0), 1)
        self.assertEqual(credentials.container_requests, 2)
        self.assertIn("refused the credentials as expired (ExpiredToken)", result.stderr)
        self.assert_counted(proxy)

    def test_credentials_that_stay_expired_fail_the_uploads_with_expired_token(self):
        credentials = self.start_credentials([])
        proxy = self.start_proxy(expired_keys={"ASIAEXPIREDSOON00001"}, methods={"PUT"})
        result = self.sync_through(proxy, env=self.container_env(credentials))
        self.assert_exit(result, 1)
        self.assertIn("ExpiredToken", result.stdout + result.stderr)
        self.assertEqual(self.remote_objects(), {})


if __name__ == "__main__":
    unittest.main()
