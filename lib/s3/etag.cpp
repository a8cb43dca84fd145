#include "s3/etag.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "util/crypto.h"

namespace s3mirror::s3 {
namespace {

constexpr std::uint64_t kMiB = 1024 * 1024;
// S3 allows at most 10,000 parts of at least 5 MiB (the last part may be smaller).
constexpr std::uint64_t kMinPartSize = 5 * kMiB;

// Parts that `part_size` cuts `size` bytes into (an empty object is still one part).
std::uint64_t PartsFor(std::uint64_t size, std::uint64_t part_size) {
  if (part_size == 0) return 0;
  if (size == 0) return 1;
  return (size + part_size - 1) / part_size;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

Etag Etag::Parse(std::string_view text) {
  const std::string etag = NormalizeEtag(text);
  if (etag.empty()) return Etag{};
  const auto opaque = [&etag] {
    const std::string digest = Md5(etag);
    Etag kept;
    std::copy(digest.begin(), digest.end(), kept.md5_.begin());
    return kept;
  };
  Etag parsed;
  if (etag.size() < 32) return opaque();
  for (std::size_t i = 0; i < 16; ++i) {
    const int high = HexDigit(etag[2 * i]), low = HexDigit(etag[2 * i + 1]);
    if (high < 0 || low < 0) return opaque();
    parsed.md5_[i] = static_cast<unsigned char>(high * 16 + low);
  }
  if (etag.size() > 32) {
    // "-N": N decimal, without sign or leading zero, as S3 writes it.
    const std::string_view count = std::string_view(etag).substr(33);
    const auto [end, ec] =
        std::from_chars(count.data(), count.data() + count.size(), parsed.parts_);
    if (etag[32] != '-' || ec != std::errc() || end != count.data() + count.size() ||
        parsed.parts_ == 0 || count.front() == '0') {
      return opaque();
    }
  }
  parsed.is_md5_ = true;
  return parsed;
}

Etag Etag::Restore(const std::array<unsigned char, 16>& md5, std::uint32_t parts, bool is_md5) {
  Etag restored;
  restored.md5_ = md5;
  restored.parts_ = is_md5 ? parts : 0;
  restored.is_md5_ = is_md5;
  return restored;
}

std::string Etag::ToString() const {
  if (!is_md5_) return "";
  std::string text = HexEncode(std::string_view(reinterpret_cast<const char*>(md5_.data()), 16));
  return parts_ > 0 ? text + "-" + std::to_string(parts_) : text;
}

std::string NormalizeEtag(std::string_view etag) {
  while (!etag.empty() && (etag.front() == '"' || etag.front() == ' ')) etag.remove_prefix(1);
  while (!etag.empty() && (etag.back() == '"' || etag.back() == ' ')) etag.remove_suffix(1);
  std::string normalized(etag);
  std::transform(normalized.begin(), normalized.end(), normalized.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return normalized;
}

int EtagPartCount(std::string_view etag) {
  const std::string normalized = NormalizeEtag(etag);
  const size_t dash = normalized.rfind('-');
  if (dash == std::string::npos || dash + 1 == normalized.size()) return 0;
  int count = 0;
  const char* first = normalized.data() + dash + 1;
  const char* last = normalized.data() + normalized.size();
  const auto [end, ec] = std::from_chars(first, last, count);
  if (ec != std::errc() || end != last || count <= 0) return 0;
  return count;
}

// ETag = hex(MD5(md5(part1) || md5(part2) || ...)) + "-" + number of parts
std::string MultipartEtag(const std::vector<std::string>& part_md5s_binary) {
  std::string concatenated;
  concatenated.reserve(part_md5s_binary.size() * 16);
  for (const std::string& md5 : part_md5s_binary) concatenated += md5;
  return HexEncode(Md5(concatenated)) + "-" + std::to_string(part_md5s_binary.size());
}

std::vector<std::uint64_t> CandidatePartSizes(std::uint64_t size, int part_count,
                                              std::uint64_t preferred) {
  std::vector<std::uint64_t> tried = {preferred, 8 * kMiB,  15 * kMiB, 16 * kMiB,
                                      5 * kMiB,  64 * kMiB, 100 * kMiB};
  for (std::uint64_t power = kMiB; power <= 4096 * kMiB; power *= 2) tried.push_back(power);
  std::vector<std::uint64_t> candidates;
  if (part_count <= 0) return candidates;
  const auto wanted = static_cast<std::uint64_t>(part_count);
  for (std::uint64_t part_size : tried) {
    if (part_size < kMinPartSize && part_count > 1) continue;
    if (PartsFor(size, part_size) != wanted) continue;
    if (std::find(candidates.begin(), candidates.end(), part_size) != candidates.end()) continue;
    candidates.push_back(part_size);
  }
  return candidates;
}

}  // namespace s3mirror::s3
