#!/usr/bin/env bash
# Builds the documentation site in build/docs/html (docs/building.md):
#   1. bootstrap (Doxygen, Graphviz; Sphinx, MyST, Breathe, Furo in .venv)
#   2. the Python package installed into .venv (the Python reference is read
#      from its docstrings); skipped with --no-install
#   3. Doxygen over include/postventa (docs/Doxyfile) into build/docs/doxygen
#   4. Sphinx (docs/conf.py) into build/docs/html
# Any warning of Doxygen or Sphinx (an undocumented public declaration, a broken
# reference, a page outside the table of contents) fails the script.
# Usage: scripts/docs.sh [--no-bootstrap] [--no-install]
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

bootstrap=1
install=1
for arg in "$@"; do
  case "${arg}" in
    --no-bootstrap) bootstrap=0 ;;
    --no-install) install=0 ;;
    -h | --help)
      sed -n '2,10s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
      exit 0
      ;;
    *) die "unknown argument '${arg}' (expected --no-bootstrap or --no-install)" ;;
  esac
done

cd "${POSTVENTA_ROOT}"
if ((bootstrap)); then
  "${POSTVENTA_ROOT}/scripts/bootstrap.sh" --docs
fi
if ((install)); then
  install_python_package
fi

out="${POSTVENTA_ROOT}/build/docs"
section "Documentation: Doxygen (C ABI and C++ headers) into ${out}/doxygen"
rm -rf "${out}/doxygen"
mkdir -p "${out}/doxygen"
status=0
POSTVENTA_DOXYGEN_OUT="${out}/doxygen" doxygen docs/Doxyfile || status=$?
if [[ -s "${out}/doxygen/warnings.log" ]]; then
  cat "${out}/doxygen/warnings.log" >&2
  die "Doxygen: $(wc -l <"${out}/doxygen/warnings.log") warnings (every public declaration must be documented)"
fi
((status == 0)) || die "Doxygen failed (exit ${status})"

section "Documentation: Sphinx into ${out}/html"
POSTVENTA_DOXYGEN_XML="${out}/doxygen/xml" "${POSTVENTA_VENV}/bin/sphinx-build" \
  -W --keep-going -q -b html -d "${out}/doctrees" docs "${out}/html"
section "Documentation: ${out}/html/index.html"
