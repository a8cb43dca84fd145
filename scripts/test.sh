#!/usr/bin/env bash
# The test command: installs the dependencies, builds s3mirror with warnings as errors in build/,
# runs every test (labels unit, integration, cli), then runs them all again with a build under
# AddressSanitizer and UndefinedBehaviorSanitizer in build-asan/, and last builds, installs,
# checks and removes the Debian package (scripts/check-package.sh; only as root or with sudo).
# Environment: JOBS (default 2) build and test parallelism.
set -euo pipefail

cd "$(dirname "$0")/.."
jobs=${JOBS:-2}

python=$(scripts/install-deps.sh | sed -n 's/^python: //p' | tail -n 1)
[ -n "$python" ] || { echo "test.sh: install-deps.sh named no python" >&2; exit 1; }

step() { printf '\n=== %s\n' "$*"; }
failed=()
failed_ctest_dirs=()

step "configure and build (build/, RelWithDebInfo, -Werror)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DS3MIRROR_WERROR=ON -DS3MIRROR_TESTS=ON \
      -DS3MIRROR_SANITIZE=OFF -DS3MIRROR_PYTHON="$python"
cmake --build build -j "$jobs"

step "all tests: unit, integration, cli"
(cd build && ctest --output-on-failure -j "$jobs" --timeout 900) \
  || { failed+=("ctest in build/"); failed_ctest_dirs+=(build); }

step "all tests again under ASan/UBSan (build-asan/: the unit tests and the instrumented binary)"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DS3MIRROR_WERROR=ON -DS3MIRROR_TESTS=ON \
      -DS3MIRROR_SANITIZE=ON -DS3MIRROR_PYTHON="$python"
cmake --build build-asan -j "$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
   ctest --output-on-failure -j "$jobs" --timeout 900) \
  || { failed+=("ctest in build-asan/"); failed_ctest_dirs+=(build-asan); }

# The parsers of what others wrote (S3 XML, INI files, globs) under libFuzzer for a bounded time:
# three targets, FUZZ_SECONDS (default 45) each; any crash fails the run (tests/fuzz/run.sh).
# Built with warnings as errors, the program too, so that clang's warnings in lib/ and cli/ (its
# -Wall has some that gcc 12's lacks, e.g. -Woverloaded-virtual) fail the run like gcc's.
step "fuzz the parsers (build-fuzz/: clang, libFuzzer, ASan/UBSan)"
if cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
         -DS3MIRROR_WERROR=ON -DS3MIRROR_TESTS=OFF -DS3MIRROR_FUZZ=ON \
   && cmake --build build-fuzz -j "$jobs" --target fuzzers s3mirror; then
  tests/fuzz/run.sh build-fuzz "${FUZZ_SECONDS:-45}" || failed+=("tests/fuzz/run.sh")
else
  failed+=("the fuzz build (build-fuzz/)")
fi

step "Debian package: build, install, check the installed files, remove (build-deb/)"
if [ "$(id -u)" -eq 0 ] || { command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; }; then
  scripts/check-package.sh || failed+=("scripts/check-package.sh")
else
  echo "test.sh: SKIPPED the package check: it installs a package and needs root or sudo without a password"
fi

# A failed test's output is far above the end of this log. Name the failed tests last, and run
# them once more, alone, so that their output ends the log and the run shows whether the failure
# repeats. The second try is for diagnosis only: the run stays failed.
for dir in "${failed_ctest_dirs[@]}"; do
  step "the tests that failed in $dir/, run again alone (diagnosis only; the run stays failed)"
  cat "$dir/Testing/Temporary/LastTestsFailed.log" 2>/dev/null || true
  (cd "$dir" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
     ctest --rerun-failed --output-on-failure -V --timeout 900) \
    && echo "test.sh: in $dir/ the failed tests passed on a second try" \
    || echo "test.sh: in $dir/ the failed tests failed again"
  printf 'test.sh: failed in %s/: %s\n' "$dir" \
    "$(tr '\n' ' ' < "$dir/Testing/Temporary/LastTestsFailed.log" 2>/dev/null)"
done

if [ ${#failed[@]} -gt 0 ]; then
  printf '\ntest.sh: FAILED: %s\n' "${failed[*]}" >&2
  exit 1
fi
printf '\ntest.sh: all tests passed\n'
