"""Business calendars that ship with postventa, as configuration dicts::

    import postventa as pv
    madrid = pv.Calendar(pv.calendars.load("es-madrid"))
    pv.calendars.names()        # ["es-madrid"]

``load`` returns a new dict each time: change it freely (add a company's own
closing days to ``"holidays"``, say) before building a :class:`postventa.Calendar`.

Shipped calendars (each a JSON file beside this module; the values follow the
published rules of the region: check them before relying on them):

``es-madrid``
    An office in the city of Madrid, Europe/Madrid time. Monday to Thursday
    09:00-14:00 and 16:00-19:00 (split shift, 8 h), Friday 08:00-15:00 (7 h):
    39 h a week. 14 holidays a year: the national ones (01-01, 01-06, Good
    Friday, 05-01, 08-15, 10-12, 11-01, 12-06, 12-08, 12-25), the Comunidad de
    Madrid's (Holy Thursday and 05-02) and the city's (San Isidro 05-15, La
    Almudena 11-09). Holidays on a Sunday are not moved (``"observed": "none"``).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from .._errors import NotFoundError

__all__ = ["load", "names"]


def names() -> list[str]:
    """The names of the shipped calendars.

    Returns:
        list[str]: the names, sorted (``["es-madrid"]``).
    """
    return sorted(
        entry.name[: -len(".json")]
        for entry in resources.files(__name__).iterdir()
        if entry.name.endswith(".json")
    )


def load(name: str) -> dict[str, Any]:
    """The configuration of the shipped calendar ``name`` (see :func:`names`), as a
    new dict ready for :class:`postventa.Calendar`.

    Args:
        name: one of :func:`names`.

    Returns:
        dict: the configuration, a new dict at each call.

    Raises:
        NotFoundError: ``name`` is not a shipped calendar.
    """
    if not isinstance(name, str):
        raise TypeError(f"name: expected a str, got {type(name).__qualname__}")
    available = names()
    if name not in available:
        raise NotFoundError(
            f'calendar "{name}" is not shipped with postventa ' f"(shipped: {', '.join(available)})"
        )
    text = resources.files(__name__).joinpath(f"{name}.json").read_text(encoding="utf-8")
    config: dict[str, Any] = json.loads(text)
    return config
