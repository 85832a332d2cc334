"""The type stub of the compiled module, python/postventa/_core.pyi, against the
module itself: mypy's stubtest imports postventa._core and fails on a function,
method, parameter or default the stub has and the module has not, or the other
way round. (The wrappers in postventa/*.py carry their own annotations.) The
allowlist names the few reports that are pybind11's, not the API's."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import postventa._core

ALLOWLIST = Path(__file__).with_name("stubtest_allowlist.txt")


def _stubtest(*extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "postventa._core", "--allowlist", str(ALLOWLIST), *extra],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_stub_matches_the_compiled_module() -> None:
    result = _stubtest()
    assert result.returncode == 0, result.stdout + result.stderr


def test_stubtest_reads_the_installed_stub() -> None:
    # The stub stubtest checks is the one installed next to the module: the
    # wheel must carry it (py.typed too), or the check above would be empty.
    here = Path(postventa._core.__file__).parent
    assert (here / "_core.pyi").is_file()
    assert (here / "py.typed").is_file()
    assert "class Ledger" in (here / "_core.pyi").read_text(encoding="utf-8")


# stubtest cannot read the signatures of pybind11 functions (they have no
# __text_signature__), so it checks names only. pybind11 writes each signature
# as the first line of the docstring ("kpis(self: ..., start: object, ...) -> object"):
# the stub's parameter names, in order, must be those.


def _split_top_level(text: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    if current.strip():
        parts.append(current)
    return [p.strip() for p in parts]


def _runtime_parameters(obj: object, name: str) -> list[list[str]]:
    """The parameter names of each overload of a pybind11 function."""
    doc = getattr(obj, "__doc__", None) or ""
    signatures = re.findall(rf"^(?:\d+\. )?{re.escape(name)}\((.*)\) -> ", doc, re.MULTILINE)
    out = []
    for signature in signatures:
        names = [p.split(":")[0].split("=")[0].strip() for p in _split_top_level(signature)]
        out.append([n for n in names if n not in ("self", "*", "/")])
    return out


def _stub_functions() -> dict[str, list[str]]:
    """Qualified name -> parameter names (self left out) of every def in the stub."""
    stub = Path(postventa._core.__file__).with_name("_core.pyi")
    tree = ast.parse(stub.read_text(encoding="utf-8"))
    found: dict[str, list[str]] = {}

    def params(node: ast.FunctionDef) -> list[str]:
        a = node.args
        names = [x.arg for x in a.posonlyargs + a.args + a.kwonlyargs]
        if a.vararg:
            names.append("*" + a.vararg.arg)
        if a.kwarg:
            names.append("**" + a.kwarg.arg)
        return [n for n in names if n not in ("self", "cls")]

    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            found[node.name] = params(node)
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and not item.name.startswith("__"):
                    found[f"{node.name}.{item.name}"] = params(item)
    return found


def test_stub_parameters_are_the_bindings_parameters() -> None:
    checked, wrong = 0, []
    for qualified, stub_params in _stub_functions().items():
        owner: object = postventa._core
        for part in qualified.split("."):
            owner = getattr(owner, part)
        name = qualified.split(".")[-1]
        overloads = _runtime_parameters(owner, name)
        if not overloads:
            continue  # not a pybind11 function (e.g. a property)
        checked += 1
        if stub_params not in overloads:
            wrong.append(f"{qualified}: stub ({', '.join(stub_params)}), module {overloads}")
    assert not wrong, "\n".join(wrong)
    assert checked >= 40, f"only {checked} functions compared"
