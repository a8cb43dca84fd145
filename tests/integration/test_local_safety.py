"""Safety of the local side through the binary: unreadable files and directories are reported and
skipped and --delete never removes their remote copies; a LOCAL_DIR under an /etc/fstab mount
point with nothing mounted is refused; a credentials file readable by others is warned about.

Permissions do not stop root, so when the tests run as root the unreadable-tree test runs the
binary as nobody:nogroup (setpriv) with a state dir that user owns; as any other user it runs it
directly. The mount tests point S3MIRROR_FSTAB and S3MIRROR_MOUNTINFO at files written here.
"""

import os
import shutil
import subprocess
import unittest

import harness

NOBODY = 65534  # nobody / nogroup on Debian


class LocalSafetyTest(harness.S3TestCase):
    def setUp(self):
        super().setUp()
        self.source = self.make_dir("site")

    def sync_args(self, *options):
        return ["--endpoint-url", self.server.endpoint, "--state-dir", self.state_dir, "sync",
                *options, self.source, self.url()]

    # --- unreadable files and directories ---------------------------------------------------------

    def run_unprivileged(self, *args):
        """Runs the binary as a user that file permissions apply to: this one, or nobody:nogroup
        (through setpriv) when the tests run as root."""
        if os.geteuid() != 0:
            return self.run_s3mirror(*args)
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            self.fail("running as root needs setpriv (util-linux) to drop to nobody")
        os.chmod(self.tmp, 0o755)  # mkdtemp made it 0700
        for root, dirs, files in os.walk(self.state_dir):
            for path in [root, *(os.path.join(root, name) for name in dirs + files)]:
                os.chown(path, NOBODY, NOBODY)
        command = [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--",
                   self.binary, *args]
        completed = subprocess.run(command, env=self.base_env(), stdin=subprocess.DEVNULL,
                                   capture_output=True, timeout=120)
        return harness.RunResult(completed.returncode, completed.stdout.decode("utf-8", "replace"),
                                 completed.stderr.decode("utf-8", "replace"))

    def test_unreadable_files_and_directories_are_reported_skipped_and_never_deleted(self):
        contents = harness.make_tree(self.source, {"ok.html": 500, "secret.html": 600,
                                                    "locked/inner.html": 700})
        for key in ("secret.html", "locked/inner.html", "orphan.html"):
            self.put_remote(key, b"remote copy of " + key.encode())
        os.chmod(os.path.join(self.source, "secret.html"), 0)
        os.chmod(os.path.join(self.source, "locked"), 0)
        self.addCleanup(os.chmod, os.path.join(self.source, "locked"), 0o755)
        result = self.run_unprivileged(*self.sync_args("--delete", "--force-delete"))
        self.assertEqual(result.code, 1, result)
        self.assertIn("secret.html", result.stderr)
        self.assertIn("locked", result.stderr)
        remote = self.remote_objects()
        self.assertEqual(self.remote_body("ok.html"), contents["ok.html"])
        self.assertEqual(self.remote_body("secret.html"), b"remote copy of secret.html")
        self.assertEqual(self.remote_body("locked/inner.html"), b"remote copy of locked/inner.html")
        self.assertIn("orphan.html", remote)  # a failed file holds back every delete

    def test_an_unlistable_directory_alone_is_skipped_and_its_remote_copies_survive_delete(self):
        contents = harness.make_tree(self.source, {"ok.html": 500, "locked/inner.html": 700})
        self.put_remote("locked/inner.html", b"remote copy")
        self.put_remote("orphan.html", b"no local file")
        os.chmod(os.path.join(self.source, "locked"), 0)
        self.addCleanup(os.chmod, os.path.join(self.source, "locked"), 0o755)
        result = self.run_unprivileged(*self.sync_args("--delete", "--force-delete"))
        self.assertIn(result.code, (0, 1), result)
        self.assertIn("locked", result.stderr)
        remote = self.remote_objects()
        self.assertEqual(self.remote_body("ok.html"), contents["ok.html"])
        self.assertEqual(self.remote_body("locked/inner.html"), b"remote copy")
        if result.code == 0:
            self.assertNotIn("orphan.html", remote)  # the other deletes still happen

    # --- a mount point with nothing mounted -------------------------------------------------------

    def write_mount_tables(self, mounted):
        fstab = os.path.join(self.tmp, "fstab")
        mountinfo = os.path.join(self.tmp, "mountinfo")
        with open(fstab, "w") as out:
            out.write("UUID=1 / ext4 defaults 0 1\n"
                      f"/dev/sdb1 {self.tmp}/site ext4 defaults,nofail 0 2\n")
        with open(mountinfo, "w") as out:
            out.write("22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n")
            if mounted:
                out.write(f"31 22 8:17 / {self.tmp}/site rw - ext4 /dev/sdb1 rw\n")
        return {"S3MIRROR_FSTAB": fstab, "S3MIRROR_MOUNTINFO": mountinfo}

    def test_a_local_dir_on_an_fstab_mount_point_with_nothing_mounted_is_refused(self):
        contents = harness.make_tree(self.source, {"stale.html": 100})
        self.put_remote("index.html", b"the real site")
        tables = self.write_mount_tables(mounted=False)
        result = self.run_s3mirror(*self.sync_args("--delete", "--force-delete"),
                                   extra_env=tables)
        self.assert_exit(result, 4)
        self.assertIn(f"lies under {self.tmp}/site, which {tables['S3MIRROR_FSTAB']} lists but "
                      "where nothing is mounted now", result.stderr)
        self.assertIn("--no-mount-check", result.stderr)
        self.assertEqual(sorted(self.remote_objects()), ["index.html"])
        mounted = self.run_s3mirror(*self.sync_args(),
                                    extra_env=self.write_mount_tables(mounted=True))
        self.assert_exit(mounted, 0)
        options = ("--no-mount-check", "--delete", "--force-delete")
        overridden = self.run_s3mirror(*self.sync_args(*options),
                                       extra_env=self.write_mount_tables(mounted=False))
        self.assert_exit(overridden, 0)
        self.assertEqual(sorted(self.remote_objects()), sorted(contents))

    # --- credentials files readable by others -----------------------------------------------------

    def env_with_credentials_file(self, mode):
        aws = os.path.join(self.home, ".aws")
        os.makedirs(aws, exist_ok=True)
        path = os.path.join(aws, "credentials")
        with open(path, "w") as out:
            out.write(f"[default]\naws_access_key_id = {self.server.access_key}\n"
                      f"aws_secret_access_key = {self.server.secret_key}\n")
        os.chmod(path, mode)
        env = self.base_env()
        del env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]
        return env, path

    def test_a_credentials_file_readable_by_others_is_warned_about_and_the_run_goes_on(self):
        harness.make_tree(self.source, {"a.html": 100})
        env, path = self.env_with_credentials_file(0o644)
        result = self.run_s3mirror(*self.sync_args(), env=env)
        self.assert_exit(result, 0)
        self.assertIn(f"{path} is readable by group and others (mode 0644); run chmod 600",
                      result.stderr)
        self.assertNotIn(self.server.secret_key, result.stderr + result.stdout)

    def test_a_private_credentials_file_gives_no_warning(self):
        harness.make_tree(self.source, {"a.html": 100})
        env, path = self.env_with_credentials_file(0o600)
        result = self.run_s3mirror(*self.sync_args(), env=env)
        self.assert_exit(result, 0)
        self.assertNotIn("readable by", result.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
