# shellcheck shell=bash
# Shared by scripts/*.sh (sourced, not run): paths, section headers, and the
# step that builds and installs the Python package into the virtual environment.

POSTVENTA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
POSTVENTA_VENV="${POSTVENTA_ROOT}/.venv"
POSTVENTA_PYTHON="${POSTVENTA_VENV}/bin/python"
# Two cores is what a developer's machine and CI have; override with POSTVENTA_JOBS.
POSTVENTA_JOBS="${POSTVENTA_JOBS:-2}"

section() {
  printf '\n==== %s ====\n' "$*"
}

die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# Builds the package from the working tree and installs it into .venv.
# --no-build-isolation: the venv already holds scikit-build-core and pybind11
# (scripts/bootstrap.sh puts them there), so pip needs no second download and
# works offline once bootstrapped. pyproject.toml keeps scikit-build-core's build
# directory (build/py/<wheel tag>), so a second install is incremental.
install_python_package() {
  section "Python package: pip install . into .venv"
  "${POSTVENTA_PYTHON}" -m pip install --disable-pip-version-check --no-build-isolation \
    "${POSTVENTA_ROOT}[cli]"
}
