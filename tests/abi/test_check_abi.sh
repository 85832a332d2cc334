#!/usr/bin/env bash
# Tests scripts/check_abi.sh (docs/abi.md) on deliberate changes, without a
# build: the "library" is the stored abidw baseline, or a doctored copy of it
# (a removed function, a grown struct, a changed parameter type), and the header
# a doctored copy of postventa.h. Each case says whether the check must pass or
# fail and what it must say. Needs abidiff (abigail-tools) and python3; takes a
# few seconds. Usage: tests/abi/test_check_abi.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
check="${root}/scripts/check_abi.sh"
header="${root}/include/postventa/postventa.h"
baseline="${root}/abi/libpostventa.abi"
signatures="${root}/abi/postventa_h.signatures"

work="$(mktemp -d "${TMPDIR:-/tmp}/postventa-abi-test.XXXXXX")"
trap 'rm -rf "${work}"' EXIT
cases=0
failures=0

# expect pass|fail TEXT ARGS...: runs check_abi.sh ARGS; it must exit 0 (pass)
# or 1 (fail) and print TEXT.
expect() {
  local want="$1" text="$2" name="case $((cases + 1))"
  shift 2
  cases=$((cases + 1))
  local status=0
  "${check}" "$@" >"${work}/out" 2>&1 || status=$?
  local ok=1
  if [[ "${want}" == pass ]] && ((status != 0)); then ok=0; fi
  if [[ "${want}" == fail ]] && ((status != 1)); then ok=0; fi
  grep -qF -- "${text}" "${work}/out" || ok=0
  if ((ok)); then
    echo "ok   ${name} (${want}): says '${text}'"
  else
    failures=$((failures + 1))
    echo "FAIL ${name}: expected to ${want} (got exit ${status}) and say '${text}'; args: $*"
    sed 's/^/     | /' "${work}/out"
  fi
}

# edited NAME OLD NEW: a copy of the header with OLD (which must occur exactly
# once) replaced by NEW; prints the copy's path.
edited() {
  python3 - "${header}" "${work}/$1.h" "$2" "$3" <<'EOF'
import sys
src, dst, old, new = sys.argv[1:]
text = open(src, encoding="utf-8").read()
if text.count(old) != 1:
    sys.exit(f"test_check_abi.sh: {old!r} occurs {text.count(old)} times in {src}, not once")
open(dst, "w", encoding="utf-8").write(text.replace(old, new))
EOF
  echo "${work}/$1.h"
}

# doctored NAME EDIT: a copy of the abidw baseline with one deliberate change.
doctored() {
  python3 - "${baseline}" "${work}/$1.abi" "$2" <<'EOF'
import re, sys
src, dst, edit = sys.argv[1:]
text = open(src, encoding="utf-8").read()

def block(pattern):
    m = re.search(pattern, text, re.S)
    if not m:
        sys.exit(f"test_check_abi.sh: {pattern!r} not found in {src}")
    return m

if edit == "remove-function":  # pv_laplace_trend leaves the library
    block(r"<function-decl name='pv_laplace_trend' ")
    text = re.sub(r"\n *<elf-symbol name='pv_laplace_trend' [^\n]*", "", text)
    text = re.sub(r"\n *<function-decl name='pv_laplace_trend' .*?</function-decl>", "", text,
                  flags=re.S)
elif edit == "grow-struct":  # pv_kpi_options gets an int32_t after its last field
    m = block(r"<class-decl name='pv_kpi_options' size-in-bits='(\d+)'(.*?)</class-decl>")
    size, body = int(m.group(1)), m.group(2)
    int32 = re.search(r"<var-decl name='by_product' type-id='([^']+)'", body).group(1)
    grown = (f"<class-decl name='pv_kpi_options' size-in-bits='{size + 64}'{body}"
             f"  <data-member access='public' layout-offset-in-bits='{size}'>\n"
             f"        <var-decl name='appended' type-id='{int32}' visibility='default'/>\n"
             "      </data-member>\n    </class-decl>")
    text = text[:m.start()] + grown + text[m.end():]
elif edit == "retype-parameter":  # pv_add_months(..., int64_t months)
    int64 = block(r"<typedef-decl name='int64_t' type-id='[^']+' id='([^']+)'").group(1)
    m = block(r"<function-decl name='pv_add_months' .*?</function-decl>")
    changed = re.sub(r"type-id='[^']+' name='months'", f"type-id='{int64}' name='months'",
                     m.group(0))
    text = text[:m.start()] + changed + text[m.end():]
elif edit == "aarch64":  # the same library built for another architecture
    block(r"architecture='elf-amd-x86_64'")
    text = text.replace("architecture='elf-amd-x86_64'", "architecture='elf-arm-aarch64'")
elif edit == "no-debug-info":  # what abidw gives for a library built without -g
    m = block(r"\n *<abi-instr .*</abi-instr>")
    text = text[:m.start()] + text[m.end():]
else:
    sys.exit(f"unknown edit {edit}")
open(dst, "w", encoding="utf-8").write(text)
EOF
  echo "${work}/$1.abi"
}

