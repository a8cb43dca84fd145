"""The benchmark harness keeps working: the S3 endpoint (bench/s3_endpoint.js) answers what the
tools need and refuses what S3 refuses, the raw client and the comparison and scale scripts run
end to end on a tiny tree and pass their own checks. Peer tools are used only when installed.

Run by CTest (label bench) with S3MIRROR_BIN and RAW_PUT_BIN set.
"""
import base64
import hashlib
import hmac
import http.client
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.join(HERE, "..", "..", "bench")
sys.path.insert(0, BENCH)
import benchlib  # noqa: E402

import boto3  # noqa: E402

from botocore.auth import SigV4Auth  # noqa: E402
from botocore.awsrequest import AWSRequest  # noqa: E402
from botocore.credentials import Credentials  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

S3MIRROR = os.environ.get("S3MIRROR_BIN", "build/s3mirror")
RAW_PUT = os.environ.get("RAW_PUT_BIN", "build/raw_put")


def signed_request(endpoint, method, path, body, headers=None):
    """Sends one request signed by botocore's SigV4 over `body`; returns (status, body text)."""
    request = AWSRequest(method=method, url=endpoint.url + path, data=body, headers=headers or {})
    request.headers["x-amz-content-sha256"] = hashlib.sha256(body).hexdigest()
    SigV4Auth(Credentials(benchlib.ACCESS_KEY, benchlib.SECRET_KEY), "s3",
              benchlib.REGION).add_auth(request)
    return request


def send(endpoint, request, body):
    host = endpoint.url.split("://", 1)[1]
    connection = http.client.HTTPConnection(host, timeout=30)
    path = request.url.split(host, 1)[1]
    connection.request(request.method, path, body=body, headers=dict(request.headers.items()))
    answer = connection.getresponse()
    text = answer.read().decode()
    connection.close()
    return answer.status, text


def hmac_sha256(key, text):
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def aws_chunked_request(endpoint, path, chunks, tamper=False):
    """A PUT with a STREAMING-AWS4-HMAC-SHA256-PAYLOAD body: each chunk signed on the previous
    signature, starting from the header's (the seed). `tamper` alters the last chunk's bytes."""
    request = signed_request(endpoint, "PUT", path, b"", {
        "Content-Encoding": "aws-chunked",
        "x-amz-decoded-content-length": str(sum(len(c) for c in chunks))})
    del request.headers["x-amz-content-sha256"]
    del request.headers["Authorization"]
    request.headers["x-amz-content-sha256"] = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
    SigV4Auth(Credentials(benchlib.ACCESS_KEY, benchlib.SECRET_KEY), "s3",
              benchlib.REGION).add_auth(request)
    previous = request.headers["Authorization"].rsplit("Signature=", 1)[1]
    amz_date = request.headers["X-Amz-Date"]
    scope = "%s/%s/s3/aws4_request" % (amz_date[:8], benchlib.REGION)
    key = hmac_sha256(("AWS4" + benchlib.SECRET_KEY).encode(), amz_date[:8])
    for part in (benchlib.REGION, "s3", "aws4_request"):
        key = hmac_sha256(key, part)
    body = b""
    for chunk in list(chunks) + [b""]:
        to_sign = "\n".join(["AWS4-HMAC-SHA256-PAYLOAD", amz_date, scope, previous,
                             hashlib.sha256(b"").hexdigest(), hashlib.sha256(chunk).hexdigest()])
        previous = hmac_sha256(key, to_sign).hex()
        sent = chunk[:-1] + b"!" if tamper and chunk is chunks[-1] else chunk
        body += b"%x;chunk-signature=%s\r\n%s\r\n" % (len(chunk), previous.encode(), sent)
    return request, body


