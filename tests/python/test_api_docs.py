"""The Python API reference cannot fall behind the package.

Every name of ``postventa.__all__``, and every public method, property and
field of its classes (the compiled ``Table`` included), must carry a real
docstring: the Sphinx page docs/api/python.md is generated from them
(autodoc), and ``help()`` shows them. And every name of ``__all__`` must be
documented by a directive of that page, so a new function cannot be left out
of the reference.

A field (a dataclass or named-tuple field, a class attribute) counts as
documented the way autodoc finds it: its own docstring, a ``#:`` comment above
it in the module the class says it comes from, or an entry of an
``Attributes:`` section of the class docstring.
"""

from __future__ import annotations

import ast
import builtins
import dataclasses
import importlib.util
import inspect
import re
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

import postventa

PAGE = Path(__file__).resolve().parents[2] / "docs" / "api" / "python.md"

# A docstring shorter than this many words says nothing ("Docs.", "TODO").
_MIN_WORDS = 3
# Docstrings Python or pybind11 write by themselves: not documentation.
_GENERATED = re.compile(r"^(Alias for field number \d+|Return self|Initialize self)\b")
# The signature line pybind11 puts first in a compiled function's docstring.
_PYBIND_SIGNATURE = re.compile(r"^\w+\(.*\)( -> .+)?$")


def _text(doc: str | None) -> str:
    """A docstring without pybind11's signature line."""
    if not doc:
        return ""
    lines = inspect.cleandoc(doc).splitlines()
    if lines and _PYBIND_SIGNATURE.match(lines[0]):
        lines = lines[1:]
    return "\n".join(lines).strip()


def _is_real(doc: str | None) -> bool:
    text = _text(doc)
    return len(text.split()) >= _MIN_WORDS and not _GENERATED.match(text)


