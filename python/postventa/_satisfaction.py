"""Satisfaction scores (SPEC §7) from Python: ``pv.nps``, ``pv.csat``,
``pv.ces``, ``pv.servqual`` and their mergeable states.

Answers (``scores``) may be any sequence or numpy array. numpy arrays of any
integer dtype (int8..int64, uint8..uint64) or float64, one-dimensional,
C-contiguous and in native byte order, are read in place by the core (no copy)
with the GIL released. Anything else is converted with numpy once: a list or
tuple, another float dtype (cast to float64), and a strided view (one
contiguous copy). Floats must hold whole answers. bool, object and text arrays
are refused with ``TypeError``. An answer outside its scale raises
:class:`postventa.ValidationError` naming its 0-based position, e.g.
``scores[17]: 11 is outside the NPS scale 0-10``.

Grouped scoring (``by=``) accepts any group labels numpy or pandas can
factorize (ints, strings, a pandas Categorical or Series), one per answer. The
result is a :class:`postventa.Table` with the columns ``group``, ``value``,
``low``, ``high``, ``n`` and one row per group that has answers, in the sorted
order of the labels (as ``pandas.groupby(sort=True)``; a Categorical in the
order of its categories). The ``group`` column is typed by the labels (int64
for integers, string for text). A missing label (None, NaN) is a
``ValidationError``. Non-negative integer labels not much larger than the row
count are passed to the core as they are (one pass, no factorizing).

Mergeable states (SPEC §10): ``pv.nps_state(scores)`` (and ``csat_state``,
``ces_state``, ``servqual_state``) give small immutable, picklable states of
plain integers; ``a.merge(b)`` returns a new state, the sum of both, and
``state.score()`` the same :class:`Score` as scoring all the answers at once,
bit for bit.
"""

from __future__ import annotations

import dataclasses as _dataclasses
from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as _np

from . import _core
from ._core import Table
from ._errors import ValidationError

__all__ = [
    "SERVQUAL_DIMENSIONS",
    "CesState",
    "CsatState",
    "NpsState",
    "Score",
    "ServqualResult",
    "ServqualState",
    "ces",
    "ces_state",
    "csat",
    "csat_state",
    "nps",
    "nps_state",
    "servqual",
    "servqual_state",
]

#: z of a two-sided 95 % interval (SPEC §7).
Z95: float = _core.Z95

#: The SERVQUAL dimensions in SPEC order (items 1-4, 5-9, 10-13, 14-17, 18-22).
SERVQUAL_DIMENSIONS = ("tangibles", "reliability", "responsiveness", "assurance", "empathy")

# Integer labels up to this many times the row count (plus a constant) go to
# the core as group ids without factorizing: the per-group counts stay O(rows).
_DENSE_FACTOR = 2
_DENSE_SLACK = 1 << 16


class Score(NamedTuple):
    """A score with its 95 % interval, from :func:`nps`, :func:`csat`,
    :func:`ces` and the states' ``score()``. A named tuple ``(value, low, high,
    n)``. ``value``, ``low``, ``high`` are NaN when ``n == 0`` (and ``low``,
    ``high`` for a CES of one answer)."""

    #: The score (NPS in [-100, 100], CSAT in percent, CES the mean answer).
    value: float
    #: The lower bound of the interval.
    low: float
    #: The upper bound of the interval.
    high: float
    #: The number of answers scored.
    n: int


# ---- Reading arrays ------------------------------------------------------------


def _answers(values: Any, name: str) -> _np.ndarray:
    """A one-dimensional array the core reads in place; a copy only when needed."""
    array = _np.asarray(values)
    if array.dtype.kind == "f" and array.dtype != _np.float64:
        array = array.astype(_np.float64)
    elif array.dtype.kind not in "iuf":
        raise TypeError(
            f"{name}: expected numbers (an integer or float array or sequence), "
            f"got dtype {array.dtype}"
        )
    if not array.dtype.isnative:
        array = array.astype(array.dtype.newbyteorder("="))
    if array.ndim != 1:
        raise ValidationError(
            f"{name}: expected a one-dimensional array, got shape {tuple(array.shape)}"
        )
    return _np.ascontiguousarray(array)


