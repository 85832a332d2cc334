"""scripts/check_wheel.py: a wheel of postventa holds the Python package and
nothing else (docs/abi.md). Tested on fake wheels, zips made here."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "check_wheel.py"
WHEEL = "postventa-0.1.0-cp311-cp311-linux_x86_64.whl"
# What `pip wheel .` gives today: the package, its _core, the metadata.
GOOD = [
    "postventa/__init__.py",
    "postventa/_core.cpython-311-x86_64-linux-gnu.so",
    "postventa/_core.pyi",
    "postventa/py.typed",
    "postventa/cli.py",
    "postventa/calendars/__init__.py",
    "postventa/calendars/es-madrid.json",
    "postventa-0.1.0.dist-info/METADATA",
    "postventa-0.1.0.dist-info/WHEEL",
    "postventa-0.1.0.dist-info/entry_points.txt",
    "postventa-0.1.0.dist-info/RECORD",
]


def make_wheel(directory: Path, files: list[str], name: str = WHEEL) -> Path:
    path = directory / name
    with zipfile.ZipFile(path, "w") as wheel:
        for file in files:
            wheel.writestr(file, b"")
    return path


def check(*wheels: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, wheels)],
                          capture_output=True, text=True, check=False)


def test_the_package_and_its_metadata_pass(tmp_path: Path) -> None:
    result = check(make_wheel(tmp_path, GOOD))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{WHEEL}: OK, {len(GOOD)} files" in result.stdout


def test_a_script_in_data_scripts_passes(tmp_path: Path) -> None:
    result = check(make_wheel(tmp_path, [*GOOD, "postventa-0.1.0.data/scripts/postventa"]))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("extra", [
    "postventa-0.1.0.data/data/lib/libpostventa.so.0",  # the C library
    "postventa-0.1.0.data/headers/postventa.h",
    "include/postventa/postventa.h",
    "lib/cmake/postventa/postventaConfig.cmake",
    "bin/postventa",
    "tests/test_time.py",
    "postventa-0.2.0.dist-info/METADATA",  # another version's metadata
])
def test_anything_else_fails_and_is_named(tmp_path: Path, extra: str) -> None:
    result = check(make_wheel(tmp_path, [*GOOD, extra]))
    assert result.returncode == 1
    assert f"not part of the Python package: {extra}" in result.stdout


@pytest.mark.parametrize(("removed", "message"), [
    ("postventa/_core.cpython-311-x86_64-linux-gnu.so",
     "expected one compiled postventa/_core*.so, found 0"),
    ("postventa/__init__.py", "missing: postventa/__init__.py"),
    ("postventa-0.1.0.dist-info/RECORD", "missing: postventa-0.1.0.dist-info/RECORD"),
])
def test_a_wheel_without_the_package_fails(tmp_path: Path, removed: str, message: str) -> None:
    result = check(make_wheel(tmp_path, [f for f in GOOD if f != removed]))
    assert result.returncode == 1
    assert message in result.stdout


def test_two_core_modules_fail(tmp_path: Path) -> None:
    result = check(make_wheel(tmp_path, [*GOOD, "postventa/_core.cpython-312-x86_64-linux-gnu.so"]))
    assert result.returncode == 1
    assert "found 2" in result.stdout


def test_every_wheel_is_checked(tmp_path: Path) -> None:
    good = make_wheel(tmp_path, GOOD)
    bad = make_wheel(tmp_path, [*GOOD, "include/postventa/postventa.h"],
                     name="postventa-0.1.0-cp312-cp312-linux_x86_64.whl")
    result = check(good, bad)
    assert result.returncode == 1
    assert f"{WHEEL}: OK" in result.stdout
    assert "include/postventa/postventa.h" in result.stdout


def test_another_project_or_a_bad_name_fails(tmp_path: Path) -> None:
    assert check(make_wheel(tmp_path, GOOD, name="other-0.1.0-py3-none-any.whl")).returncode == 1
    assert check(make_wheel(tmp_path, GOOD, name="postventa.whl")).returncode == 1


def test_an_unreadable_wheel_is_an_error(tmp_path: Path) -> None:
    not_a_zip = tmp_path / WHEEL
    not_a_zip.write_text("not a zip")
    result = check(not_a_zip)
    assert result.returncode == 2
    assert "cannot read" in result.stderr
