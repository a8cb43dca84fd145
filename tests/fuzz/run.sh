#!/usr/bin/env bash
# Runs every fuzz target of a build made with -DS3MIRROR_FUZZ=ON for SECONDS each, starting from
# its seed corpus (tests/fuzz/corpus/<target>/, plus tests/testdata/xml/ for the XML parsers).
# New inputs go to BUILD_DIR/fuzz-corpus/<target>/ (kept between runs), crashes to
# BUILD_DIR/fuzz-artifacts/. Exits 1 when any target crashes, leaks, times out or runs out of memory.
# Usage: tests/fuzz/run.sh BUILD_DIR [SECONDS]   (default 45)
set -uo pipefail

build=${1:?usage: tests/fuzz/run.sh BUILD_DIR [SECONDS]}
seconds=${2:-45}
here="$(cd "$(dirname "$0")" && pwd)"
failed=()

for target in fuzz_s3_xml fuzz_ini fuzz_glob; do
  binary="$build/tests/fuzz/$target"
  [ -x "$binary" ] || { echo "fuzz: $binary is missing (build the 'fuzzers' target)" >&2; exit 1; }
  seeds=("$here/corpus/$target")
  [ "$target" = fuzz_s3_xml ] && seeds+=("$here/../testdata/xml")
  mkdir -p "$build/fuzz-corpus/$target" "$build/fuzz-artifacts"
  echo "fuzz: $target for ${seconds}s"
  if ! "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
         -print_final_stats=1 -artifact_prefix="$build/fuzz-artifacts/$target-" \
         "$build/fuzz-corpus/$target" "${seeds[@]}" 2>"$build/fuzz-$target.log"; then
    tail -n 60 "$build/fuzz-$target.log" >&2
    failed+=("$target")
  else
    grep -E "^stat::number_of_executed_units|^Done" "$build/fuzz-$target.log" || true
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]} (inputs in $build/fuzz-artifacts/)" >&2
  exit 1
fi
echo "fuzz: no crash"
