#!/usr/bin/env bash
# Checks that the C ABI is still compatible with its stored baseline (docs/abi.md):
#   1. the header: the declarations of include/postventa/postventa.h, one a line
#      (scripts/abi_signatures.py), against abi/postventa_h.signatures. A removed
#      or changed line fails; an added one (a new function, a field appended to a
#      versioned struct) passes with a note to refresh the baseline.
#   2. the library: abidiff of abi/libpostventa.abi against abidw of the built
#      library. A removed function (ABIDIFF_ABI_INCOMPATIBLE_CHANGE) fails; added
#      functions pass with a note; any other change (a type's size or members)
#      passes only when step 1 found it to be fields appended to versioned
#      structs, and fails otherwise.
# Usage: scripts/check_abi.sh [--update] [--header FILE] [--baseline-dir DIR] [LIBRARY]
#   LIBRARY         libpostventa.so built with debug info (-g: RelWithDebInfo, as
#                   scripts/test.sh builds it; default build/libpostventa.so), or
#                   an abidw XML file of one.
#   --update        rewrites both baselines from the header and the library: run
#                   it after a reviewed, intended change, and commit abi/.
#   --header FILE   the header to check (default include/postventa/postventa.h).
#   --baseline-dir DIR  where the baselines are (default abi/).
# Needs abidw and abidiff (Debian's abigail-tools: scripts/bootstrap.sh --tests
# installs it) and python3; installs nothing itself.
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

update=0
header="${POSTVENTA_ROOT}/include/postventa/postventa.h"
baseline_dir="${POSTVENTA_ROOT}/abi"
library="${POSTVENTA_ROOT}/build/libpostventa.so"
while (($#)); do
  case "$1" in
    --update) update=1 ;;
    --header) header="${2:?--header needs a file}"; shift ;;
    --baseline-dir) baseline_dir="${2:?--baseline-dir needs a directory}"; shift ;;
    -h | --help)
      sed -n '2,21s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
      exit 0
      ;;
    -*) die "unknown argument '$1' (see --help)" ;;
    *) library="$1" ;;
  esac
  shift
done

signatures="${baseline_dir}/postventa_h.signatures"
baseline_abi="${baseline_dir}/libpostventa.abi"
signatures_tool="${POSTVENTA_ROOT}/scripts/abi_signatures.py"
[[ -f "${header}" ]] || die "no header at ${header}"
[[ -e "${library}" ]] ||
  die "no library at ${library}: build it first (scripts/test.sh builds build/libpostventa.so)"
for tool in abidw abidiff python3; do
  command -v "${tool}" >/dev/null ||
    die "${tool} not found: run scripts/bootstrap.sh --tests (it installs Debian's abigail-tools)"
done

work="$(mktemp -d "${TMPDIR:-/tmp}/postventa-abi.XXXXXX")"
trap 'rm -rf "${work}"' EXIT

# The ABI of the library's exported pv_ functions and of the types they reach,
# as defined in the public headers. Nothing in it depends on where the library
# was built: no corpus or compilation directory, no source locations, source
# files by base name only, no DT_NEEDED (Abseil's version is not our ABI).
ABIDW_OPTIONS=(
  --headers-dir "${POSTVENTA_ROOT}/include/postventa"
  --drop-private-types --exported-interfaces-only
  --no-corpus-path --no-comp-dir-path --no-show-locs --short-locs --no-elf-needed
)
fresh_abi="${work}/libpostventa.abi"
case "${library}" in
  *.abi | *.xml) cp "${library}" "${fresh_abi}" ;;
  *) abidw "${ABIDW_OPTIONS[@]}" --out-file "${fresh_abi}" "${library}" ||
       die "abidw failed on ${library}" ;;
esac
# Without DWARF abidw sees only symbol names, and abidiff would miss every type
# change: refuse rather than pass.
grep -q '<function-decl ' "${fresh_abi}" ||
  die "${library} has no debug info: abidw found symbols but no types. Build with -g
