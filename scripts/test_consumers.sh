#!/usr/bin/env bash
# Checks that a user can link postventa the three ways the README describes:
#   - find_package(postventa) against an installed copy: a C++ program linking
#     postventa::postventa and a C program linking postventa::c;
#   - add_subdirectory() of the source tree: the same two programs;
#   - pkg-config --cflags --libs postventa: the C program, built with cc alone.
# Usage: scripts/test_consumers.sh BUILD_DIR   (an already built build tree)
# Everything it makes goes to a temporary directory, removed at the end.
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

(($# == 1)) || die "usage: $0 BUILD_DIR"
build="$(cd "$1" && pwd)"
consumer="${POSTVENTA_ROOT}/tests/consumer"

work="$(mktemp -d "${TMPDIR:-/tmp}/postventa-consumers.XXXXXX")"
trap 'rm -rf "${work}"' EXIT
prefix="${work}/prefix"

echo "-- install ${build} to ${prefix}"
cmake --install "${build}" --prefix "${prefix}" >"${work}/install.log" ||
  { cat "${work}/install.log"; die "cmake --install failed"; }

# The consumer project registers its programs with CTest, so each way ends in a
# test run that fails on a wrong answer or on no tests at all.
run_consumer_project() {
  local name="$1"
  shift
  echo "-- ${name}: configure, build, ctest"
  cmake -S "${consumer}" -B "${work}/${name}" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" \
    >"${work}/${name}.log" || { cat "${work}/${name}.log"; die "${name}: configure failed"; }
  cmake --build "${work}/${name}" -j "${POSTVENTA_JOBS}" >>"${work}/${name}.log" 2>&1 ||
    { cat "${work}/${name}.log"; die "${name}: build failed"; }
  ctest --test-dir "${work}/${name}" --output-on-failure --no-tests=error
}

run_consumer_project find_package -DCMAKE_PREFIX_PATH="${prefix}"
run_consumer_project add_subdirectory -DPOSTVENTA_CONSUMER_USE_SUBDIRECTORY=ON \
  -DPOSTVENTA_SOURCE_DIR="${POSTVENTA_ROOT}"

echo "-- pkg-config: cc consumer.c \$(pkg-config --cflags --libs postventa)"
pc_file="$(find "${prefix}" -name postventa.pc -print -quit)"
[[ -n "${pc_file}" ]] || die "postventa.pc was not installed under ${prefix}"
PKG_CONFIG_PATH="$(dirname "${pc_file}")"
export PKG_CONFIG_PATH
flags="$(pkg-config --cflags --libs postventa)"
echo "   pkg-config says: ${flags}"
# shellcheck disable=SC2086  # the flags are meant to split into words
cc -std=c99 -Wall -Wextra -pedantic -Werror -o "${work}/consumer_pkg_config" \
  "${consumer}/consumer.c" ${flags}
libdir="$(pkg-config --variable=libdir postventa)"
LD_LIBRARY_PATH="${libdir}${LD_LIBRARY_PATH:+:${LD_LIBRARY_PATH}}" "${work}/consumer_pkg_config"
echo "-- consumers: all passed"