def _group_codes(by: Any, rows: int) -> tuple[_np.ndarray, Any]:
    """(codes for the core, labels or None). labels is None when the codes are
    the labels themselves (dense non-negative integers)."""
    raw = by if hasattr(by, "dtype") else _np.asarray(by)
    kind = getattr(getattr(raw, "dtype", None), "kind", None)
    if isinstance(raw, _np.ndarray) and raw.ndim != 1:
        raise ValidationError(f"by: expected one label per answer, got shape {tuple(raw.shape)}")
    if len(raw) != rows:
        raise ValidationError(f"by: has {len(raw)} labels but scores has {rows}")
    if isinstance(raw, _np.ndarray) and kind in "iu" and rows > 0:
        low, high = int(raw.min()), int(raw.max())
        if low >= 0 and high <= _DENSE_FACTOR * rows + _DENSE_SLACK:
            codes = raw if raw.dtype.isnative else raw.astype(raw.dtype.newbyteorder("="))
            return _np.ascontiguousarray(codes), None
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is optional
        pd = None
    if pd is not None:
        codes, uniques = pd.factorize(raw, sort=True, use_na_sentinel=True)
        labels = _np.asarray(uniques)
    else:  # pragma: no cover
        values = _np.asarray(raw)
        if values.dtype == object and any(v is None for v in values):
            codes = _np.where(_np.array([v is None for v in values]), -1, 0)
        else:
            labels, codes = _np.unique(values, return_inverse=True)
            if labels.dtype.kind == "f" and _np.isnan(labels).any():
                codes = _np.where(_np.isnan(values), -1, codes)
    codes = _np.asarray(codes)
    missing = _np.flatnonzero(codes < 0)
    if missing.size:
        raise ValidationError(f"by[{int(missing[0])}]: missing group label")
    return _np.ascontiguousarray(codes.astype(_np.int32, copy=False)), labels


def _grouped(kind: str, scores: Any, by: Any, threads: int) -> Table:
    array = _answers(scores, "scores")
    codes, labels = _group_codes(by, len(array))
    if isinstance(threads, bool) or not isinstance(threads, int):
        raise TypeError(f"threads: expected an int, got {type(threads).__qualname__}")
    value, low, high, n = getattr(_core, f"{kind}_by_group")(array, codes, threads, Z95)
    seen = _np.flatnonzero(n > 0)
    if labels is None:
        group = seen.astype(_np.int64)
    else:
        group = labels[seen] if len(labels) else labels
        if group.dtype.kind in "iu":
            group = group.astype(_np.int64)
    types = None
    if len(group) == 0:  # nothing to infer the label type from
        text = labels is not None and labels.dtype.kind in "OUS"
        types = {"group": "string" if text else "int64"}
    return Table.from_columns(
        {"group": group, "value": value[seen], "low": low[seen], "high": high[seen], "n": n[seen]},
        types,
    )


# ---- Mergeable states ---------------------------------------------------------


class _State:
    __slots__ = ()

    def merge(self, other: Any) -> Any:
        """A new state: this one and ``other`` together (exact integer sums).
        ``a + b`` is the same.

        Args:
            other: a state of the same class.

        Returns:
            the merged state, of the same class.

        Raises:
            TypeError: ``other`` is a state of another class.
        """
        if type(other) is not type(self):
            raise TypeError(
                f"other: expected a {type(self).__name__}, got {type(other).__qualname__}"
            )
        return type(self)(
            *(getattr(self, f.name) + getattr(other, f.name) for f in _dataclasses.fields(self))
        )

    def __add__(self, other: Any) -> Any:
        return self.merge(other)


