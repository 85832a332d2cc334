#!/usr/bin/env python3
"""Checks that a wheel of postventa holds the Python package and nothing else.

    check_wheel.py WHEEL...

Every file must be under `postventa/` (the package, with its compiled _core
module) or `postventa-<version>.dist-info/` (the metadata; the `postventa`
command is an entry point in entry_points.txt, not a file). A script that
scikit-build-core installs to `postventa-<version>.data/scripts/` is allowed
too; headers, the C library, CMake files or anything else are not: the C ABI
and the C++ library are installed by CMake, never by pip. The package must be
there: postventa/__init__.py, exactly one compiled postventa/_core*.so, and
the dist-info's METADATA, WHEEL and RECORD.

Exit 0 when every wheel passes, 1 when one does not (each offending file is
named), 2 when a wheel cannot be read.
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

# PEP 427: {distribution}-{version}(-{build tag})?-{python tag}-{abi tag}-{platform tag}.whl
WHEEL_NAME = re.compile(
    r"^(?P<name>[^-]+)-(?P<version>[^-]+)(-[0-9][^-]*)?-[^-]+-[^-]+-[^-]+\.whl$")
PACKAGE = "postventa"


def wheel_files(path: Path) -> list[str]:
    """The files (not directories) a wheel holds."""
    with zipfile.ZipFile(path) as wheel:
        return [n for n in wheel.namelist() if not n.endswith("/")]


def wheel_problems(path: Path) -> list[str]:
    """What is wrong with the wheel at `path` (nothing: an empty list)."""
    m = WHEEL_NAME.match(path.name)
    if not m:
        return [f"{path.name} is not a wheel file name (PEP 427)"]
    name, version = m.group("name"), m.group("version")
    if name != PACKAGE:
        return [f"{path.name} is a wheel of '{name}', not of '{PACKAGE}'"]
    dist_info = f"{name}-{version}.dist-info/"
    scripts = f"{name}-{version}.data/scripts/"
    files = wheel_files(path)

    problems = [f"not part of the Python package: {f}" for f in files
                if not f.startswith((f"{PACKAGE}/", dist_info, scripts))]
    present = set(files)
    for required in (f"{PACKAGE}/__init__.py", f"{dist_info}METADATA", f"{dist_info}WHEEL",
                     f"{dist_info}RECORD"):
        if required not in present:
            problems.append(f"missing: {required}")
    cores = [f for f in files if re.fullmatch(rf"{PACKAGE}/_core\.[^/]*\.so", f)]
    if len(cores) != 1:
        problems.append(f"expected one compiled {PACKAGE}/_core*.so, found {len(cores)}: "
                        f"{', '.join(cores) or 'none'}")
    return problems


def main(argv: list[str]) -> int:
    if not argv or any(a.startswith("-") for a in argv):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    failed = False
    for arg in argv:
        path = Path(arg)
        try:
            problems = wheel_problems(path)
            count = len(wheel_files(path))
        except (OSError, zipfile.BadZipFile) as error:
            print(f"error: cannot read {path}: {error}", file=sys.stderr)
            return 2
        if problems:
            failed = True
            print(f"{path.name}: holds more (or less) than the Python package:")
            for problem in problems:
                print(f"  {problem}")
        else:
            print(f"{path.name}: OK, {count} files, only the {PACKAGE} package and its metadata")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
