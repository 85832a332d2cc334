#!/usr/bin/env bash
# The main job: installs whatever is missing (scripts/bootstrap.sh), builds and
# installs the Python package into .venv, and runs `postventa demo`.
# Arguments are passed to `postventa demo` (see `./scripts/demo.sh --help`).
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

cd "${POSTVENTA_ROOT}"
# The setup's output goes to stderr so that stdout is the demo's alone.
{
  "${POSTVENTA_ROOT}/scripts/bootstrap.sh"
  install_python_package
  section "postventa demo"
} >&2

exec "${POSTVENTA_VENV}/bin/postventa" demo "$@"
