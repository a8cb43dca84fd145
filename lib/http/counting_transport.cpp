#include "http/counting_transport.h"

namespace s3mirror::http {

ExchangeId CountingTransport::Start(Request request) {
  counts_.Count(ClassifyRequest(request));
  return inner_.Start(std::move(request));
}

std::vector<Completion> CountingTransport::Wait(std::chrono::milliseconds max_wait) {
  std::vector<Completion> completions = inner_.Wait(max_wait);
  for (const Completion& completion : completions) {
    counts_.CountAnswer(completion.response ? completion.response->status : 0);
  }
  return completions;
}

void CountingTransport::Cancel(ExchangeId id) { inner_.Cancel(id); }

}  // namespace s3mirror::http
