#include <sys/stat.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <algorithm>

#include "support/temp_dir.h"
#include "sync/scan/local_scanner.h"

namespace s3mirror::sync {
namespace {

std::vector<std::string> Paths(const ScanResult& result) {
  std::vector<std::string> paths;
  for (const LocalFile& file : result.files) paths.push_back(file.path);
  return paths;
}

ScanResult ScanOk(const ScanOptions& options) {
  Result<ScanResult> result = ScanLocal(options);
  REQUIRE(result.has_value());
  return std::move(result).value();
}

}  // namespace

TEST_CASE("ScanLocal lists files in S3 key byte order") {
  testing::TempDir dir;
  dir.WriteFile("a/x", "1");
  dir.WriteFile("a-b", "22");
  dir.WriteFile("a.b", "");
  dir.WriteFile("a0", "4");
  dir.WriteFile("with space.html", "5");
  dir.WriteFile("\xC3\xA9t\xC3\xA9/caf\xC3\xA9.txt", "6");
  dir.WriteFile("b/c/d/e.html", "7");
  dir.MakeDir("empty-dir");
  const ScanResult result = ScanOk({.local_dir = dir.path()});
  CHECK(Paths(result) == std::vector<std::string>{"a-b", "a.b", "a/x", "a0", "b/c/d/e.html",
                                                  "with space.html",
                                                  "\xC3\xA9t\xC3\xA9/caf\xC3\xA9.txt"});
  CHECK(std::is_sorted(result.files.begin(), result.files.end(),
                       [](const auto& a, const auto& b) { return a.path < b.path; }));
  CHECK(result.files[0].size == 2);
  CHECK(result.files[1].size == 0);  // empty files are files too
  CHECK(result.files[0].inode != 0);
  CHECK(result.files[0].mtime_ns > 0);
  CHECK(result.files_seen == 7);
  CHECK(result.warnings.empty());
}

TEST_CASE("ScanLocal skips symlinks by default and says so") {
  testing::TempDir outside;
  outside.WriteFile("secret", "s");
  testing::TempDir dir;
  dir.WriteFile("real.html", "r");
  dir.Symlink("real.html", "link-in.html");
  dir.Symlink(outside.Join("secret"), "link-out");
  const ScanResult result = ScanOk({.local_dir = dir.path()});
  CHECK(Paths(result) == std::vector<std::string>{"real.html"});
  CHECK(result.skipped_links == 2);
  REQUIRE(result.warnings.size() == 1);
  CHECK(result.warnings[0].find("2 symbolic link") != std::string::npos);
}

TEST_CASE("ScanLocal follows only links that stay inside LOCAL_DIR") {
  testing::TempDir outside;
  outside.WriteFile("secret", "s");
  outside.WriteFile("sub/other", "o");
  testing::TempDir dir;
  dir.WriteFile("d/real.html", "r");
  dir.Symlink("../d/real.html", "e/link-in.html");
  dir.Symlink("d", "linked-dir");
  dir.Symlink(outside.Join("secret"), "link-out");
  dir.Symlink(outside.Join("sub"), "dir-out");
  dir.Symlink("..", "d/up");   // the root itself is not inside it
  dir.Symlink(".", "d/self");  // a loop: a directory being walked
  dir.Symlink("missing", "dangling");
  const ScanResult result = ScanOk({.local_dir = dir.path(), .follow_symlinks = true});
  CHECK(Paths(result) ==
        std::vector<std::string>{"d/real.html", "e/link-in.html", "linked-dir/real.html"});
  // link-out, dir-out, dangling, and d/up, d/self twice (also seen through linked-dir)
  CHECK(result.skipped_links == 7);
  CHECK(result.files[1].size == 1);  // the target's size, not the link's
}

TEST_CASE("ScanLocal skips FIFOs without opening them") {
  testing::TempDir dir;
  dir.MakeFifo("pipe");
  dir.WriteFile("file", "f");
  const ScanResult result = ScanOk({.local_dir = dir.path()});
  CHECK(Paths(result) == std::vector<std::string>{"file"});
  CHECK(result.skipped_special == 1);
}

TEST_CASE("ScanLocal skips names that are not UTF-8 and shows them escaped") {
  testing::TempDir dir;
  dir.WriteFile("bad\xFFname", "x");
  dir.WriteFile("good", "y");
  const ScanResult result = ScanOk({.local_dir = dir.path()});
  CHECK(Paths(result) == std::vector<std::string>{"good"});
  CHECK(result.skipped_names == 1);
  REQUIRE(result.warnings.size() == 1);
  CHECK(result.warnings[0].find("bad\\xFFname") != std::string::npos);
}

TEST_CASE("ScanLocal applies the filter and counts excluded files") {
  testing::TempDir dir;
  dir.WriteFile("keep.html", "k");
  dir.WriteFile("drop.tmp", "d");
  dir.WriteFile("sub/drop.tmp", "d");
  const Filter filter({{.include = false, .glob = "**/*.tmp"}});
  const ScanResult result = ScanOk({.local_dir = dir.path(), .filter = &filter});
  CHECK(Paths(result) == std::vector<std::string>{"keep.html"});
  CHECK(result.excluded == 2);
  CHECK(result.files_seen == 3);
}

TEST_CASE("ScanLocal reports unreadable directories") {
  if (::geteuid() == 0) {
    WARN("running as root: permissions cannot make a directory unreadable; not checked");
    return;
  }
  testing::TempDir dir;
  dir.WriteFile("locked/a.html", "a");
  dir.WriteFile("open.html", "o");
  REQUIRE(::chmod(dir.Join("locked").c_str(), 0) == 0);
  const ScanResult result = ScanOk({.local_dir = dir.path()});
  CHECK(Paths(result) == std::vector<std::string>{"open.html"});
  CHECK(result.unreadable == std::vector<std::string>{"locked"});
}

TEST_CASE("ScanLocal refuses a missing LOCAL_DIR or a file") {
  testing::TempDir dir;
  dir.WriteFile("file", "f");
  Result<ScanResult> missing = ScanLocal({.local_dir = dir.Join("nope")});
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().kind == ErrorKind::kSafety);
  CHECK(missing.error().message ==
        "LOCAL_DIR " + dir.Join("nope") +
            " is missing; refusing to sync (nothing would be uploaded and --delete would empty "
            "the mirror)");
  Result<ScanResult> file = ScanLocal({.local_dir = dir.Join("file")});
  REQUIRE_FALSE(file.has_value());
  CHECK(file.error().kind == ErrorKind::kSafety);
}

TEST_CASE("IsValidUtf8 rejects overlong forms and surrogates") {
  CHECK(IsValidUtf8("plain"));
  CHECK(IsValidUtf8("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"));
  CHECK_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  CHECK_FALSE(IsValidUtf8("\xED\xA0\x80"));      // U+D800
  CHECK_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // > U+10FFFF
  CHECK_FALSE(IsValidUtf8("\xE2\x82"));          // cut short
}

}  // namespace s3mirror::sync
