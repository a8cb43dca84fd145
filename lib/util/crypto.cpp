#include "util/crypto.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>

namespace s3mirror {
namespace {

std::string Digest(const EVP_MD* md, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &length, md, nullptr);
  return std::string(reinterpret_cast<const char*>(out.data()), length);
}

}  // namespace

std::string Md5(std::string_view data) { return Digest(EVP_md5(), data); }
std::string Sha256(std::string_view data) { return Digest(EVP_sha256(), data); }

std::string HmacSha256(std::string_view key, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(), &length);
  return std::string(reinterpret_cast<const char*>(out.data()), length);
}

std::string HexEncode(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0x0f]);
  }
  return out;
}

std::string HexDecode(std::string_view hex) {
  if (hex.size() % 2 != 0) return {};
  auto value = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int high = value(hex[i]);
    const int low = value(hex[i + 1]);
    if (high < 0 || low < 0) return {};
    out.push_back(static_cast<char>(high * 16 + low));
  }
  return out;
}

std::string Base64Encode(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  auto byte = [&](size_t k) { return static_cast<unsigned>(static_cast<unsigned char>(bytes[k])); };
  for (; i + 3 <= bytes.size(); i += 3) {
    const unsigned n = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(kAlphabet[(n >> 6) & 63]);
    out.push_back(kAlphabet[n & 63]);
  }
  const size_t rest = bytes.size() - i;
  if (rest > 0) {
    const unsigned n = (byte(i) << 16) | (rest == 2 ? byte(i + 1) << 8 : 0u);
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(rest == 2 ? kAlphabet[(n >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

struct StreamingHash::State {
  EVP_MD_CTX* md5 = nullptr;
  EVP_MD_CTX* sha256 = nullptr;
};

StreamingHash::StreamingHash(bool with_sha256) : state_(std::make_unique<State>()) {
  state_->md5 = EVP_MD_CTX_new();
  EVP_DigestInit_ex(state_->md5, EVP_md5(), nullptr);
  if (with_sha256) {
    state_->sha256 = EVP_MD_CTX_new();
    EVP_DigestInit_ex(state_->sha256, EVP_sha256(), nullptr);
  }
}

StreamingHash::~StreamingHash() {
  EVP_MD_CTX_free(state_->md5);
  EVP_MD_CTX_free(state_->sha256);
}

void StreamingHash::Update(std::string_view data) {
  EVP_DigestUpdate(state_->md5, data.data(), data.size());
  if (state_->sha256 != nullptr) EVP_DigestUpdate(state_->sha256, data.data(), data.size());
}

namespace {
std::string Finish(EVP_MD_CTX* context) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int length = 0;
  if (context != nullptr) EVP_DigestFinal_ex(context, out.data(), &length);
  return std::string(reinterpret_cast<const char*>(out.data()), length);
}
}  // namespace

std::string StreamingHash::FinishMd5() { return Finish(state_->md5); }
std::string StreamingHash::FinishSha256() { return Finish(state_->sha256); }

}  // namespace s3mirror
