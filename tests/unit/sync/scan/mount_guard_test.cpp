#include "sync/scan/mount_guard.h"

#include <catch2/catch.hpp>

#include "support/temp_dir.h"

namespace s3mirror::sync {
namespace {

using Points = std::vector<std::string>;

constexpr std::string_view kFstab =
    "# /etc/fstab: static file system information.\n"
    "UUID=1234  /               ext4  errors=remount-ro 0 1\n"
    "UUID=5678  /srv/www        ext4  defaults          0 2\n"
    "\n"
    "   # indented comment\n"
    "/dev/sdb1  /mnt/web\\040data/  xfs   noauto,nofail     0 0\n"
    "/dev/sdc1  none            swap  sw                0 0\n"
    "/swapfile  /swap           swap  sw                0 0\n"
    "tmpfs\t/tmp\ttmpfs\tdefaults\t0\t0\n"
    "broken-line-with-one-field\n";

constexpr std::string_view kMountInfo =
    "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
    "25 22 0:21 / /tmp rw,nosuid shared:5 - tmpfs tmpfs rw\n"
    "31 22 8:17 / /mnt/web\\040data rw,relatime shared:9 - xfs /dev/sdb1 rw\n"
    "40 22 8:33 /export /srv/back\\134slash rw - ext4 /dev/sdd1 rw\n";

TEST_CASE("UnescapeMountField decodes octal escapes for space, tab, newline and backslash") {
  CHECK(UnescapeMountField("/mnt/web\\040data") == "/mnt/web data");
  CHECK(UnescapeMountField("/a\\011b\\012c\\134d") == "/a\tb\nc\\d");
  CHECK(UnescapeMountField("/plain") == "/plain");
}

TEST_CASE("UnescapeMountField keeps backslashes that do not start three octal digits") {
  CHECK(UnescapeMountField("/a\\04") == "/a\\04");
  CHECK(UnescapeMountField("/a\\089") == "/a\\089");
  CHECK(UnescapeMountField("\\") == "\\");
  CHECK(UnescapeMountField("/a\\777") == "/a\\777");  // not a byte
}

TEST_CASE("ParseFstabMountPoints skips comments, swap, none and the root filesystem") {
  CHECK(ParseFstabMountPoints(kFstab) == Points{"/srv/www", "/mnt/web data", "/tmp"});
}

TEST_CASE("ParseFstabMountPoints reads empty input and a last line without a newline") {
  CHECK(ParseFstabMountPoints("").empty());
  CHECK(ParseFstabMountPoints("/dev/x /data ext4 defaults 0 0") == Points{"/data"});
}

TEST_CASE("ParseMountInfoMountPoints reads the fifth field, unescaped") {
  CHECK(ParseMountInfoMountPoints(kMountInfo) ==
        Points{"/", "/tmp", "/mnt/web data", "/srv/back\\slash"});
}

TEST_CASE("FindUnmountedAncestor names the deepest fstab mount point above LOCAL_DIR not mounted") {
  const Points expected = {"/srv", "/srv/www", "/data"};
  CHECK(FindUnmountedAncestor("/srv/www/site", expected, {"/", "/srv"}) == "/srv/www");
  CHECK(FindUnmountedAncestor("/srv/www/site", expected, {"/", "/srv/www"}) == "/srv");
  CHECK(FindUnmountedAncestor("/srv/www", expected, {"/srv"}) == "/srv/www");
}

TEST_CASE("FindUnmountedAncestor is empty when every mount point above LOCAL_DIR is mounted") {
  const Points expected = {"/srv", "/srv/www", "/data"};
  CHECK(FindUnmountedAncestor("/srv/www/site", expected, {"/srv", "/srv/www"}).empty());
  CHECK(FindUnmountedAncestor("/home/site", expected, {}).empty());
  CHECK(FindUnmountedAncestor("/srv/wwwroot", {"/srv/www"}, {}).empty());  // not an ancestor
}

struct Tables {
  testing::TempDir dir;
  MountTables tables{.fstab = dir.Join("fstab"), .mountinfo = dir.Join("mountinfo")};
};

TEST_CASE("CheckLocalDirMounted refuses LOCAL_DIR under an fstab mount point not mounted") {
  Tables files;
  files.dir.MakeDir("data/site");
  const std::string data = files.dir.Join("data");
  files.dir.WriteFile("fstab", "/dev/sdb1 " + data + " ext4 defaults 0 2\n");
  files.dir.WriteFile("mountinfo", "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n");
  Status status = CheckLocalDirMounted(data + "/site/", files.tables);
  REQUIRE_FALSE(status);
  CHECK(status.error().kind == ErrorKind::kSafety);
  CHECK(status.error().message ==
        "LOCAL_DIR " + data + "/site/ lies under " + data + ", which " + files.tables.fstab +
            " lists but where nothing is mounted now; refusing to sync (mount it, or pass "
            "--no-mount-check if LOCAL_DIR is meant to be used without it)");
}

TEST_CASE("CheckLocalDirMounted accepts LOCAL_DIR once its filesystem is mounted") {
  Tables files;
  files.dir.MakeDir("web data/site");
  const std::string data = files.dir.Join("web data");
  files.dir.WriteFile("fstab", "/dev/sdb1 " + files.dir.Join("web\\040data") + " ext4 rw 0 2\n");
  files.dir.WriteFile("mountinfo", "31 22 8:17 / " + files.dir.Join("web\\040data") + " rw - x\n");
  CHECK(CheckLocalDirMounted(data + "/site", files.tables));
}

TEST_CASE("CheckLocalDirMounted follows a symbolic link to the mount point it points into") {
  Tables files;
  files.dir.MakeDir("data/site");
  files.dir.Symlink(files.dir.Join("data/site"), "link");
  files.dir.WriteFile("fstab", "/dev/sdb1 " + files.dir.Join("data") + " ext4 rw 0 2\n");
  files.dir.WriteFile("mountinfo", "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n");
  CHECK_FALSE(CheckLocalDirMounted(files.dir.Join("link"), files.tables));
}

TEST_CASE("CheckLocalDirMounted passes without an fstab and without a matching entry") {
  Tables files;
  CHECK(CheckLocalDirMounted(files.dir.path(), files.tables));  // neither file exists
  files.dir.WriteFile("fstab", "/dev/sdb1 /elsewhere ext4 rw 0 2\n");
  CHECK(CheckLocalDirMounted(files.dir.path(), files.tables));  // mountinfo not needed
}

TEST_CASE("CheckLocalDirMounted refuses when mountinfo cannot be read for a listed mount point") {
  Tables files;
  files.dir.WriteFile("fstab", "/dev/sdb1 " + files.dir.path() + " ext4 rw 0 2\n");
  Status status = CheckLocalDirMounted(files.dir.path(), files.tables);
  REQUIRE_FALSE(status);
  CHECK(status.error().kind == ErrorKind::kSafety);
  CHECK(status.error().message.find("cannot tell whether the filesystem of LOCAL_DIR") == 0);
}

}  // namespace
}  // namespace s3mirror::sync
