"""HTTPS to an endpoint with a private CA: a CA and a server certificate (SAN IP:127.0.0.1) made by
the test with the openssl command, a TLS-terminating proxy (tests/servers/aws_behaviour_proxy.py
with tls=...) in front of moto. Verification is always on: without the CA the run fails with one
message that names the certificate problem and --ca-bundle; the CA can come from --ca-bundle,
AWS_CA_BUNDLE or s3cmd's ca_certs_file. HTTPS_PROXY/NO_PROXY are libcurl's and stay honoured."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import unittest

import harness

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "servers"))
import aws_behaviour_proxy  # noqa: E402

FILES = {"index.html": "<p>home</p>", "css/site.css": "a {}", "docs/report.pdf": 90_000}


def make_certificates(directory):
    """(ca.pem, server.pem, server.key) in directory: a CA and a server certificate it signed."""
    def path(name):
        return os.path.join(directory, name)

    def openssl(*args):
        subprocess.run(["openssl", *args], check=True, capture_output=True)

    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path("ca.key"),
            "-out", path("ca.pem"), "-days", "2", "-subj", "/CN=s3mirror test CA",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", path("server.key"),
            "-out", path("server.csr"), "-subj", "/CN=127.0.0.1")
    with open(path("server.ext"), "w") as out:
        out.write("subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
                  "extendedKeyUsage=serverAuth\n")
    openssl("x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey",
            path("ca.key"), "-set_serial", "1", "-out", path("server.pem"), "-days", "2",
            "-extfile", path("server.ext"))
    return path("ca.pem"), path("server.pem"), path("server.key")


class ConnectProxy:
    """A minimal HTTP CONNECT proxy on 127.0.0.1 that counts the tunnels it opened."""

    def __init__(self):
        self.tunnels = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def stop(self):
        self._listener.close()

    def _serve(self):
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._tunnel, args=(client,), daemon=True).start()

    def _tunnel(self, client):
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = client.recv(4096)
            if not chunk:
                client.close()
                return
            head += chunk
        target = head.split(b" ")[1].decode()
        self.tunnels.append(target)
        host, port = target.rsplit(":", 1)
        upstream = socket.create_connection((host, int(port)))
        client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        for source, sink in ((client, upstream), (upstream, client)):
            threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                end.close()


@unittest.skipUnless(shutil.which("openssl"), "needs the openssl command")
class TlsTest(harness.S3TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.certs = tempfile.mkdtemp(prefix="s3mirror-tls-")
        cls.addClassCleanup(shutil.rmtree, cls.certs, ignore_errors=True)
        cls.ca, cert, key = make_certificates(cls.certs)
        cls.proxy = aws_behaviour_proxy.AwsBehaviourProxy(cls.server.port, tls=(cert, key))
        cls.proxy.start()
        cls.addClassCleanup(cls.proxy.stop)

    def setUp(self):
        super().setUp()
        self.source = self.make_dir("site")
        self.contents = harness.make_tree(self.source, FILES)

    def sync_https(self, *options, extra_env=None, global_options=()):
        return self.run_s3mirror("--endpoint-url", self.proxy.endpoint, "--state-dir",
                                 self.state_dir, *global_options, "sync", *options, self.source,
                                 self.url(), extra_env=extra_env)

    def assert_synced(self, result):
        self.assert_exit(result, 0)
        self.assertEqual(sorted(self.remote_objects()), sorted(self.contents))

    def test_an_untrusted_certificate_fails_with_one_message_naming_it_and_ca_bundle(self):
        result = self.sync_https()
        self.assert_exit(result, 3)
        errors = [line for line in result.stderr.splitlines() if "certificate" in line]
        self.assertEqual(len(errors), 1, result.stderr)
        self.assertIn("not trusted", errors[0])
        self.assertIn("--ca-bundle", errors[0])
        self.assertIn("127.0.0.1", errors[0])
        self.assertEqual(self.remote_objects(), {})

    def test_ca_bundle_option_makes_the_certificate_trusted(self):
        self.assert_synced(self.sync_https(global_options=("--ca-bundle", self.ca)))

    def test_aws_ca_bundle_makes_the_certificate_trusted(self):
        self.assert_synced(self.sync_https(extra_env={"AWS_CA_BUNDLE": self.ca}))

    def test_s3cmd_ca_certs_file_makes_the_certificate_trusted(self):
        config = os.path.join(self.tmp, "s3cfg")
        with open(config, "w") as out:
            out.write("[default]\n"
                      f"access_key = {self.server.access_key}\n"
                      f"secret_key = {self.server.secret_key}\n"
                      f"host_base = 127.0.0.1:{self.proxy.port}\n"
                      f"host_bucket = 127.0.0.1:{self.proxy.port}\n"
                      "use_https = True\n"
                      f"ca_certs_file = {self.ca}\n")
        env = self.base_env()
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINT_URL"):
            env.pop(name)
        result = self.run_s3mirror("--config", config, "--state-dir", self.state_dir, "sync",
                                   self.source, self.url(), env=env)
        self.assert_synced(result)

    def test_a_missing_ca_bundle_file_is_named(self):
        missing = os.path.join(self.tmp, "no-such-ca.pem")
        result = self.sync_https(global_options=("--ca-bundle", missing))
        self.assert_exit(result, 3)
        self.assertIn(missing, result.stderr)

    def test_aws_ca_bundle_does_not_get_in_the_way_of_a_plain_http_endpoint(self):
        result = self.sync(self.source, extra_env={"AWS_CA_BUNDLE": self.ca})
        self.assert_synced(result)

    def test_https_proxy_is_honoured_and_no_proxy_bypasses_it(self):
        tunnel = ConnectProxy()
        self.addCleanup(tunnel.stop)
        proxy_env = {"HTTPS_PROXY": f"http://127.0.0.1:{tunnel.port}", "AWS_CA_BUNDLE": self.ca}
        self.assert_synced(self.sync_https(extra_env=proxy_env))
        self.assertIn(f"127.0.0.1:{self.proxy.port}", tunnel.tunnels)
        opened = len(tunnel.tunnels)
        self.contents.update(harness.make_tree(self.source, {"new.html": "<p>new</p>"}))
        result = self.sync_https(extra_env={**proxy_env, "NO_PROXY": "127.0.0.1"})
        self.assert_synced(result)
        self.assertEqual(len(tunnel.tunnels), opened)


if __name__ == "__main__":
    unittest.main()
