'use strict';
// In-memory buckets. Keys are latin1 strings holding the key's UTF-8 bytes, so that JavaScript
// string order is S3's byte order. Each bucket keeps its keys in a sorted array plus a batch of
// keys added since the last listing (merged in at the next listing), so a million PUTs cost
// O(n log n) in all rather than O(n) each. Deleted keys leave the Map at once and the sorted array
// at the next merge.

class Bucket {
  constructor(name) {
    this.name = name;
    this.objects = new Map();  // key -> {body, size, etag, lastModified, headers}
    this.sorted = [];
    this.pending = [];
    this.deletedSinceMerge = false;
    this.uploads = new Map();  // uploadId -> {key, headers, parts: Map(number -> part), initiated}
  }

  put(key, object) {
    if (!this.objects.has(key)) this.pending.push(key);
    this.objects.set(key, object);
  }

  delete(key) {
    if (this.objects.delete(key)) this.deletedSinceMerge = true;
  }

  // The sorted array of live keys.
  keys() {
    if (this.pending.length === 0 && !this.deletedSinceMerge) return this.sorted;
    const live =
        this.deletedSinceMerge ? this.sorted.filter((k) => this.objects.has(k)) : this.sorted;
    const added = this.pending.filter((k) => this.objects.has(k)).sort();
    const merged = new Array(live.length + added.length);
    let i = 0;
    let j = 0;
    let n = 0;
    while (i < live.length || j < added.length) {
      let next;
      if (j >= added.length || (i < live.length && live[i] <= added[j]))
        next = live[i++];
      else
        next = added[j++];
      if (n === 0 || merged[n - 1] !== next) merged[n++] = next;  // a key re-added after delete
    }
    merged.length = n;
    this.sorted = merged;
    this.pending = [];
    this.deletedSinceMerge = false;
    return this.sorted;
  }
}

// First index whose key is >= target.
function lowerBound(keys, target) {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < target)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

// The smallest string greater than every string that starts with `prefix`.
function afterPrefix(prefix) {
  return prefix + '\u0100';
}

// One page of a listing: keys under `prefix` greater than `after`, grouped by `delimiter`.
// Returns {contents: [key], prefixes: [commonPrefix], truncated, last} where `last` is the last key
// or common prefix returned (the position to continue after).
function listPage(bucket, {prefix, after, delimiter, maxKeys}) {
  const keys = bucket.keys();
  let i = lowerBound(keys, prefix);
  if (after && after >= prefix) {
    // Keys that start with a returned common prefix were already rolled up.
    const resume = delimiter && after.endsWith(delimiter) && after.startsWith(prefix) &&
            after.indexOf(delimiter, prefix.length) === after.length - delimiter.length ?
        afterPrefix(after) :
        after + '\0';
    i = Math.max(i, lowerBound(keys, resume));
  }
  const contents = [];
  const prefixes = [];
  let last = '';
  while (i < keys.length && keys[i].startsWith(prefix)) {
    if (contents.length + prefixes.length >= maxKeys)
      return {contents, prefixes, truncated: true, last};
    const key = keys[i];
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    if (cut >= 0) {
      last = key.slice(0, cut + delimiter.length);
      prefixes.push(last);
      i = lowerBound(keys, afterPrefix(last));
    } else {
      contents.push(key);
      last = key;
      i++;
    }
  }
  return {contents, prefixes, truncated: false, last};
}

module.exports = {
  Bucket,
  listPage,
  lowerBound
};
