#!/usr/bin/env bash
# Builds postventa and every C++ and C test with ThreadSanitizer (clang) in
# build-tsan/ and runs them all with CTest: among them the store's concurrent
# readers and writer (store_test), calendars shared by threads (time_test), the
# C ABI's thread-local errors and a ledger shared by threads (c_abi_test, the
# threading page's program), and the ledger, whose whole-ledger queries split
# the units over threads. Any report fails (halt_on_error).
# Optimised at -O1 with line tables only: ThreadSanitizer's recommended level,
# and a build about twice as fast as -O2 -g, so that CI can afford it.
# Usage: scripts/tsan.sh [--no-bootstrap]
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

bootstrap=1
for arg in "$@"; do
  case "${arg}" in
    --no-bootstrap) bootstrap=0 ;;
    -h | --help)
      sed -n '2,10s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
      exit 0
      ;;
    *) die "unknown argument '${arg}' (expected --no-bootstrap)" ;;
  esac
done

cd "${POSTVENTA_ROOT}"
if ((bootstrap)); then
  # clang comes with the tests' packages.
  "${POSTVENTA_ROOT}/scripts/bootstrap.sh" --tests
fi

build="${POSTVENTA_ROOT}/build-tsan"
flags="-O1 -gline-tables-only -DNDEBUG"
section "ThreadSanitizer (clang): configure and build in ${build}"
CC=clang CXX=clang++ cmake -S . -B "${build}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_C_FLAGS_RELWITHDEBINFO=${flags}" "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=${flags}" \
  -DPOSTVENTA_TSAN=ON -DPOSTVENTA_BUILD_BENCHMARKS=OFF
cmake --build "${build}" -j "${POSTVENTA_JOBS}"

section "ThreadSanitizer: ctest"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"
# One test is left out: it builds 2 GiB of text on one thread, which takes
# 80 s and 6 GB under ThreadSanitizer and has nothing to race (AddressSanitizer
# runs it in scripts/sanitize.sh).
ctest --test-dir "${build}" --output-on-failure --no-tests=error -j "${POSTVENTA_JOBS}" \
  -E '^ArrowStreamTest\.StringsBeyondTwoGibibytesAreLargeUtf8$'
section "ThreadSanitizer: all tests passed, no report"
