#include "s3/correcting_transport.h"

#include <algorithm>

namespace s3mirror::s3 {
namespace {

// The AWS endpoint hosts whose regional twin is s3.<region>.amazonaws.com.
bool IsRegionalAwsHost(const Endpoint& endpoint) {
  if (!endpoint.is_aws) return false;
  return endpoint.host == "s3.amazonaws.com" || endpoint.host == "s3-external-1.amazonaws.com" ||
         endpoint.host == "s3." + endpoint.region + ".amazonaws.com";
}

std::string Seconds(std::chrono::seconds offset) {
  const long long count = offset.count();
  return std::to_string(count < 0 ? -count : count) + " s " + (count < 0 ? "behind" : "ahead of");
}

}  // namespace

CorrectingTransport::CorrectingTransport(http::Transport& inner, auth::RequestSigner& signer,
                                         const Clock& clock, Endpoint endpoint)
    : inner_(inner), signer_(signer), clock_(clock), endpoint_(std::move(endpoint)) {}

http::ExchangeId CorrectingTransport::Start(http::Request request) {
  Pending pending{.outer = 0,
                  .request = request,
                  .region = signer_.region(),
                  .clock_offset = signer_.clock_offset(),
                  .credential_generation = signer_.credential_generation()};
  const http::ExchangeId id = inner_.Start(std::move(request));
  pending.outer = id;
  Track(id, std::move(pending));
  return id;
}

void CorrectingTransport::Track(http::ExchangeId inner_id, Pending pending) {
  inner_of_outer_[pending.outer] = inner_id;
  by_inner_.emplace(inner_id, std::move(pending));
}

void CorrectingTransport::Cancel(http::ExchangeId id) {
  const auto inner = inner_of_outer_.find(id);
  if (inner == inner_of_outer_.end()) return;
  inner_.Cancel(inner->second);
  by_inner_.erase(inner->second);
  inner_of_outer_.erase(inner);
}

std::vector<http::Completion> CorrectingTransport::Wait(std::chrono::milliseconds max_wait) {
  std::vector<http::Completion> done;
  for (http::Completion& completion : inner_.Wait(max_wait)) {
    const auto found = by_inner_.find(completion.id);
    if (found == by_inner_.end()) continue;  // cancelled meanwhile
    Pending pending = std::move(found->second);
    by_inner_.erase(found);
    inner_of_outer_.erase(pending.outer);
    if (completion.response && pending.resends < kMaxResends) {
      const std::optional<ServerHint> hint = HintFromResponse(*completion.response, pending.region);
      if (hint && Learn(*hint, pending)) {
        Resend(std::move(pending), done);
        continue;
      }
    }
    completion.id = pending.outer;
    done.push_back(std::move(completion));
  }
  return done;
}

// Applies what the hint teaches, unless an earlier answer already did since `pending` was signed;
// false when the exchange must not be resent.
bool CorrectingTransport::Learn(const ServerHint& hint, Pending& pending) {
  switch (hint.kind) {
    case HintKind::kWrongRegion:
      if (signer_.region() == pending.region) SwitchRegion(hint);
      return true;
    case HintKind::kClockSkew:
      if (signer_.clock_offset() == pending.clock_offset) {
        const auto offset =
            std::chrono::duration_cast<std::chrono::seconds>(hint.server_time - clock_.Now());
        signer_.set_clock_offset(offset);
        Announce(hint.kind, "the server's clock is " + Seconds(offset) +
                                " this machine's (RequestTimeTooSkewed): signing with the "
                                "server's time for the rest of the run; check this machine's "
                                "clock (NTP)");
      }
      return true;
    case HintKind::kExpiredToken:
      if (pending.refreshed) return false;
      pending.refreshed = true;
      if (signer_.credential_generation() == pending.credential_generation) {
        signer_.ForceRefresh();
        Announce(hint.kind, "the server refused the credentials as expired (" + hint.code +
                                "): fetching new ones and retrying");
      }
      return true;
  }
  return false;
}

void CorrectingTransport::SwitchRegion(const ServerHint& hint) {
  const std::string old_region = signer_.region();
  signer_.set_region(hint.region);
  std::string where;
  if (IsRegionalAwsHost(endpoint_)) {
    const std::string host = "s3." + hint.region + ".amazonaws.com";
    signer_.RedirectHost(endpoint_.host, host);
    where = " at " + host;
  }
  Announce(hint.kind, "the bucket is in region " + hint.region + ", not " + old_region + " (" +
                          (hint.code.empty() ? "x-amz-bucket-region" : hint.code) +
                          "): signing for " + hint.region + where +
                          " for the rest of the run; pass --region " + hint.region +
                          " to avoid the extra request");
}

void CorrectingTransport::Announce(HintKind kind, const std::string& message) {
  const bool once = kind != HintKind::kExpiredToken;
  if (once && std::find(announced_.begin(), announced_.end(), kind) != announced_.end()) return;
  announced_.push_back(kind);
  if (notice_) notice_(message);
}

void CorrectingTransport::Resend(Pending pending, std::vector<http::Completion>& failed) {
  ++pending.resends;
  ++resent_;
  Status signed_ok = signer_.Sign(pending.request);
  if (!signed_ok) {
    failed.push_back(
        http::Completion{.id = pending.outer, .response = Fail(std::move(signed_ok).error())});
    return;
  }
  pending.region = signer_.region();
  pending.clock_offset = signer_.clock_offset();
  pending.credential_generation = signer_.credential_generation();
  const http::ExchangeId inner_id = inner_.Start(pending.request);
  Track(inner_id, std::move(pending));
}

}  // namespace s3mirror::s3
