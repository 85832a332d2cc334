"""The README's Python snippets, run so they cannot rot.

Every fenced block opened with ```python in README.md is executed on its own,
in a fresh namespace; its asserts are the test. (tests/readme/ compiles and
runs the C and C++ blocks.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"
# A fence at the start of a line, "```python", the body, and the closing fence.
_PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```\s*$", re.MULTILINE | re.DOTALL)


def _python_blocks() -> list[str]:
    return _PYTHON_BLOCK.findall(README.read_text(encoding="utf-8"))


def test_readme_has_python_blocks() -> None:
    # Without this, deleting the blocks (or breaking the pattern) would quietly
    # leave nothing to run.
    assert len(_python_blocks()) >= 1


@pytest.mark.parametrize(
    "block", _python_blocks(), ids=lambda block: f"line-{_line_of(block)}"
)
def test_readme_python_block_runs(block: str) -> None:
    code = compile(block, f"{README}:python-block-line-{_line_of(block)}", "exec")
    exec(code, {"__name__": "__readme__"})


def _line_of(block: str) -> int:
    """The README line on which the block's code starts (for test ids and tracebacks)."""
    text = README.read_text(encoding="utf-8")
    return text[: text.index(block)].count("\n") + 1