@_dataclasses.dataclass(frozen=True)
class NpsState(_State):
    """Counts of an NPS survey (0-10): promoters (9-10), passives (7-8) and
    detractors (0-6). ``score()`` gives the NPS with its Wald interval.
    Immutable and picklable; ``a.merge(b)`` (or ``a + b``) adds two states."""

    #: Answers of 9 or 10.
    promoters: int = 0
    #: Answers of 7 or 8.
    passives: int = 0
    #: Answers of 0 to 6.
    detractors: int = 0

    @property
    def n(self) -> int:
        """The number of answers, ``promoters + passives + detractors``."""
        return self.promoters + self.passives + self.detractors

    def score(self, z: float = Z95) -> Score:
        """The NPS, ``100 (P − D)`` with P and D the shares of promoters and
        detractors, with its Wald interval clipped to [−100, 100].

        Args:
            z: the normal quantile of the interval (default: two-sided 95 %).

        Returns:
            Score: the same as :func:`nps` of all the answers, bit for bit.
        """
        return Score(*_core.nps_score(self.promoters, self.passives, self.detractors, z))


@_dataclasses.dataclass(frozen=True)
class CsatState(_State):
    """Counts of a CSAT survey (1-5): satisfied answers (4-5) and all answers.
    ``score()`` gives the percent satisfied with its Wilson interval.
    Immutable and picklable; ``a.merge(b)`` (or ``a + b``) adds two states."""

    #: Answers of 4 or 5.
    satisfied: int = 0
    #: All answers.
    n: int = 0

    def score(self, z: float = Z95) -> Score:
        """The percent of satisfied answers with its Wilson interval (in percent).

        Args:
            z: the normal quantile of the interval (default: two-sided 95 %).

        Returns:
            Score: the same as :func:`csat` of all the answers, bit for bit.
        """
        return Score(*_core.csat_score(self.satisfied, self.n, z))


@_dataclasses.dataclass(frozen=True)
class CesState(_State):
    """Sums of a CES survey (1-7): n, the sum of the answers and of their squares.
    ``score()`` gives the mean with ``mean ± z·s/sqrt(n)``.
    Immutable and picklable; ``a.merge(b)`` (or ``a + b``) adds two states."""

    #: The number of answers.
    n: int = 0
    #: The sum of the answers.
    sum: int = 0
    #: The sum of the squares of the answers.
    sum_sq: int = 0

    def score(self, z: float = Z95) -> Score:
        """The mean answer with ``mean ± z·s/sqrt(n)``, s the sample standard
        deviation (NaN bounds for one answer).

        Args:
            z: the normal quantile of the interval (default: two-sided 95 %).

        Returns:
            Score: the same as :func:`ces` of all the answers, bit for bit.
        """
        return Score(*_core.ces_score(self.n, self.sum, self.sum_sq, z))


@_dataclasses.dataclass(frozen=True)
class ServqualResult:
    """SERVQUAL gaps (P − E): ``dimensions`` maps each of
    the five dimensions (tangibles, reliability, responsiveness, assurance,
    empathy) to its mean item gap; ``overall`` is the mean
    of the five; ``weighted`` is Σ w·gap with the weights normalised to sum 1,
    or None when no weights were given; ``n`` is the respondents."""

    #: ``{dimension: gap}``, the mean gap P − E of the dimension's items, for
    #: tangibles, reliability, responsiveness, assurance and empathy.
    dimensions: dict[str, float]
    #: The unweighted mean of the five dimension gaps.
    overall: float
    #: Σ w·gap with the weights normalised to sum 1; None without weights.
    weighted: float | None
    #: The number of respondents.
    n: int


