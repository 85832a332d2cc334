#!/usr/bin/env bash
# Runs every test of postventa, installing whatever is missing first:
#   1. bootstrap (Debian packages, .venv)
#   2. CMake build in build/ and CTest: the C++ tests, the C tests, the C and
#      C++ programs of the README and of docs/
#   3. packaging: programs that link postventa the three ways a user does:
#      find_package of a copy installed to a temporary prefix (C++ and C),
#      add_subdirectory of this tree, and pkg-config (C)
#   4. pip install . into .venv and pytest tests/python (the README's Python
#      snippets and the documentation's doctests included)
#   5. the documentation site (scripts/docs.sh: Doxygen and Sphinx, any warning
#      fails)
# With --sanitize it then also runs scripts/sanitize.sh (the C++ and C tests
# under AddressSanitizer and UndefinedBehaviorSanitizer).
# Any failure, and a suite that finds no tests, fails the script.
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

sanitize=0
for arg in "$@"; do
  case "${arg}" in
    --sanitize) sanitize=1 ;;
    -h | --help)
      sed -n '2,15s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
      exit 0
      ;;
    *) die "unknown argument '${arg}' (expected --sanitize)" ;;
  esac
done

cd "${POSTVENTA_ROOT}"
"${POSTVENTA_ROOT}/scripts/bootstrap.sh" --tests

echo "Tools: $(cmake --version | head -n 1); $(c++ --version | head -n 1); $("${POSTVENTA_PYTHON}" --version)"

build="${POSTVENTA_ROOT}/build"
section "C++ and C: configure and build in ${build}"
cmake -S . -B "${build}" -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "${build}" -j "${POSTVENTA_JOBS}"

section "C++ and C: ctest (C++ tests, C tests, the README's and the docs' programs)"
ctest --test-dir "${build}" --output-on-failure --no-tests=error -j "${POSTVENTA_JOBS}"

section "C ABI: the header and the library against abi/ (docs/abi.md)"
"${POSTVENTA_ROOT}/tests/abi/test_check_abi.sh"
"${POSTVENTA_ROOT}/scripts/check_abi.sh" "${build}/libpostventa.so"

section "Packaging: install, then find_package, add_subdirectory and pkg-config consumers"
"${POSTVENTA_ROOT}/scripts/test_consumers.sh" "${build}"

install_python_package

section "Python: pytest tests/python"
# pytest exits 5 when it collects no tests; like any non-zero exit, that fails.
# The C ABI library just built: the Python tests check that both faces give the
# same decision, byte for byte.
export POSTVENTA_C_LIBRARY="${build}/libpostventa.so"
status=0
"${POSTVENTA_PYTHON}" -m pytest tests/python || status=$?
if ((status == 5)); then
  die "pytest collected no tests in tests/python"
elif ((status != 0)); then
  die "pytest failed (exit ${status})"
fi

section "Documentation: the site, failing on any warning (scripts/docs.sh)"
"${POSTVENTA_ROOT}/scripts/docs.sh" --no-bootstrap --no-install

if ((sanitize)); then
  "${POSTVENTA_ROOT}/scripts/sanitize.sh" --no-bootstrap
fi

section "All tests passed"
