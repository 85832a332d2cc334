#!/usr/bin/env bash
# Builds postventa with clang, AddressSanitizer and UndefinedBehaviorSanitizer
# (and libFuzzer's coverage hooks) in build-sanitize/, runs the C++ and C tests
# (and the README's C and C++ snippets) under them, then each libFuzzer target
# of fuzz/ for a bounded time (scripts/fuzz.sh; 30 s a target, or
# POSTVENTA_FUZZ_SECONDS). Any report fails the run: the build uses
# -fno-sanitize-recover=all and the options below make the first error fatal.
# Usage: scripts/sanitize.sh [--no-bootstrap]
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

bootstrap=1
for arg in "$@"; do
  case "${arg}" in
    --no-bootstrap) bootstrap=0 ;;
    *) die "unknown argument '${arg}' (expected --no-bootstrap)" ;;
  esac
done

cd "${POSTVENTA_ROOT}"
if ((bootstrap)); then
  "${POSTVENTA_ROOT}/scripts/bootstrap.sh"
fi

build="${POSTVENTA_ROOT}/build-sanitize"
section "Sanitizers (ASan + UBSan, clang): configure and build in ${build}"
CC=clang CXX=clang++ cmake -S . -B "${build}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DPOSTVENTA_SANITIZE=ON -DPOSTVENTA_FUZZ=ON -DPOSTVENTA_BUILD_BENCHMARKS=OFF
cmake --build "${build}" -j "${POSTVENTA_JOBS}"

section "Sanitizers (ASan + UBSan): ctest"
export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:strict_string_checks=1:check_initialization_order=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
ctest --test-dir "${build}" --output-on-failure --no-tests=error -j "${POSTVENTA_JOBS}"

section "Sanitizers (ASan + UBSan): all tests passed"

"${POSTVENTA_ROOT}/scripts/fuzz.sh" --no-bootstrap --seconds "${POSTVENTA_FUZZ_SECONDS:-30}"