class EndpointTest(unittest.TestCase):
    def setUp(self):
        self.endpoint = benchlib.Endpoint().__enter__()
        self.addCleanup(self.endpoint.__exit__, None, None, None)
        self.s3 = self.endpoint.client()
        self.s3.create_bucket(Bucket="bkt")

    def test_listing_pages_by_continuation_token_in_byte_order_with_prefix_and_delimiter(self):
        keys = ["a-b", "a/x", "a/y z+=~*", "b/c/d", "top", "\u00e9/\u00fc"]
        for key in keys:
            self.s3.put_object(Bucket="bkt", Key=key, Body=key.encode())
        listed, token = [], None
        while True:
            page = self.s3.list_objects_v2(Bucket="bkt", MaxKeys=2,
                                           **({"ContinuationToken": token} if token else {}))
            listed += [o["Key"] for o in page["Contents"]]
            if not page["IsTruncated"]:
                break
            token = page["NextContinuationToken"]
        self.assertEqual(listed, keys)
        page = self.s3.list_objects_v2(Bucket="bkt", Delimiter="/")
        self.assertEqual([o["Key"] for o in page["Contents"]], ["a-b", "top"])
        self.assertEqual([p["Prefix"] for p in page["CommonPrefixes"]], ["a/", "b/", "\u00e9/"])
        page = self.s3.list_objects_v2(Bucket="bkt", Prefix="a/", StartAfter="a/x")
        self.assertEqual([o["Key"] for o in page["Contents"]], ["a/y z+=~*"])
        self.assertEqual(len(self.s3.list_objects(Bucket="bkt", Prefix="a")["Contents"]), 3)

    def test_objects_round_trip_through_get_head_copy_and_delete(self):
        self.s3.put_object(Bucket="bkt", Key="k", Body=b"hello", ContentType="text/html",
                           Metadata={"m": "v"})
        head = self.s3.head_object(Bucket="bkt", Key="k")
        self.assertEqual((head["ContentLength"], head["ContentType"], head["Metadata"]),
                         (5, "text/html", {"m": "v"}))
        self.assertEqual(head["ETag"], '"%s"' % hashlib.md5(b"hello").hexdigest())
        self.s3.copy_object(Bucket="bkt", Key="c", CopySource={"Bucket": "bkt", "Key": "k"})
        self.assertEqual(self.s3.get_object(Bucket="bkt", Key="c")["Body"].read(), b"hello")
        self.assertEqual(self.s3.get_object(Bucket="bkt", Key="k", Range="bytes=1-2")["Body"]
                         .read(), b"el")
        self.s3.delete_objects(Bucket="bkt", Delete={"Objects": [{"Key": "k"}]})
        self.s3.delete_object(Bucket="bkt", Key="c")
        self.assertEqual(self.s3.list_objects_v2(Bucket="bkt")["KeyCount"], 0)
        with self.assertRaises(ClientError) as caught:
            self.s3.get_object(Bucket="bkt", Key="k")
        self.assertEqual(caught.exception.response["Error"]["Code"], "NoSuchKey")

    def test_multipart_upload_gets_the_multipart_etag_and_abort_leaves_no_upload(self):
        upload = self.s3.create_multipart_upload(Bucket="bkt", Key="big")["UploadId"]
        parts = [b"x" * (5 << 20), b"y" * 10]
        etags = [self.s3.upload_part(Bucket="bkt", Key="big", UploadId=upload, PartNumber=n + 1,
                                     Body=body)["ETag"] for n, body in enumerate(parts)]
        self.assertEqual(len(self.s3.list_multipart_uploads(Bucket="bkt")["Uploads"]), 1)
        done = self.s3.complete_multipart_upload(
            Bucket="bkt", Key="big", UploadId=upload,
            MultipartUpload={"Parts": [{"PartNumber": n + 1, "ETag": e}
                                       for n, e in enumerate(etags)]})
        digest = hashlib.md5(b"".join(hashlib.md5(p).digest() for p in parts)).hexdigest()
        self.assertEqual(done["ETag"], '"%s-2"' % digest)
        head = self.s3.head_object(Bucket="bkt", Key="big")
        self.assertEqual(head["ContentLength"], (5 << 20) + 10)
        other = self.s3.create_multipart_upload(Bucket="bkt", Key="o")["UploadId"]
        self.s3.abort_multipart_upload(Bucket="bkt", Key="o", UploadId=other)
        self.assertNotIn("Uploads", self.s3.list_multipart_uploads(Bucket="bkt"))

    def test_a_wrong_secret_is_refused_with_signature_does_not_match(self):
        bad = boto3.client("s3", endpoint_url=self.endpoint.url, region_name=benchlib.REGION,
                           aws_access_key_id=benchlib.ACCESS_KEY, aws_secret_access_key="wrong")
        with self.assertRaises(ClientError) as caught:
            bad.list_objects_v2(Bucket="bkt")
        self.assertEqual(caught.exception.response["Error"]["Code"], "SignatureDoesNotMatch")

    def test_a_put_whose_content_md5_does_not_match_is_refused_with_bad_digest(self):
        request = signed_request(self.endpoint, "PUT", "/bkt/k", b"abc",
                                 {"Content-MD5": "1B2M2Y8AsgTpgAmY7PhCfg=="})
        status, text = send(self.endpoint, request, b"abc")
        self.assertEqual(status, 400)
        self.assertIn("<Code>BadDigest</Code>", text)

    def test_a_body_that_is_not_the_signed_one_is_refused(self):
        request = signed_request(self.endpoint, "PUT", "/bkt/k", b"abc")
        status, text = send(self.endpoint, request, b"abd")
        self.assertEqual(status, 400)
        self.assertIn("XAmzContentSHA256Mismatch", text)

    def test_aws_chunked_uploads_are_decoded_and_a_tampered_chunk_is_refused(self):
        chunks = [b"a" * 70000, b"b" * 100]
        request, body = aws_chunked_request(self.endpoint, "/bkt/chunked", chunks)
        self.assertEqual(send(self.endpoint, request, body)[0], 200)
        self.assertEqual(self.s3.get_object(Bucket="bkt", Key="chunked")["Body"].read(),
                         b"".join(chunks))
        request, body = aws_chunked_request(self.endpoint, "/bkt/tampered", chunks, tamper=True)
        status, text = send(self.endpoint, request, body)
        self.assertEqual(status, 403)
        self.assertIn("SignatureDoesNotMatch", text)

    def test_an_unsigned_trailer_upload_is_stored_and_a_wrong_crc32_trailer_is_refused(self):
        data = b"hello trailer"
        for name, crc in (("good", zlib.crc32(data)), ("bad", zlib.crc32(data) ^ 1)):
            trailer = base64.b64encode(crc.to_bytes(4, "big"))
            body = b"%x\r\n%s\r\n0\r\nx-amz-checksum-crc32:%s\r\n\r\n" % (len(data), data,
                                                                              trailer)
            request = signed_request(self.endpoint, "PUT", "/bkt/" + name, b"", {
                "Content-Encoding": "aws-chunked", "x-amz-trailer": "x-amz-checksum-crc32",
                "x-amz-decoded-content-length": str(len(data))})
            del request.headers["x-amz-content-sha256"]
            del request.headers["Authorization"]
            request.headers["x-amz-content-sha256"] = "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
            SigV4Auth(Credentials(benchlib.ACCESS_KEY, benchlib.SECRET_KEY), "s3",
                      benchlib.REGION).add_auth(request)
            status, text = send(self.endpoint, request, body)
            self.assertEqual(status, 200 if name == "good" else 400, text)
        self.assertEqual(self.s3.get_object(Bucket="bkt", Key="good")["Body"].read(), data)

    def test_latency_delays_every_answer_and_requests_are_counted_by_operation(self):
        self.endpoint.set_latency(300)
        start = time.monotonic()
        self.s3.head_bucket(Bucket="bkt")
        self.assertGreaterEqual(time.monotonic() - start, 0.3)
        stats = self.endpoint.stats()
        self.assertEqual(stats["requests"]["HeadBucket"], 1)
        self.assertEqual(stats["requests"]["CreateBucket"], 1)