def _weights(weights: Any) -> list[float] | None:
    if weights is None:
        return None
    if isinstance(weights, Mapping):
        unknown = sorted(set(weights) - set(SERVQUAL_DIMENSIONS), key=str)
        if unknown:
            raise ValidationError(
                f"weights: unknown dimension {unknown[0]!r} "
                f"(expected {', '.join(SERVQUAL_DIMENSIONS)})"
            )
        missing = [d for d in SERVQUAL_DIMENSIONS if d not in weights]
        if missing:
            raise ValidationError(f"weights: missing dimension {missing[0]!r}")
        return [float(weights[d]) for d in SERVQUAL_DIMENSIONS]
    values = [float(w) for w in weights]
    if len(values) != len(SERVQUAL_DIMENSIONS):
        raise ValidationError(f"weights: expected 5 weights (one per dimension), got {len(values)}")
    return values


@_dataclasses.dataclass(frozen=True)
class ServqualState(_State):
    """Per item (22, SPEC order) the sum of the gaps P − E, and the respondents.
    Immutable and picklable; ``a.merge(b)`` (or ``a + b``) adds two states."""

    #: The 22 sums of the item gaps P − E over the respondents.
    gap_sum: tuple[int, ...] = (0,) * 22
    #: The number of respondents.
    n: int = 0

    def merge(self, other: Any) -> ServqualState:
        """A new state: this one and ``other`` together (exact integer sums).

        Args:
            other: another :class:`ServqualState`.

        Returns:
            ServqualState: the merged state.

        Raises:
            TypeError: ``other`` is not a :class:`ServqualState`.
        """
        if type(other) is not ServqualState:
            raise TypeError(f"other: expected a ServqualState, got {type(other).__qualname__}")
        return ServqualState(
            tuple(a + b for a, b in zip(self.gap_sum, other.gap_sum)), self.n + other.n
        )

    def score(self, weights: Any = None) -> ServqualResult:
        """The SERVQUAL gaps of the respondents counted in this state.

        Args:
            weights: None, five importance weights in SPEC order, or a dict by
                dimension name; normalised to sum 1.

        Returns:
            ServqualResult: the same as :func:`servqual` of all the answers.

        Raises:
            ValidationError: unknown, missing or too few weights.
        """
        w = _weights(weights)
        gaps, overall, weighted, n = _core.servqual_score(list(self.gap_sum), self.n, w)
        return ServqualResult(
            dict(zip(SERVQUAL_DIMENSIONS, gaps)), overall, weighted if w is not None else None, n
        )


# ---- The API of SPEC §9.2 -------------------------------------------------------


def nps_state(scores: Any) -> NpsState:
    """The mergeable state of NPS answers.

    Args:
        scores: answers 0-10, any sequence or numpy array.

    Returns:
        NpsState: the counts of promoters, passives and detractors.

    Raises:
        ValidationError: an answer outside 0-10 (the message names its position).
        TypeError: answers that are not numbers.
    """
    return NpsState(*_core.nps_state(_answers(scores, "scores")))


def csat_state(scores: Any) -> CsatState:
    """The mergeable state of CSAT answers.

    Args:
        scores: answers 1-5, any sequence or numpy array.

    Returns:
        CsatState: the satisfied answers and all answers.

    Raises:
        ValidationError: an answer outside 1-5.
        TypeError: answers that are not numbers.
    """
    return CsatState(*_core.csat_state(_answers(scores, "scores")))


def ces_state(scores: Any) -> CesState:
    """The mergeable state of CES answers.

    Args:
        scores: answers 1-7, any sequence or numpy array.

    Returns:
        CesState: the count, sum and sum of squares of the answers.

    Raises:
        ValidationError: an answer outside 1-7.
        TypeError: answers that are not numbers.
    """
    return CesState(*_core.ces_state(_answers(scores, "scores")))


