"""The documentation's Python examples, run so they cannot rot.

Every page of docs/ (Markdown, MyST) is a session: its ```pycon blocks are
doctests (the ``>>>`` lines run and their printed output is compared) and its
```python blocks run as they are, in page order and in one namespace, so a
page can build on what an earlier block defined. Each page runs in a fresh
temporary directory. (tests/readme/ compiles and runs the ```c and ```cpp
blocks.)

The capability pages must each carry at least one worked example, so that
deleting them (or breaking the fence pattern) cannot leave nothing to run.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
# A fence at the start of a line, its language, the body and the closing fence.
_BLOCK = re.compile(r"^```(pycon|python)[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE

# The pages that must show the library at work in Python.
PAGES_WITH_EXAMPLES = [
    "getting-started/python.md",
    "concepts.md",
    "time.md",
    "warranty.md",
    "maintenance.md",
    "service.md",
    "followups.md",
    "satisfaction.md",
    "reliability.md",
    "kpis.md",
    "corrective.md",
]


def _pages() -> list[Path]:
    return sorted(page for page in DOCS.rglob("*.md") if _BLOCK.search(page.read_text(encoding="utf-8")))


def _page_id(page: Path) -> str:
    return page.relative_to(DOCS).as_posix()


def _blocks(page: Path) -> list[tuple[str, str, int]]:
    """(language, body, line of the body's first line) of each block, in page order."""
    text = page.read_text(encoding="utf-8")
    return [
        (match.group(1), match.group(2), text[: match.start(2)].count("\n") + 1)
        for match in _BLOCK.finditer(text)
    ]


def test_every_capability_page_has_a_python_example() -> None:
    missing = [name for name in PAGES_WITH_EXAMPLES if not (DOCS / name).is_file() or not _blocks(DOCS / name)]
    assert not missing, f"pages without a ```pycon or ```python example: {missing}"


def test_the_examples_have_doctests() -> None:
    examples = sum(
        len(doctest.DocTestParser().get_examples(body))
        for page in _pages()
        for language, body, _ in _blocks(page)
        if language == "pycon"
    )
    assert examples >= 40, f"only {examples} doctest examples in docs/"


@pytest.mark.parametrize("page", _pages(), ids=_page_id)
def test_page_examples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": f"__docs_{page.stem}__"}
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=_FLAGS)
    for language, body, line in _blocks(page):
        where = f"{_page_id(page)}:{line}"
        if language == "python":
            exec(compile(body, where, "exec"), namespace)
            continue
        # The doctest shares the page's namespace (not a copy): names defined
        # here are seen by the blocks that follow.
        test = parser.get_doctest(body, namespace, where, str(page), line - 1)
        test.globs = namespace
        results = runner.run(test, out=_collect(where), clear_globs=False)
        if results.failed:
            pytest.fail(f"{where}: {results.failed} of {results.attempted} examples failed:\n{_REPORT.pop(where)}")
        assert results.attempted > 0, f"{where}: a ```pycon block without >>> examples"


_REPORT: dict[str, str] = {}


def _collect(where: str):
    def write(text: str) -> None:
        _REPORT[where] = _REPORT.get(where, "") + text

    return write
