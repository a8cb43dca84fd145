// CorrectingTransport: a Transport decorator that learns from the server's answers and resends,
// so that every path sharing the signer (the listing client, the executor) gets the same
// corrections without handling them itself. It looks at each answer (s3/server_hint.h):
//   wrong region (301 PermanentRedirect, 400 AuthorizationHeaderMalformed, x-amz-bucket-region on
//     an error): signs for the bucket's region for the rest of the run and, on AWS's own
//     s3.<region>.amazonaws.com endpoints, sends to the bucket's regional host;
//   RequestTimeTooSkewed: signs with the server's clock (its Date header) for the rest of the run;
//   ExpiredToken (and equivalents): forces one credential refresh (RequestSigner::ForceRefresh),
//     unless the credentials were already replaced since the request was signed.
// Then it signs the same request again and resends it, under the same ExchangeId; the caller sees
// only the final answer. Each exchange is resent at most kMaxResends times and refreshes the
// credentials at most once; past that the answer goes to the caller as it is. Each kind of
// correction is announced once through the notice callback. Not thread-safe (one network thread).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "auth/request_signer.h"
#include "http/transport.h"
#include "s3/endpoint.h"
#include "s3/server_hint.h"
#include "util/clock.h"

namespace s3mirror::s3 {

inline constexpr int kMaxResends = 2;

class CorrectingTransport final : public http::Transport {
 public:
  using Notice = std::function<void(const std::string& message)>;

  // `inner`, `signer` and `clock` must outlive this object. `endpoint` says whether the host may
  // be switched to the bucket's region.
  CorrectingTransport(http::Transport& inner, auth::RequestSigner& signer, const Clock& clock,
                      Endpoint endpoint);

  // Where the one-line announcements go (a warning in the log); may stay empty.
  void set_notice(Notice notice) { notice_ = std::move(notice); }

  // Requires: `request` was signed by the signer just now.
  http::ExchangeId Start(http::Request request) override;
  std::vector<http::Completion> Wait(std::chrono::milliseconds max_wait) override;
  size_t InFlight() const override { return inner_.InFlight(); }
  void Cancel(http::ExchangeId id) override;

  // Requests sent again after a correction, for the curious (tests, metrics).
  std::uint64_t resent() const { return resent_; }

 private:
  // One exchange as it was signed, with the signer's state at the time.
  struct Pending {
    http::ExchangeId outer = 0;
    http::Request request{};
    std::string region{};
    std::chrono::seconds clock_offset{0};
    std::uint64_t credential_generation = 0;
    int resends = 0;
    bool refreshed = false;
  };

  bool Learn(const ServerHint& hint, Pending& pending);
  void SwitchRegion(const ServerHint& hint);
  void Announce(HintKind kind, const std::string& message);
  // Signs again and starts; a signing failure comes back as the exchange's completion.
  void Resend(Pending pending, std::vector<http::Completion>& failed);
  void Track(http::ExchangeId inner_id, Pending pending);

  http::Transport& inner_;
  auth::RequestSigner& signer_;
  const Clock& clock_;
  Endpoint endpoint_;
  Notice notice_;
  std::unordered_map<http::ExchangeId, Pending> by_inner_{};
  std::unordered_map<http::ExchangeId, http::ExchangeId> inner_of_outer_{};
  std::vector<HintKind> announced_{};
  std::uint64_t resent_ = 0;
};

}  // namespace s3mirror::s3
