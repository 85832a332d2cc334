#!/usr/bin/env bash
# Builds postventa with ThreadSanitizer in build-tsan/ and runs the tests that
# use threads: the store's concurrent readers and writer (store_test), calendars
# shared by threads (time_test), the C ABI's thread-local errors (c_abi_test),
# and the ledger, whose whole-ledger queries split the units over threads
# (ledger_test, ledger_kpis_test, ledger_reliability_test). Any report fails.
# Not yet part of .ci/run (docs/hardening.md): it is a build of its own.
# Usage: scripts/tsan.sh [--no-bootstrap]
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

build="${POSTVENTA_ROOT}/build-tsan"
tests=(store_test time_test ledger_test ledger_kpis_test ledger_reliability_test c_abi_test)
section "ThreadSanitizer: build ${tests[*]} in ${build}"
cmake -S . -B "${build}" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPOSTVENTA_TSAN=ON \
  -DPOSTVENTA_BUILD_BENCHMARKS=OFF
cmake --build "${build}" -j "${POSTVENTA_JOBS}" --target "${tests[@]}"

section "ThreadSanitizer: run"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"
for test in "${tests[@]}"; do
  binary="$(find "${build}/tests" -type f -name "${test}" -perm -u+x | head -n 1)"
  [[ -n "${binary}" ]] || die "${test}: not built"
  echo "${test}"
  "${binary}" >"${build}/${test}.log" 2>&1 || { cat "${build}/${test}.log"; die "${test} failed under ThreadSanitizer"; }
done
section "ThreadSanitizer: no report"
