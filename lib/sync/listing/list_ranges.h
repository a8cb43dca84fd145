// The pure half of the parallel listing (range_lister.h): how the key space under the prefix is cut
// into ranges, and how one ListObjectsV2 page is taken into its range.
//
// Split points are local keys (prefix + path), taken every `keys_per_range`-th from the scanner's
// sorted output, so that each range holds about that many keys when local and remote agree (the
// hourly no-change run). Range i holds the keys k with split[i-1] < k <= split[i]: the first range
// has no lower bound, the last no upper one, so remote keys before the first split point, between
// any two, and after the last are all in exactly one range. A range is listed with start-after =
// its lower bound, page after page, and stops at the first page that reaches its upper bound (that
// page is cut there) or is not truncated. Joined in range order, the ranges give exactly the
// serial listing. Each range also knows the slice of local files whose keys it holds, so its
// pages are merged against them as they arrive (differ.h's DiffMerger).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "s3/types.h"
#include "sync/listing/merge_join.h"
#include "sync/sync_types.h"

namespace s3mirror::sync {

inline constexpr std::size_t kListPageKeys = 1000;  // ListObjectsV2's maximum (and default)
// Ranges per request slot: enough that ranges of uneven remote density still keep every slot busy.
inline constexpr std::size_t kRangesPerSlot = 4;

// The full keys (prefix included) bounding a range: start_after < key <= last. Empty start_after:
// from the first key; unbounded: to the last.
struct KeyRange {
  std::string start_after{};
  std::string last{};
  bool unbounded = true;
  std::size_t local_begin = 0;  // the local files in the range: [local_begin, local_end)
  std::size_t local_end = 0;
};

// Keys per range for `local_count` local files and `slots` requests in flight:
//   max(kListPageKeys, ceil(local_count / (slots * kRangesPerSlot)))
// A range never holds less than one full page: a smaller one would cost more requests than it
// saves.
std::size_t KeysPerRange(std::size_t local_count, std::size_t slots);

// The ranges for `local` (sorted, as ScanLocal returns it): a split point after every
// `keys_per_range` files, none at the very end. Always at least one range; one when `local` has no
// more than `keys_per_range` files. Requires: keys_per_range > 0.
std::vector<KeyRange> SplitKeyRanges(const std::vector<LocalFile>& local, std::string_view prefix,
                                     std::size_t keys_per_range);

struct PageTake {
  bool range_done = false;  // nothing of this range is left to list
  // A key at or before the previous one (or the range's lower bound): the server does not list in
  // key order, so ranges cannot be trusted; the caller falls back to the serial listing.
  bool out_of_order = false;
  std::string last_key{};  // the last full key of the page (start-after of the next page)
};

// Merges the objects of `page` that lie in `range` into `out` (the range's merger), relative to
// `prefix` (the prefix itself and keys outside it are dropped, ETags normalised), releasing each
// ObjectInfo as it goes. `previous` is the last key taken in this range so far (or the range's
// start_after).
PageTake TakePage(const KeyRange& range, std::string_view previous, s3::ListPage& page,
                  std::string_view prefix, DiffMerger& out);

}  // namespace s3mirror::sync
