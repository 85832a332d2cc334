# shellcheck shell=bash
# Shared by scripts/*.sh (sourced, not run): paths, section headers, and the
# step that builds and installs the Python package into the virtual environment.

POSTVENTA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
POSTVENTA_VENV="${POSTVENTA_ROOT}/.venv"
POSTVENTA_PYTHON="${POSTVENTA_VENV}/bin/python"
# Two cores is what a developer's machine and CI have; override with POSTVENTA_JOBS.
POSTVENTA_JOBS="${POSTVENTA_JOBS:-2}"

# The wall-clock time in each header shows where a CI run spends its minutes.
section() {
  printf '\n==== %s ==== (%s)\n' "$*" "$(date -u +%H:%M:%S)"
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
  section "Python package: pip wheel . (only the package, checked), installed into .venv"
  local dist="${POSTVENTA_ROOT}/dist"
  rm -rf "${dist}"
  "${POSTVENTA_PYTHON}" -m pip wheel --disable-pip-version-check --no-build-isolation --no-deps \
    -w "${dist}" "${POSTVENTA_ROOT}"
  local wheels=("${dist}"/postventa-*.whl)
  { ((${#wheels[@]} == 1)) && [[ -f "${wheels[0]}" ]]; } || die "expected one postventa wheel in ${dist}"
  "${POSTVENTA_PYTHON}" "${POSTVENTA_ROOT}/scripts/check_wheel.py" "${wheels[0]}"
  # --force-reinstall: pip skips a wheel whose version is already installed.
  # The cli extra's packages (matplotlib, tqdm, pandas) come with
  # requirements-dev.txt, which bootstrap.sh installs; pip checks they are there.
  "${POSTVENTA_PYTHON}" -m pip install --disable-pip-version-check --force-reinstall --no-deps \
    "${wheels[0]}"
  "${POSTVENTA_PYTHON}" -m pip check
}