@cache
def _comments(module_name: str) -> dict[tuple[str, str], str]:
    """``{(class qualname or "", attribute): text}`` of the ``#:`` comments and
    attribute docstrings in a module's source, as autodoc reads them."""
    spec = importlib.util.find_spec(module_name)
    if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
        return {}
    source = Path(spec.origin).read_text(encoding="utf-8")
    lines = source.splitlines()
    found: dict[tuple[str, str], str] = {}

    def visit(body: list[ast.stmt], scope: str) -> None:
        for i, node in enumerate(body):
            if isinstance(node, ast.ClassDef):
                visit(node.body, f"{scope}.{node.name}" if scope else node.name)
                continue
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names = [node.target.id]
            elif isinstance(node, ast.Assign):
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            else:
                continue
            comment: list[str] = []
            row = node.lineno - 2
            while row >= 0 and lines[row].strip().startswith("#:"):
                comment.insert(0, lines[row].strip()[2:].strip())
                row -= 1
            text = " ".join(comment)
            following = body[i + 1] if i + 1 < len(body) else None
            if (
                not text
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                text = following.value.value
            for name in names:
                if text:
                    found[(scope, name)] = text

    visit(ast.parse(source).body, "")
    return found


def _attributes_section(cls: type) -> set[str]:
    """The names an ``Attributes:`` section of the class docstring describes."""
    doc = inspect.cleandoc(cls.__doc__ or "")
    match = re.search(r"^Attributes:\n((?:[ \t]+.*\n?|\n)+)", doc, re.MULTILINE)
    if not match:
        return set()
    return set(re.findall(r"^    (\w+)\b[^\n]*:", match.group(1), re.MULTILINE))


def _defined_by_postventa(cls: type, name: str) -> bool:
    """Whether ``name`` of ``cls`` comes from a postventa class (not from object,
    tuple, Exception or pybind11's base)."""
    for klass in cls.__mro__:
        if name in vars(klass):
            module = getattr(klass, "__module__", "") or ""
            return module.startswith("postventa") and klass.__module__ != builtins.__name__
    return False


def _fields(cls: type) -> list[str]:
    if dataclasses.is_dataclass(cls):
        return [f.name for f in dataclasses.fields(cls)]
    return list(getattr(cls, "_fields", ()))


def _public_members(cls: type) -> list[str]:
    names = [n for n in dir(cls) if not n.startswith("_") and _defined_by_postventa(cls, n)]
    names += [n for n in _fields(cls) if n not in names]
    return names


def _member_problem(cls: type, name: str) -> str | None:
    """Why ``cls.name`` is not documented, or None."""
    raw = inspect.getattr_static(cls, name, None)
    if isinstance(raw, (staticmethod, classmethod)):
        raw = raw.__func__
    is_code = callable(raw) or isinstance(raw, property) or type(raw).__name__ == "property"
    own_doc = getattr(raw, "__doc__", None) if raw is not None else None
    if is_code:
        return None if _is_real(own_doc) else "no docstring"
    # A field or class attribute: its value's docstring is its type's, not its own,
    # except for descriptors that carry one (named-tuple fields).
    if type(raw).__name__ == "_tuplegetter" and _is_real(own_doc):
        return None
    if name in _attributes_section(cls):
        return None
    if (cls.__qualname__, name) in _comments(cls.__module__):
        return None
    return "no docstring, #: comment or Attributes: entry"


def _public_objects() -> list[tuple[str, object]]:
    objects: list[tuple[str, object]] = []
    for name in postventa.__all__:
        obj = getattr(postventa, name)
        objects.append((f"postventa.{name}", obj))
        if isinstance(obj, ModuleType):
            objects += [(f"postventa.{name}.{n}", getattr(obj, n)) for n in obj.__all__]
    return objects


def _undocumented() -> list[str]:
    problems: list[str] = []
    for path, obj in _public_objects():
        name = path.rsplit(".", 1)[1]
        if inspect.isclass(obj) or inspect.isroutine(obj) or isinstance(obj, ModuleType):
            if not _is_real(obj.__doc__):
                problems.append(f"{path}: no docstring")
        elif not _is_real(_data_comment(name)):
            problems.append(f"{path}: no #: comment where it is assigned")
        if inspect.isclass(obj):
            for member in _public_members(obj):
                problem = _member_problem(obj, member)
                if problem:
                    problems.append(f"{path}.{member}: {problem}")
    return problems


def _data_comment(name: str) -> str | None:
    """The ``#:`` comment of a module-level value of the package (postventa or the
    private module that defines it)."""
    package = Path(postventa.__file__).parent
    for module in ["postventa"] + [f"postventa.{p.stem}" for p in sorted(package.glob("_*.py"))]:
        text = _comments(module).get(("", name))
        if text:
            return text
    return None


def test_every_public_object_has_a_docstring() -> None:
    problems = _undocumented()
    assert not problems, "undocumented public API:\n" + "\n".join(problems)


# ---- The reference page -----------------------------------------------------------

# ".. autoclass:: postventa.Ledger" and the option lines that follow it.
_DIRECTIVE = re.compile(
    r"^\.\. (?:auto\w+|py:\w+):: (?:postventa\.)?([\w.]+)[^\n]*\n((?:   [^\n]*\n)*)",
    re.MULTILINE,
)


def _directives() -> dict[str, str]:
    """``{documented name: its options}`` of the page's directives."""
    text = PAGE.read_text(encoding="utf-8")
    return {match.group(1): match.group(2) for match in _DIRECTIVE.finditer(text)}


def test_every_name_is_in_the_reference() -> None:
    documented = _directives()
    missing = [name for name in postventa.__all__ if name not in documented]
    assert not missing, f"names of postventa.__all__ without a directive in {PAGE.name}: {missing}"


def test_explicit_member_lists_are_complete() -> None:
    # A class documented with ":members: a, b" (to keep an order) must list them all.
    problems = []
    for name, options in _directives().items():
        match = re.search(r":members:((?:[^\n]*\n)(?:      [^\n]*\n)*)", options)
        listed = set(re.findall(r"\w+", match.group(1))) if match else set()
        if not listed or name not in postventa.__all__:
            continue
        missing = [m for m in _public_members(getattr(postventa, name)) if m not in listed]
        if missing:
            problems.append(f"{name}: {missing}")
    assert not problems, f"members missing from :members: lists in {PAGE.name}: {problems}"


def test_the_root_causes_on_the_page_are_the_package_s() -> None:
    text = PAGE.read_text(encoding="utf-8")
    written = re.search(r"py:data:: ROOT_CAUSES\n(?:   .*\n|\n)*", text)
    assert written, "ROOT_CAUSES is not described on the page"
    values = tuple(re.findall(r'"(\w+)"', written.group(0)))
    assert values == postventa.ROOT_CAUSES


@pytest.mark.parametrize(
    "doc, real",
    [
        (None, False),
        ("Docs.", False),
        ("Alias for field number 0", False),
        ("to_pylist(self: postventa.Table) -> list\n", False),
        ("The number of rows.", True),
    ],
)
def test_what_counts_as_a_docstring(doc: str | None, real: bool) -> None:
    assert _is_real(doc) is real
