#include "sync/listing/list_ranges.h"

#include <algorithm>

#include "s3/etag.h"

namespace s3mirror::sync {

std::size_t KeysPerRange(std::size_t local_count, std::size_t slots) {
  const std::size_t ranges = std::max<std::size_t>(slots, 1) * kRangesPerSlot;
  return std::max(kListPageKeys, (local_count + ranges - 1) / ranges);
}

std::vector<KeyRange> SplitKeyRanges(const std::vector<LocalFile>& local, std::string_view prefix,
                                     std::size_t keys_per_range) {
  std::vector<KeyRange> ranges(1);
  // Split after file keys_per_range-1, 2*keys_per_range-1, ...; a split at the last file would
  // only leave an empty tail range behind it.
  for (std::size_t i = keys_per_range - 1; i + 1 < local.size(); i += keys_per_range) {
    std::string split = std::string(prefix) + local[i].path;
    ranges.back().last = split;
    ranges.back().unbounded = false;
    ranges.back().local_end = i + 1;
    ranges.push_back(KeyRange{.start_after = std::move(split), .local_begin = i + 1});
  }
  ranges.back().local_end = local.size();
  return ranges;
}

PageTake TakePage(const KeyRange& range, std::string_view previous, s3::ListPage& page,
                  std::string_view prefix, DiffMerger& out) {
  PageTake take;
  take.range_done = !page.truncated;
  std::string_view before = previous;
  for (s3::ObjectInfo& object : page.objects) {
    if (object.key.compare(before) <= 0) {
      take.out_of_order = true;
      return take;
    }
    if (!range.unbounded && object.key.compare(range.last) > 0) {
      take.range_done = true;  // the rest of this page belongs to the next range
      break;
    }
    take.last_key = object.key;
    before = take.last_key;
    if (object.key.size() > prefix.size() && object.key.compare(0, prefix.size(), prefix) == 0) {
      out.Add(std::string_view(object.key).substr(prefix.size()), object.size,
              s3::Etag(object.etag));
    }
    object = s3::ObjectInfo{};
  }
  if (!range.unbounded && !take.last_key.empty() && take.last_key == range.last) {
    take.range_done = true;
  }
  return take;
}

}  // namespace s3mirror::sync
