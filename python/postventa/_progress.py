"""Progress bars for the long steps of the ``postventa`` command (demo
generation, import, report), on standard error.

tqdm draws them (the ``cli`` extra installs it); without tqdm, or with
``POSTVENTA_PROGRESS=0``, a step runs silently. The bar is drawn only on a
terminal unless ``POSTVENTA_PROGRESS=1`` forces it (the tests use that).
"""

from __future__ import annotations

import os
import sys
from types import TracebackType
from typing import Any


class Progress:
    """``with Progress(total, "storing events", unit="event") as bar: bar.update(n)``."""

    def __init__(self, total: int | None, desc: str, unit: str = "it") -> None:
        self._bar: Any = None
        setting = os.environ.get("POSTVENTA_PROGRESS", "")
        if setting == "0" or (setting != "1" and not sys.stderr.isatty()):
            return
        try:
            from tqdm import tqdm
        except ImportError:  # the cli extra is not installed: no bar
            return
        self._bar = tqdm(total=total, desc=desc, unit=unit, unit_scale=True, file=sys.stderr,
                         leave=False, dynamic_ncols=True)  # fmt: skip

    def update(self, n: int = 1) -> None:
        if self._bar is not None:
            self._bar.update(n)

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.close()
