#!/usr/bin/env bash
# Installs what postventa's build, tests and demo need on Debian 12, and nothing
# that is already there:
#   1. Debian packages (compilers, CMake, the C++ dependencies, Python), checked
#      one by one with dpkg-query; apt-get runs only when one is missing.
#   2. A virtual environment at .venv with the Python build and test requirements
#      (scripts/requirements-dev.txt); pip runs only when they are not satisfied.
# With --tests it also installs what only the tests need (TEST_PACKAGES:
# Debian's chromium, which renders the HTML report headless), and with --docs
# what the documentation build needs (DOCS_PACKAGES: Doxygen and Graphviz);
# --tests implies --docs, since the tests build the documentation.
# Run as root, or as a user who may use sudo. A second run does nothing and
# takes about a second.
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# The tests' own packages: chromium opens the HTML report headless and takes a
# screenshot (tests/python/test_report.py); fonts-dejavu-core gives it fonts;
# abigail-tools: abidw and abidiff for scripts/check_abi.sh (docs/abi.md);
# clang and libclang-rt-14-dev: the sanitizer build with the libFuzzer
# targets (scripts/sanitize.sh).
TEST_PACKAGES=(chromium fonts-dejavu-core abigail-tools clang libclang-rt-14-dev)
# doxygen: the C and C++ API reference (docs/Doxyfile); graphviz: the diagrams
# of the documentation (sphinx.ext.graphviz runs dot).
DOCS_PACKAGES=(doxygen graphviz)
# libgmock-dev: the tests use GoogleMock's matchers (HasSubstr).
# tzdata: Abseil and Python's zoneinfo read the IANA zones from /usr/share/zoneinfo.
# python3-venv: Debian's python3 cannot create a venv (no ensurepip) without it.
# ca-certificates: HTTPS to PyPI.
DEBIAN_PACKAGES=(
  build-essential cmake pkg-config git binutils
  libabsl-dev libboost-date-time-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev libsqlite3-dev
  tzdata ca-certificates
  python3 python3-dev python3-venv python3-pip
)

for arg in "$@"; do
  case "${arg}" in
    --tests) DEBIAN_PACKAGES+=("${TEST_PACKAGES[@]}" "${DOCS_PACKAGES[@]}") ;;
    --docs) DEBIAN_PACKAGES+=("${DOCS_PACKAGES[@]}") ;;
    *) die "unknown argument '${arg}' (expected --tests or --docs)" ;;
  esac
done

install_debian_packages() {
  if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
    die "dpkg-query and apt-get not found: this script supports Debian 12 (bookworm).
On another system install the equivalents of: ${DEBIAN_PACKAGES[*]}"
  fi

  local missing=() package status
  for package in "${DEBIAN_PACKAGES[@]}"; do
    # db:Status-Status is "installed" only for a fully installed package (a removed
    # package whose configuration files remain also has a dpkg entry).
    status="$(dpkg-query -W -f='${db:Status-Status}' "${package}" 2>/dev/null || true)"
    [[ "${status}" == installed ]] || missing+=("${package}")
  done
  if ((${#missing[@]} == 0)); then
    echo "Debian packages: all ${#DEBIAN_PACKAGES[@]} installed"
    return
  fi

  echo "Debian packages missing: ${missing[*]}"
  local by_hand="As root, run: apt-get update && apt-get install -y ${missing[*]}"
  local as_root=()
  if [[ "$(id -u)" != 0 ]]; then
    command -v sudo >/dev/null || die "not root, and sudo is not installed. ${by_hand}"
    # With no terminal (CI), sudo must fail at once rather than wait for a
    # password nobody can type.
    if [[ -t 0 ]]; then as_root=(sudo); else as_root=(sudo -n); fi
    echo "Not root: installing through ${as_root[*]}"
  fi
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update ||
    die "apt-get update failed (see above). ${by_hand}"
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${missing[@]}" ||
    die "apt-get install failed (see above). ${by_hand}"
}

create_venv() {
  if [[ -x "${POSTVENTA_PYTHON}" ]] && "${POSTVENTA_PYTHON}" -c 'import sys' 2>/dev/null &&
     "${POSTVENTA_PYTHON}" -m pip --version >/dev/null 2>&1; then
    echo "Virtual environment: ${POSTVENTA_VENV} ($("${POSTVENTA_PYTHON}" --version))"
    return
  fi
  # A venv whose interpreter is gone or that has no pip (an interrupted run) is
  # made again rather than patched.
  rm -rf "${POSTVENTA_VENV}"
  echo "Virtual environment: creating ${POSTVENTA_VENV} with $(command -v python3)"
  python3 -m venv "${POSTVENTA_VENV}" ||
    die "python3 -m venv failed; on Debian it needs the python3-venv package"
}

install_python_requirements() {
  local requirements="${POSTVENTA_ROOT}/scripts/requirements-dev.txt"
  local stamp="${POSTVENTA_VENV}/.postventa-requirements"
  # The stamp holds the requirements the venv was last satisfied with; the import
  # check catches a venv someone changed by hand since.
  if cmp -s "${requirements}" "${stamp}" &&
     "${POSTVENTA_PYTHON}" -c 'import scikit_build_core, pybind11, numpy, pytest, pandas' 2>/dev/null; then
    echo "Python requirements: satisfied"
    return
  fi
  echo "Python requirements: installing into ${POSTVENTA_VENV}"
  "${POSTVENTA_PYTHON}" -m pip install --disable-pip-version-check -r "${requirements}"
  cp "${requirements}" "${stamp}"
}

section "Bootstrap: Debian packages and the Python virtual environment"
install_debian_packages
create_venv
install_python_requirements
