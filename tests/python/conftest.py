"""Shared fixtures of the Python tests.

The tests run against the *installed* package (``pip install .``), never the
source tree: ``python/`` is not on sys.path, so ``import postventa`` finds the
wheel's copy with its compiled ``_core``.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import postventa as pv
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

SPLIT_SHIFT = [["09:00", "14:00"], ["16:00", "19:00"]]
NINE_TO_FIVE = [["09:00", "17:00"]]

# Office hours in UTC, so that instants read as wall-clock times: Monday to Friday
# 09:00-17:00 (8 h a day, 40 h a week). 2025-12-08 is a Monday, 2025-12-25 a
# Thursday, 2025-01-01 a Wednesday.
OFFICE_UTC: dict[str, Any] = {
    "timezone": "UTC",
    "week": {
        "mon": NINE_TO_FIVE,
        "tue": NINE_TO_FIVE,
        "wed": NINE_TO_FIVE,
        "thu": NINE_TO_FIVE,
        "fri": NINE_TO_FIVE,
        "sat": [],
        "sun": [],
    },
    "holidays": ["annual:01-01", "annual:12-25", "2025-12-08"],
    "observed": "none",
}

# The SPEC's example shape (the same calendar as the C++ tests' kMadridJson):
# split shifts Monday to Thursday (09:00-14:00 and 16:00-19:00, 8 h), Friday
# 08:00-15:00 (7 h), 39 h a week, and the rule-based holidays of the Comunidad de
# Madrid (Holy Thursday = easter:-3, Good Friday = easter:-2). In 2025 those on
# weekdays are Wed 01-01, Mon 01-06, Thu 04-17, Fri 04-18, Thu 05-01, Fri 05-02,
# Fri 08-15, Mon 12-08, Thu 12-25 (10-12 is a Sunday, 11-01 and 12-06 Saturdays).
MADRID: dict[str, Any] = {
    "timezone": "Europe/Madrid",
    "week": {
        "mon": SPLIT_SHIFT,
        "tue": SPLIT_SHIFT,
        "wed": SPLIT_SHIFT,
        "thu": SPLIT_SHIFT,
        "fri": [["08:00", "15:00"]],
        "sat": [],
        "sun": [],
    },
    "holidays": [
        "annual:01-01",
        "annual:01-06",
        "easter:-3",
        "easter:-2",
        "annual:05-01",
        "annual:05-02",
        "annual:08-15",
        "annual:10-12",
        "annual:11-01",
        "annual:12-06",
        "annual:12-08",
        "annual:12-25",
    ],
    "observed": "none",
}


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The root of the repository (for files such as the C header)."""
    return REPO_ROOT


@pytest.fixture
def office_config() -> dict[str, Any]:
    """A fresh copy of the UTC office configuration, free to modify."""
    return copy.deepcopy(OFFICE_UTC)


@pytest.fixture
def madrid_config() -> dict[str, Any]:
    """A fresh copy of the Madrid configuration, free to modify."""
    return copy.deepcopy(MADRID)


# Calendars are immutable, so one of each serves the whole session.
@pytest.fixture(scope="session")
def office() -> pv.Calendar:
    return pv.Calendar(copy.deepcopy(OFFICE_UTC))


@pytest.fixture(scope="session")
def madrid() -> pv.Calendar:
    return pv.Calendar(copy.deepcopy(MADRID))