(cmake -DCMAKE_BUILD_TYPE=RelWithDebInfo, as scripts/test.sh does) and run again."

if ((update)); then
  section "ABI: refreshing the baselines in ${baseline_dir}"
  mkdir -p "${baseline_dir}"
  python3 "${signatures_tool}" print "${header}" >"${work}/signatures" ||
    die "could not list the declarations of ${header}"
  cp "${work}/signatures" "${signatures}"
  cp "${fresh_abi}" "${baseline_abi}"
  echo "wrote ${signatures} ($(grep -cv '^#' "${signatures}") declarations)"
  echo "wrote ${baseline_abi} ($(grep -c '<elf-symbol ' "${baseline_abi}") functions)"
  echo "Review the change (git diff -- abi/) and commit it with the change it accepts."
  exit 0
fi

[[ -f "${signatures}" && -f "${baseline_abi}" ]] ||
  die "no baseline in ${baseline_dir}: create it with scripts/check_abi.sh --update LIBRARY"

failed=0
section "ABI 1/2: ${header##*/} against ${signatures##*/}"
header_status=0
python3 "${signatures_tool}" check "${signatures}" "${header}" | tee "${work}/header.log" ||
  header_status=$?
if ((header_status == 2)); then
  die "could not list the declarations of ${header} (see above)"
elif ((header_status != 0)); then
  echo "FAIL: the header changes the ABI incompatibly (docs/abi.md says what may change)"
  failed=1
fi
# Fields appended to versioned structs: abidiff reports them as type changes.
appended_fields=0
grep -q '^  compatible appended to versioned struct' "${work}/header.log" && appended_fields=1

section "ABI 2/2: abidiff ${baseline_abi##*/} ${library##*/}"
architecture() { grep -o -m 1 "architecture='[^']*'" "$1" || true; }
compared=1
if [[ "$(architecture "${baseline_abi}")" != "$(architecture "${fresh_abi}")" ]]; then
  # Type sizes differ between architectures: the baseline is x86-64's.
  echo "skipped: the baseline is for $(architecture "${baseline_abi}"), the library for" \
    "$(architecture "${fresh_abi}")"
  compared=0
else
  # abidiff's exit status is a bit field: 1 error, 2 usage error, 4 ABI change,
  # 8 incompatible ABI change (today: a removed function or variable).
  abidiff_status=0
  abidiff "${baseline_abi}" "${fresh_abi}" >"${work}/abidiff.log" 2>&1 || abidiff_status=$?
  cat "${work}/abidiff.log"
  if ((abidiff_status & 3)); then
    die "abidiff failed (exit ${abidiff_status}, see above)"
  elif ((abidiff_status & 8)); then
    echo "FAIL: abidiff finds an incompatible change (a removed function?) against the baseline"
    failed=1
  elif ((abidiff_status & 4)); then
    # Without the added functions, is anything left?
    others_status=0
    abidiff --no-added-syms "${baseline_abi}" "${fresh_abi}" >/dev/null 2>&1 || others_status=$?
    if ((others_status == 0)); then
      echo "OK: only added functions; note: refresh the baseline with scripts/check_abi.sh --update"
    elif ((appended_fields && header_status == 0)); then
      echo "OK: the changes above are the fields the header appends to versioned structs"
      echo "    (step 1); review them, then refresh the baseline with scripts/check_abi.sh --update"
    else
      echo "FAIL: abidiff finds changes to existing functions or types (above) that are not"
      echo "      fields appended to versioned structs in the header"
      failed=1
    fi
  else
    echo "OK: the library's ABI is the baseline's"
  fi
fi

if ((failed)); then
  echo
  echo "The C ABI is not compatible with abi/ (docs/abi.md). If the break is intended (a new"
  echo "major version), refresh the baselines with scripts/check_abi.sh --update and commit them."
  exit 1
fi
if ((compared)); then
  section "ABI: compatible with the baseline"
else
  section "ABI: the header is compatible with the baseline (the library was not compared)"
fi