command -v abidiff >/dev/null ||
  { echo "abidiff not found: run scripts/bootstrap.sh --tests (abigail-tools)"; exit 1; }

echo "-- the stored baselines are what the generator gives"
cases=$((cases + 1))
if python3 "${root}/scripts/abi_signatures.py" print "${header}" | cmp -s - "${signatures}"; then
  echo "ok   case ${cases}: abi_signatures.py print reproduces ${signatures##*/}"
else
  failures=$((failures + 1))
  echo "FAIL case ${cases}: ${signatures##*/} is stale: run scripts/check_abi.sh --update"
fi
expect pass "OK: the library's ABI is the baseline's" "${baseline}"

echo "-- the header (step 1)"
expect fail "changed: function pv_add_months" \
  --header "$(edited int64-param 'pv_date start, int32_t months);' \
    'pv_date start, int64_t months);')" \
  "${baseline}"
expect fail "removed: function pv_laplace_trend" \
  --header "$(edited removed-function \
    'PV_EXPORT pv_status pv_laplace_trend(double* u, const double* times_between, size_t n);' '')" \
  "${baseline}"
expect fail "changed: typedef pv_date" \
  --header "$(edited typedef 'typedef int32_t pv_date;' 'typedef int64_t pv_date;')" "${baseline}"
expect fail "changed: define PV_EVENT_SOLD" \
  --header "$(edited define '#define PV_EVENT_SOLD 1' '#define PV_EVENT_SOLD 99')" "${baseline}"
expect fail "changed: struct pv_event[1]" \
  --header "$(edited inserted-field $'  uint32_t struct_size;\n  pv_event_type type;' \
    $'  uint32_t struct_size;\n  int32_t inserted;\n  pv_event_type type;')" "${baseline}"
expect fail "field appended to struct pv_score, which does not start with uint32_t struct_size" \
  --header "$(edited unversioned-growth $'  int64_t n;\n} pv_score;' \
    $'  int64_t n;\n  int64_t appended;\n} pv_score;')" "${baseline}"
expect fail "PV_VERSION_MAJOR is now 1" \
  --header "$(edited major '#define PV_VERSION_MAJOR 0' '#define PV_VERSION_MAJOR 1')" "${baseline}"
expect fail "a function declared without PV_EXPORT" \
  --header "$(edited no-export 'PV_EXPORT void pv_free(void* p);' 'void pv_free(void* p);')" \
  "${baseline}"
expect pass "the same 290 declarations" \
  --header "$(edited renamed-param 'pv_date start, int32_t months);' 'pv_date from, int32_t n);')" \
  "${baseline}"
expect pass "the same 290 declarations" \
  --header "$(edited minor '#define PV_VERSION_MINOR 1' '#define PV_VERSION_MINOR 2')" \
  "${baseline}"
closing=$'#ifdef __cplusplus\n} /* extern "C" */'
added=$'PV_EXPORT pv_status pv_example_added(int32_t* out);\n'
expect pass "compatible added: function pv_example_added: pv_status pv_example_added(int32_t*)" \
  --header "$(edited new-function "${closing}" "${added}${closing}")" "${baseline}"
expect pass "compatible appended to versioned struct pv_kpi_options: struct pv_kpi_options[3]" \
  --header "$(edited appended-field $'  const char* calendar;\n} pv_kpi_options;' \
    $'  const char* calendar;\n  int32_t appended;\n} pv_kpi_options;')" "${baseline}"

echo "-- the library (step 2, abidiff)"
removed="$(doctored removed remove-function)"
expect fail "FAIL: abidiff finds an incompatible change" "${removed}"
expect fail "[D] 'function pv_status pv_laplace_trend(double*, const double*, size_t)'" "${removed}"
mkdir -p "${work}/older"
cp "${removed}" "${work}/older/libpostventa.abi"
cp "${signatures}" "${work}/older/postventa_h.signatures"
expect pass "OK: only added functions" --baseline-dir "${work}/older" "${baseline}"
grown="$(doctored grown grow-struct)"
expect pass "OK: the changes above are the fields the header appends to versioned structs" \
  --header "${work}/appended-field.h" "${grown}"
expect fail "FAIL: abidiff finds changes to existing functions or types" "${grown}"
expect fail "FAIL: abidiff finds changes to existing functions or types" \
  "$(doctored retyped retype-parameter)"
expect fail "has no debug info" "$(doctored stripped no-debug-info)"
expect pass "the library was not compared" "$(doctored aarch64 aarch64)"

echo "-- --update writes baselines the check then accepts"
expect pass "wrote ${work}/fresh/libpostventa.abi" --update --baseline-dir "${work}/fresh" \
  --header "${work}/new-function.h" "${baseline}"
expect pass "the same 291 declarations" --baseline-dir "${work}/fresh" \
  --header "${work}/new-function.h" "${baseline}"

echo "${cases} cases, ${failures} failed"
((failures == 0))
