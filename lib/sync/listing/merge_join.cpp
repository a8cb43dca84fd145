#include "sync/listing/merge_join.h"

#include <iterator>
#include <string_view>

namespace s3mirror::sync {

bool KeyLess(std::string_view a, std::string_view b) {
  // std::char_traits<char>::compare compares as unsigned char (memcmp), as S3 does for UTF-8.
  return a.compare(b) < 0;
}

DiffMerger::DiffMerger(const std::vector<LocalFile>& local, std::size_t begin, std::size_t end)
    : local_(local), next_(begin), end_(end) {}

void DiffMerger::Add(std::string_view key, std::uint64_t size, const s3::Etag& etag) {
  ++diff_.remote_count;
  int order = 1;  // local[next_] against `key`; past the slice's end: remote only
  while (next_ < end_ && (order = std::string_view(local_[next_].path).compare(key)) < 0) {
    diff_.uploads.push_back({.local_index = next_++, .reason = UploadReason::kMissing});
    order = 1;
  }
  if (order > 0) {
    diff_.remote_only.push_back(RemoteObject{.key = std::string(key), .size = size, .etag = etag});
  } else if (local_[next_].size != size) {
    diff_.uploads.push_back({.local_index = next_++, .reason = UploadReason::kSizeDiffers});
  } else {
    diff_.same_size.push_back({.local_index = next_++, .etag = etag});
  }
}

Diff DiffMerger::Finish() {
  while (next_ < end_) {
    diff_.uploads.push_back({.local_index = next_++, .reason = UploadReason::kMissing});
  }
  return std::move(diff_);
}

namespace {

template <typename T>
void AppendTo(std::vector<T>& head, std::vector<T>&& tail) {
  if (head.empty() && head.capacity() < tail.size()) {
    head = std::move(tail);
  } else {
    head.insert(head.end(), std::make_move_iterator(tail.begin()),
                std::make_move_iterator(tail.end()));
  }
  std::vector<T>().swap(tail);
}

}  // namespace

void AppendDiff(Diff& head, Diff&& tail) {
  AppendTo(head.uploads, std::move(tail.uploads));
  AppendTo(head.same_size, std::move(tail.same_size));
  AppendTo(head.remote_only, std::move(tail.remote_only));
  head.remote_count += tail.remote_count;
}

Diff DiffListings(const std::vector<LocalFile>& local, const std::vector<RemoteObject>& remote) {
  DiffMerger merger(local, 0, local.size());
  for (const RemoteObject& object : remote) merger.Add(object.key, object.size, object.etag);
  return merger.Finish();
}

}  // namespace s3mirror::sync