def nps(scores: Any, by: Any = None, *, threads: int = 1) -> Any:
    """Net Promoter Score of answers 0-10: ``100 (P − D)`` with its Wald 95 %
    interval clipped to [−100, 100], as a :class:`Score`; with ``by=`` one row
    per group in a :class:`Table` (group, value, low, high, n). ``threads``
    splits grouped scoring over that many threads (same result).

    Args:
        scores: answers 0-10, any sequence or numpy array.
        by: None, or one group label per answer (ints, strings, a pandas
            Categorical or Series).
        threads: threads for grouped scoring.

    Returns:
        Score | Table: a :class:`Score` without ``by``; with it a
        :class:`Table` ``group``, ``value``, ``low``, ``high``, ``n``, one row
        per group in the sorted order of the labels.

    Raises:
        ValidationError: an answer outside the scale, or a missing label.
        TypeError: answers that are not numbers.
    """
    if by is None:
        return nps_state(scores).score()
    return _grouped("nps", scores, by, threads)


def csat(scores: Any, by: Any = None, *, threads: int = 1) -> Any:
    """CSAT of answers 1-5: the percent of 4-5 with its Wilson 95 % interval
    (in percent). ``by`` and ``threads`` as in :func:`nps`.

    Args:
        scores: answers 1-5, any sequence or numpy array.
        by: None, or one group label per answer.
        threads: threads for grouped scoring.

    Returns:
        Score | Table: a :class:`Score`, or a :class:`Table` per group.

    Raises:
        ValidationError: an answer outside the scale, or a missing label.
    """
    if by is None:
        return csat_state(scores).score()
    return _grouped("csat", scores, by, threads)


def ces(scores: Any, by: Any = None, *, threads: int = 1) -> Any:
    """CES of answers 1-7: the mean with ``mean ± z·s/sqrt(n)`` (s the sample
    standard deviation; NaN interval for one answer). ``by`` and ``threads`` as
    in :func:`nps`.

    Args:
        scores: answers 1-7, any sequence or numpy array.
        by: None, or one group label per answer.
        threads: threads for grouped scoring.

    Returns:
        Score | Table: a :class:`Score`, or a :class:`Table` per group.

    Raises:
        ValidationError: an answer outside the scale, or a missing label.
    """
    if by is None:
        return ces_state(scores).score()
    return _grouped("ces", scores, by, threads)


def _servqual_matrix(values: Any, name: str) -> _np.ndarray:
    array = _np.asarray(values)
    if array.ndim != 2 or array.shape[1] != _core.SERVQUAL_ITEMS:
        raise ValidationError(f"{name}: expected shape (respondents, 22), got {tuple(array.shape)}")
    return _answers(_np.ascontiguousarray(array).reshape(-1), name)


def servqual_state(expectations: Any, perceptions: Any) -> ServqualState:
    """The mergeable state of SERVQUAL answers.

    Args:
        expectations: answers 1-7, shape ``(respondents, 22)``.
        perceptions: answers 1-7, the same shape.

    Returns:
        ServqualState: the item gap sums and the respondents.

    Raises:
        ValidationError: a wrong shape, or an answer outside 1-7.
    """
    e = _servqual_matrix(expectations, "expectations")
    p = _servqual_matrix(perceptions, "perceptions")
    if e.size != p.size:
        raise ValidationError(
            f"perceptions: has {p.size // 22} respondents but expectations has {e.size // 22}"
        )
    gap_sum, n = _core.servqual_state(e, p)
    return ServqualState(tuple(gap_sum), n)


def servqual(expectations: Any, perceptions: Any, weights: Any = None) -> ServqualResult:
    """SERVQUAL gaps per dimension, overall and weighted (SPEC §7).
    ``weights``: None, five importance weights in SPEC order, or a dict by
    dimension name; normalised to sum 1.

    Args:
        expectations: answers 1-7, shape ``(respondents, 22)``.
        perceptions: answers 1-7, the same shape.
        weights: None, five weights in SPEC order, or ``{dimension: weight}``.

    Returns:
        ServqualResult: the gaps per dimension, overall and weighted.

    Raises:
        ValidationError: a wrong shape, an answer outside 1-7, or bad weights.
    """
    return servqual_state(expectations, perceptions).score(weights)