class HarnessTest(unittest.TestCase):
    def run_script(self, *argv):
        proc = subprocess.run([sys.executable, os.path.join(BENCH, argv[0])] + list(argv[1:]),
                              capture_output=True, text=True, timeout=600)
        return proc.returncode, proc.stdout + proc.stderr

    def test_raw_put_reports_its_rate_and_fails_when_puts_are_refused(self):
        with benchlib.Endpoint() as endpoint:
            endpoint.client().create_bucket(Bucket="raw")
            argv = [RAW_PUT, "--endpoint-url", endpoint.url, "--bucket", "raw", "--count", "50",
                    "--concurrency", "8"]
            good = subprocess.run(argv, env=benchlib.clean_env(), capture_output=True, text=True)
            self.assertEqual(good.returncode, 0, good.stderr)
            self.assertEqual(json.loads(good.stdout)["puts"], 50)
            self.assertEqual(endpoint.stats()["requests"]["PutObject"], 50)
            wrong = benchlib.clean_env({"AWS_SECRET_ACCESS_KEY": "wrong"})
            bad = subprocess.run(argv, env=wrong, capture_output=True, text=True)
            self.assertEqual(bad.returncode, 1)
            self.assertEqual(json.loads(bad.stdout)["failed"], 50)
        usage = subprocess.run([RAW_PUT, "--count", "x"], capture_output=True)
        self.assertEqual(usage.returncode, 2)

    def test_raw_put_with_unsigned_payload_sends_unsigned_puts_the_endpoint_accepts(self):
        with benchlib.Endpoint() as endpoint:
            endpoint.client().create_bucket(Bucket="raw-up")
            before = endpoint.stats()
            argv = [RAW_PUT, "--endpoint-url", endpoint.url, "--bucket", "raw-up",
                    "--unsigned-payload", "--count", "20", "--concurrency", "4"]
            run = subprocess.run(argv, env=benchlib.clean_env(), capture_output=True, text=True)
            self.assertEqual(run.returncode, 0, run.stderr)
            self.assertEqual(json.loads(run.stdout)["puts"], 20)
            self.assertEqual(benchlib.payload_delta(before, endpoint.stats()),
                             {"UNSIGNED-PAYLOAD": 20})

    def test_the_comparison_runs_on_a_tiny_tree_and_passes_its_checks(self):
        tools = ["s3mirror", "raw", "s3mirror-up", "raw-up"] + [
            t for t in ("aws", "rclone", "s3cmd") if benchlib.have(t)]
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "rows.json")
            code, output = self.run_script("run.py", "--s3mirror", S3MIRROR, "--raw-put", RAW_PUT,
                                           "--files", "40", "--s3cmd-files", "20",
                                           "--latency-ms", "0", "--small", "--tools",
                                           ",".join(tools), "--check", "--json", out)
            self.assertEqual(code, 0, output)
            with open(out) as f:
                rows = json.load(f)["rows"]
        self.assertEqual(sorted({r["tool"] for r in rows}), sorted(tools))
        resync = [r for r in rows if r["tool"] == "s3mirror" and r["run"] == "no-change resync"]
        self.assertEqual(list(resync[0]["requests"]), ["ListObjectsV2"])
        first = {r["tool"]: r for r in rows if r["run"] == "first full sync"}
        total = sum(first["s3mirror"]["requests"].values())
        self.assertEqual(first["s3mirror"]["payloads"], {"signed": total})
        puts = first["s3mirror-up"]["requests"]["PutObject"]
        total = sum(first["s3mirror-up"]["requests"].values())
        self.assertEqual(first["s3mirror-up"]["payloads"],
                         {"UNSIGNED-PAYLOAD": puts, "signed": total - puts})
        for peer in tools[4:]:
            self.assertRegex(output, r"\n%s +first full sync +[0-9.]+x s3mirror" % peer)

    def test_the_scale_run_works_on_a_tiny_tree(self):
        code, output = self.run_script("scale.py", "--s3mirror", S3MIRROR, "--files", "300",
                                       "--latency-ms", "0")
        self.assertEqual(code, 0, output)
        self.assertIn("resync after 1% change", output)


if __name__ == "__main__":
    unittest.main(verbosity=2)
