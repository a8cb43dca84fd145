#include "util/result.h"

namespace s3mirror {

const char* ErrorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kUsage: return "usage";
    case ErrorKind::kConfig: return "config";
    case ErrorKind::kAuth: return "auth";
    case ErrorKind::kNetwork: return "network";
    case ErrorKind::kThrottled: return "throttled";
    case ErrorKind::kServer: return "server";
    case ErrorKind::kNotFound: return "not_found";
    case ErrorKind::kLocalIo: return "local_io";
    case ErrorKind::kSourceChanged: return "source_changed";
    case ErrorKind::kSafety: return "safety";
    case ErrorKind::kLocked: return "locked";
    case ErrorKind::kCancelled: return "cancelled";
    case ErrorKind::kInternal: return "internal";
  }
  return "internal";
}

}  // namespace s3mirror
