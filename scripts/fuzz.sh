#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer in build-sanitize/ (the build scripts/sanitize.sh
# also runs the tests in), then runs each for a bounded time, and then the
# importer's target (fuzz/import_fuzz.py: libFuzzer for Python through atheris,
# over the package installed in .venv)
# starting from its seed corpus (fuzz/corpus/<target>, copied: the repository's
# corpus is not modified). A crash, a leak, a sanitizer report or a failed
# property stops the run with the input saved in build-sanitize/artifacts/; turn it
# into a regression test and add it to the corpus.
# Usage: scripts/fuzz.sh [--seconds N] [--no-bootstrap]   (default 30 s a target)
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

seconds=30
bootstrap=1
while (($#)); do
  case "$1" in
    --seconds) seconds="${2:?--seconds needs a number}"; shift ;;
    --no-bootstrap) bootstrap=0 ;;
    *) die "unknown argument '$1' (expected --seconds N or --no-bootstrap)" ;;
  esac
  shift
done

cd "${POSTVENTA_ROOT}"
if ((bootstrap)); then
  "${POSTVENTA_ROOT}/scripts/bootstrap.sh" --tests
fi

build="${POSTVENTA_ROOT}/build-sanitize"
section "Fuzzing: build the libFuzzer targets with clang in ${build}"
CC=clang CXX=clang++ cmake -S . -B "${build}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DPOSTVENTA_SANITIZE=ON -DPOSTVENTA_FUZZ=ON -DPOSTVENTA_BUILD_BENCHMARKS=OFF
cmake --build "${build}" -j "${POSTVENTA_JOBS}" --target config_fuzz event_ingest_fuzz

export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
mkdir -p "${build}/artifacts"
for target in config event_ingest; do
  section "Fuzzing: ${target}_fuzz for ${seconds} s"
  corpus="${build}/corpus/${target}"
  rm -rf "${corpus}"
  mkdir -p "${corpus}"
  cp "${POSTVENTA_ROOT}/fuzz/corpus/${target}/"* "${corpus}/"
  "${build}/fuzz/${target}_fuzz" -max_total_time="${seconds}" -max_len=8192 -timeout=20 \
    -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="${build}/artifacts/${target}-" \
    "${corpus}" ||
    die "${target}_fuzz failed: the input is in ${build}/artifacts/ (see above)"
done
# The importer is Python: atheris drives it with libFuzzer's engine and
# coverage of the instrumented postventa package.
if ! "${POSTVENTA_PYTHON}" -c 'import postventa, atheris' 2>/dev/null; then
  install_python_package
fi
section "Fuzzing: import_fuzz.py (CSV and JSON Lines importer) for ${seconds} s"
corpus="${build}/corpus/import"
rm -rf "${corpus}"
mkdir -p "${corpus}"
cp "${POSTVENTA_ROOT}/fuzz/corpus/import/"* "${corpus}/"
"${POSTVENTA_PYTHON}" "${POSTVENTA_ROOT}/fuzz/import_fuzz.py" -max_total_time="${seconds}" \
  -max_len=4096 -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
  -artifact_prefix="${build}/artifacts/import-" "${corpus}" 2> >(grep -v '^INFO: Instrumenting' >&2) ||
  die "import_fuzz.py failed: the input is in ${build}/artifacts/ (see above)"
section "Fuzzing: no crash in ${seconds} s a target"
