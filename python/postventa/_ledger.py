"""The ledger (SPEC §3, §9.2): catalog, calendars and unit events, in memory or in
an SQLite file, and the warranty decision for a claim (SPEC §2.3).

The conversions of events live in the compiled module (bindings/python/ledger.cc),
so that a list of a million dicts or a DataFrame is read at C++ speed; this
module chooses the path and lays out a DataFrame's columns for it.
"""

from __future__ import annotations

import datetime as _dt
import json as _json
import os
import sys
from collections.abc import Iterable
from typing import Any, NamedTuple

import numpy as _np

from . import Calendar, Table, _core
from . import _instant, _micros
from ._errors import INVALID_ARGUMENT as _INVALID_ARGUMENT
from ._errors import ValidationError

__all__ = ["Ledger", "Decision", "RecordResult"]

#: The keys of an event dict (SPEC §3, §5, §7), in canonical order.
EVENT_KEYS: tuple[str, ...] = tuple(_core.event_keys)

_WHOLE_KEYS = frozenset({"price", "parts_cost", "labor_cost", "amount", "attendees"})
_NUMBER_KEYS = frozenset({"usage", "score"})
_QUOTE_KEYS = ("parts", "labor", "travel")
_INT64_MIN = -(2**63)
_INT64_MAX = 2**63 - 1
# Nanoseconds per tick of the numpy datetime64 units a column may have.
_NS_PER_TICK = {
    "D": 86_400 * 10**9,
    "h": 3_600 * 10**9,
    "m": 60 * 10**9,
    "s": 10**9,
    "ms": 10**6,
    "us": 10**3,
    "ns": 1,
}


def _type_name(value: object) -> str:
    return type(value).__qualname__


def _invalid(message: str) -> ValidationError:
    error = ValidationError(message)
    error.code = _INVALID_ARGUMENT
    return error


class RecordResult(NamedTuple):
    """What a write did, from :meth:`Ledger.record` and :meth:`Ledger.record_many`.
    A named tuple ``(stored, duplicates)``.

    Attributes:
        stored (int): New events stored.
        duplicates (int): Events whose id was already stored with the same
            content (no-ops).
    """

    stored: int
    duplicates: int


class Decision:
    """A warranty decision for a claim (SPEC §2.3), from :meth:`Ledger.assess_claim`.

    Its fields are the read-only properties below; each access gives a fresh
    dict or list. :meth:`to_json` gives the canonical JSON, byte for byte the
    string of the C ABI's ``pv_ledger_assess_claim_json`` and of C++
    ``decision_to_json``. Decisions compare equal when every field is equal,
    and hash accordingly. They are not built directly: the constructor raises
    ``TypeError``.
    """

    __slots__ = ("_impl",)

    def __init__(self, impl: _core.Decision) -> None:
        if not isinstance(impl, _core.Decision):
            raise TypeError(
                "Decision objects come from Ledger.assess_claim(), not from the constructor"
            )
        self._impl = impl

    @property
    def covered(self) -> bool:
        """True if any component (parts, labor, travel) is covered by any policy."""
        return self._impl.covered

    @property
    def coverage(self) -> dict[str, int]:
        """Per component the highest percent (0..100) among the policies in
        force, ``{"parts": %, "labor": %, "travel": %}`` (ties: legal before
        commercial before extended before contract, then by name)."""
        return self._impl.coverage

    @property
    def policies(self) -> dict[str, str | None]:
        """The policy granting each component, ``{"parts": name | None, ...}``,
        None where nothing is granted."""
        return self._impl.policies

    @property
    def basis(self) -> str | None:
        """The policy that grants the largest amount of the quote, or None when
        nothing is granted."""
        return self._impl.basis

    @property
    def ends_on(self) -> dict[str, _dt.date | None]:
        """Per component the end of the granting policy's cover, after
        suspension days, ``{"parts": date | None, ...}``; None where nothing
        is granted."""
        return self._impl.ends_on

    @property
    def presumed_nonconformity(self) -> bool:
        """True when the claim date is within the basis policy's presumption
        period (the fault is presumed to have existed at delivery)."""
        return self._impl.presumed_nonconformity

    @property
    def remedy(self) -> str:
        """The remedy owed, ``"repair"``, ``"replace_or_refund"`` or ``"none"``."""
        return self._impl.remedy

    @property
    def company_cost(self) -> dict[str, int]:
        """What the company pays, ``{"parts", "labor", "travel", "total"}`` in
        the quote's integer minor units; per component
        ``round_half_up(quote * percent / 100)``, and ``total`` the sum of the
        three."""
        return self._impl.company_cost

    @property
    def customer_cost(self) -> dict[str, int]:
        """What the customer pays, ``{"parts", "labor", "travel", "total"}``;
        per component the quote minus :attr:`company_cost`, and ``total`` the
        sum."""
        return self._impl.customer_cost

    @property
    def reasons(self) -> list[str]:
        """Every reason code that shaped the result, ``"<policy>:<code>"``, in
        the product's policy order (``not_delivered``, ``expired``,
        ``excluded_fault``, ``suspended_days:N``, ... SPEC §2.3)."""
        return self._impl.reasons

    def to_json(self) -> str:
        """The canonical JSON of the decision (fixed key order, no spaces), the
        same bytes as the C ABI's ``pv_ledger_assess_claim_json``.

        Returns:
            str: the JSON text.
        """
        return self._impl.to_json()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Decision):
            return NotImplemented
        return self._impl == other._impl

    def __hash__(self) -> int:
        return hash(self._impl.to_json())

    def __repr__(self) -> str:
        return (
            f"<postventa.Decision covered={self.covered} coverage={self.coverage} "
            f"basis={self.basis!r} remedy={self.remedy!r} "
            f"presumed_nonconformity={self.presumed_nonconformity} "
            f"company_cost={self.company_cost} customer_cost={self.customer_cost} "
            f"reasons={self.reasons}>"
        )



def _json_date(value: object) -> str:
    """Dates in a record given to the JSON configuration calls, as ISO text."""
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value.isoformat()
    raise TypeError(f"{_type_name(value)} is not JSON serializable")


class Ledger:
    """The after-sales ledger (SPEC §3): products, calendars and the events of
    units, customers and service cases.

    ``Ledger()`` is in memory; ``Ledger(path)`` is a durable SQLite file,
    created when missing: a write returns only once it is committed, so a crash
    never loses an acknowledged event. A file from a newer postventa raises
    :class:`ValidationError` naming its schema; a file that is not a postventa
    ledger, or is corrupt, raises (:class:`StorageError` for a damaged file) and
    is left untouched.

    Use it as a context manager to close it::

        with pv.Ledger("ledger.sqlite") as led:
            led.add_product({...})
            led.record({"id": "V-1", "type": "sold", "unit": "SN-1", ...})

    After :meth:`close` every call raises :class:`ValidationError`. A ledger may
    be shared between threads: writes are serialised, and the GIL is released
    while the core works.

    Events are dicts with the keys of SPEC §3 (``EVENT_KEYS``): ``id``,
    ``type``, ``unit``, ``date``, ``at`` and the payload keys (``customer``,
    ``product``, ``price``, ``channel``, ``outcome``, ``by``, ``attendees``,
    ``usage``, ``fault``, ``case``, ``parts_cost``, ``labor_cost``,
    ``new_unit``, ``amount``, ``policy``, ``reason``; for cases and surveys
    ``kind``, ``priority``, ``sla``, ``status``, ``instrument``, ``score``).

    - ``date`` is a ``datetime.date`` or a ``"YYYY-MM-DD"`` string; it may be
      left out when ``at`` is given (it is then the UTC date of ``at``).
    - ``at`` is a timezone-aware ``datetime`` (naive ones are refused) or an RFC
      3339 string, kept to the microsecond.
    - Amounts (``price``, ``parts_cost``, ``labor_cost``, ``amount``) and
      ``attendees`` are ints (numpy integers too) in integer minor units; a float
      is refused, except whole floats in a DataFrame column (see
      :meth:`record_many`). ``usage`` and ``score`` are numbers.
    - ``None``, NaN, ``pandas.NA`` and ``pandas.NaT`` mean absent, as does an
      empty string. Unknown keys are refused, naming the key.

    Args:
        path: the SQLite file (str, bytes or path-like), or None (the default)
            for a ledger in memory.

    Raises:
        TypeError: ``path`` is not a str, bytes or path-like.
        ValidationError: the file comes from a newer postventa.
        NotFoundError: the file cannot be created (its directory does not
            exist).
        StorageError: the file is not a postventa ledger or is damaged.
    """

    __slots__ = ("_impl", "_path", "_closed", "__weakref__")

    def __init__(
        self, path: str | bytes | os.PathLike[str] | os.PathLike[bytes] | None = None
    ) -> None:
        self._path: str | None = None
        self._closed = False
        if path is None:
            self._impl = _core.Ledger.open_memory()
            return
        if not isinstance(path, (str, bytes, os.PathLike)):
            raise TypeError(f"path: expected a str or os.PathLike, got {_type_name(path)}")
        # bytes keep a path that is not valid UTF-8 as the OS spells it.
        raw = os.fsencode(path)
        self._impl = _core.Ledger.open(raw)
        self._path = os.fsdecode(raw)

    # ---- Configuration ----------------------------------------------------------

    def products(self) -> list[dict[str, Any]]:
        """The products of the catalog, as their canonical configuration dicts
        (every key, docs/catalog.md), sorted by SKU.

        Returns:
            list[dict]: one configuration dict per product.
        """
        return [_json.loads(text) for text in self._impl.products_json()]

    def event_count(self) -> int:
        """How many events the ledger holds.

        Returns:
            int: the number of stored events.
        """
        return int(self._impl.event_count())

    def span(self) -> tuple[_dt.date, _dt.date] | None:
        """The dates of the earliest and the latest event.

        Returns:
            tuple[datetime.date, datetime.date] | None: ``(first, last)``, or
            None when the ledger has no events.
        """
        return self._impl.span()

    def add_product(self, config: dict[str, Any]) -> None:
        """Adds a product (SPEC §2.1) with its warranty policies inline or as
        preset names (``"legal-es"``, ``"legal-eu-min"``); see docs/catalog.md for
        every key. The same product again is a no-op; a different one under the
        same SKU raises :class:`ValidationError` (products are versioned by SKU).

        Args:
            config: the product's configuration, ``{"sku", "warranties": [...],
                ...}``.

        Raises:
            TypeError: ``config`` is not a dict, or holds a value JSON cannot write.
            ValidationError: the configuration is invalid (the message names
                the field), or conflicts with a stored product.
        """
        if not isinstance(config, dict):
            raise TypeError(f"config: expected a dict, got {_type_name(config)}")
        try:
            text = _json.dumps(config, allow_nan=False, default=_product_json_default)
        except ValueError:
            raise _invalid(
                "config: NaN and infinite numbers cannot be part of a product's configuration"
            ) from None
        self._impl.add_product_json(text)

    def add_calendar(self, name: str, config: dict[str, Any] | Calendar) -> None:
        """Adds a business calendar (SPEC §1.3) under ``name``, for maintenance
        plans and SLAs that name it. ``config`` is a :class:`Calendar` or its
        configuration dict. The same calendar again under the same name is a
        no-op; a different one raises :class:`ValidationError`.

        Args:
            name: the name plans and SLAs refer to.
            config: a :class:`Calendar` or its configuration dict.

        Raises:
            TypeError: ``name`` is not a str or ``config`` neither a dict nor a
                :class:`Calendar`.
            ValidationError: an invalid configuration, or another calendar
                under ``name``.
        """
        if not isinstance(name, str):
            raise TypeError(f"name: expected a str, got {_type_name(name)}")
        if isinstance(config, Calendar):
            calendar = config
        elif isinstance(config, dict):
            calendar = Calendar(config)
        else:
            raise TypeError(
                f"config: expected a dict or a postventa.Calendar, got {_type_name(config)}"
            )
        self._impl.add_calendar(name, calendar._impl)

    def add_sla(self, config: dict[str, Any]) -> None:
        """Adds an SLA policy (SPEC §5): ``{"name", "calendar", "targets":
        {priority: {"first_response": seconds, "resolution": seconds}},
        "pause_statuses": [...], "at_risk_ratio": 0.8}``; the key ``"*"`` in
        ``targets`` applies to any other priority. Targets are seconds of
        working time of the named calendar, which must have been added with
        :meth:`add_calendar`. A preset is ``{"preset": "reclamo-pe"}`` (its
        calendar comes with it). Cases name the policy in ``case_opened``'s
        ``sla``. The same policy again is a no-op; a different one under the
        same name raises :class:`ValidationError`.

        Args:
            config: the SLA policy, or ``{"preset": name}``.

        Raises:
            TypeError: ``config`` is not a dict.
            ValidationError: the policy is invalid, names a calendar the ledger
                does not have or an unknown preset, or conflicts with a stored one.
        """
        if not isinstance(config, dict):
            raise TypeError(f"config: expected a dict, got {_type_name(config)}")
        try:
            text = _json.dumps(config, allow_nan=False)
        except ValueError:
            raise _invalid(
                "config: NaN and infinite numbers cannot be part of an SLA policy"
            ) from None
        except TypeError as error:
            raise _invalid(f"config: {error}") from None
        self._impl.add_sla_json(text)

    # ---- Events -----------------------------------------------------------------

    def record(self, event: dict[str, Any]) -> RecordResult:
        """Records one event (a dict with the SPEC's keys; see the class doc).

        The event is validated against its unit's history replayed in date
        order (a back-dated event is accepted when that history stays valid);
        a refused event changes nothing and the error says why. Recording an
        id already stored with the same content is a no-op (``duplicates ==
        1``); with other content it raises :class:`ValidationError`.

        Args:
            event: the event, ``{"id", "type", "unit", "date" | "at", ...}``.

        Returns:
            RecordResult: ``(stored, duplicates)``, ``(1, 0)`` or ``(0, 1)``.

        Raises:
            TypeError: ``event`` is not a dict, or a value has the wrong type.
            ValidationError: the event is invalid or its unit's history would
                not replay (the message says why).
        """
        if not isinstance(event, dict):
            raise TypeError(f"event: expected a dict, got {_type_name(event)}")
        return RecordResult(*self._impl.record(event))

    def record_many(self, events: Iterable[dict[str, Any]] | Any) -> RecordResult:
        """Records a batch of events atomically, in one transaction: if any event
        is refused, nothing of the batch is stored and the error message starts
        with its position, ``events[i]: ...``.

        ``events`` is a list (or any iterable) of event dicts, or a pandas
        DataFrame whose columns are event keys (one event per row; a missing
        column is absent in every row). For a DataFrame, ``i`` in the message
        is the row *position* (0-based, as ``df.iloc[i]``), not the index
        label. A DataFrame column of an amount or ``attendees`` may be float
        (pandas stores an int column with a NaN as float64): whole values are
        read as ints and NaN as absent; a fractional value is refused. Date
        columns may be ``datetime64`` at midnight; an ``at`` column must be
        timezone-aware (``datetime64[ns, UTC]`` or any zone). A column that is
        not an event key is refused, naming it (with no position: it is in
        every row).

        Conversion errors (a value of the wrong type) are reported before the
        ledger's own checks (a history that does not replay).

        Args:
            events: an iterable of event dicts, or a pandas DataFrame.

        Returns:
            RecordResult: how many events were stored and how many were
            duplicates.

        Raises:
            TypeError: ``events`` is not a list of dicts or a DataFrame, or a
                value has the wrong type.
            ValidationError: an event is refused; nothing of the batch is stored.
        """
        pandas = sys.modules.get("pandas")
        if pandas is not None and isinstance(events, pandas.DataFrame):
            return self._record_frame(events, pandas)
        if isinstance(events, (str, bytes, dict)):
            raise TypeError(
                f"events: expected a list of event dicts or a pandas DataFrame, "
                f"got {_type_name(events)}"
            )
        try:
            items = events if isinstance(events, list) else list(events)
        except TypeError:
            raise TypeError(
                f"events: expected a list of event dicts or a pandas DataFrame, "
                f"got {_type_name(events)}"
            ) from None
        return RecordResult(*self._impl.record_dicts(items))

    def _record_frame(self, frame: Any, pandas: Any) -> RecordResult:
        columns = []
        seen: set[str] = set()
        for position, name in enumerate(frame.columns):
            if not isinstance(name, str) or name not in EVENT_KEYS:
                raise _invalid(f"{name}: unknown key (an event has {', '.join(EVENT_KEYS)})")
            if name in seen:
                raise _invalid(f"{name}: given more than once (two columns of that name)")
            seen.add(name)
            columns.append(_column(name, frame.iloc[:, position], pandas))
        return RecordResult(*self._impl.record_columns(len(frame), columns))

    def history(self, unit: str) -> list[dict[str, Any]]:
        """The unit's events in replay order (date, then lifecycle order on one
        date, then time and arrival), as recorded: dicts with the SPEC's keys,
        only the keys present, ``date`` a ``datetime.date``, ``at`` an aware
        UTC ``datetime``. Recording them again is a no-op.

        Args:
            unit: the unit's serial.

        Returns:
            list[dict]: the events, in replay order.

        Raises:
            NotFoundError: the ledger does not know ``unit``.
        """
        if not isinstance(unit, str):
            raise TypeError(f"unit: expected a str, got {_type_name(unit)}")
        return self._impl.history(unit)

    # ---- Maintenance ------------------------------------------------------------

    def maintenance_schedule(
        self, unit: str, start: _dt.date | str, end: _dt.date | str
    ) -> list[_dt.date]:
        """The unit's maintenance due dates in ``[start, end]`` (SPEC §4), from
        its product's plan and its history up to ``end``: fixed grid or counted
        from the last completion, shifted off non-working days with the plan's
        calendar. Empty when the product has no plan.

        Args:
            unit: the unit's serial.
            start: the first date, a ``datetime.date`` or ``"YYYY-MM-DD"``.
            end: the last date (inclusive).

        Returns:
            list[datetime.date]: the due dates, in order.

        Raises:
            NotFoundError: an unknown unit.
            ValidationError: ``end`` is before ``start``.
        """
        if not isinstance(unit, str):
            raise TypeError(f"unit: expected a str, got {_type_name(unit)}")
        return self._impl.maintenance_schedule(unit, start, end)

    def maintenance_due(self, on: _dt.date | str, horizon_days: int) -> Table:
        """The maintenance work list on ``on`` (SPEC §4) as a :class:`Table`
        with columns ``unit``, ``due``, ``overdue``, ``product``: for every
        unit in the field whose product has a plan, its earliest overdue due
        date (missed, and not done since), then every due date up to
        ``on + horizon_days`` not met yet. Sorted by due date, then unit.

        Args:
            on: the day of the list, a ``datetime.date`` or ``"YYYY-MM-DD"``.
            horizon_days: how many days ahead to look.

        Returns:
            Table: one row per unit and due date.
        """
        if not isinstance(horizon_days, int) or isinstance(horizon_days, bool):
            raise TypeError(f"horizon_days: expected an int, got {_type_name(horizon_days)}")
        return self._impl.maintenance_due(on, horizon_days)

    def maintenance_compliance(self, on: _dt.date | str) -> Table:
        """Maintenance compliance per unit with a plan on ``on``, as a
        :class:`Table`: ``unit``, ``product``, ``due`` (due dates whose grace
        window closed), ``met`` (those with a maintenance inside it) and
        ``compliance`` (``met / due``; NaN when nothing is due yet).

        Args:
            on: the day of the measure, a ``datetime.date`` or ``"YYYY-MM-DD"``.

        Returns:
            Table: one row per unit.
        """
        return self._impl.maintenance_compliance(on)

    # ---- Follow-ups --------------------------------------------------------------

    def add_followups(self, config: dict[str, Any]) -> None:
        """Adds a follow-up rule set (SPEC §6; docs/followups.md), named by
        products in ``followups``. Products that name none use ``"default"``:
        the built-in rules, unless a rule set of that name is added.

        Args:
            config: the rule set.

        Raises:
            TypeError: ``config`` is not a dict.
            ValidationError: the rule set is invalid.
        """
        if not isinstance(config, dict):
            raise TypeError(f"config: expected a dict, got {_type_name(config)}")
        try:
            text = _json.dumps(config, allow_nan=False)
        except (ValueError, TypeError) as error:
            raise _invalid(f"config: {error}") from None
        self._impl.add_followups_json(text)

    def followups(self, start: _dt.date | str, end: _dt.date | str) -> Table:
        """The follow-up contacts dated in ``[start, end]`` (SPEC §6) as a
        :class:`Table` with columns ``date``, ``customer``, ``unit`` (None for
        a customer-level contact), ``touchpoint``, ``channel``, ``priority``
        and ``moved_from`` (the rule's date when the contact cap moved it).

        Args:
            start: the first date, a ``datetime.date`` or ``"YYYY-MM-DD"``.
            end: the last date (inclusive).

        Returns:
            Table: one row per contact.
        """
        return self._impl.followups(start, end)

    # ---- Surveys ------------------------------------------------------------------

    def add_instrument(self, config: dict[str, Any]) -> None:
        """Adds a survey instrument (SPEC §7; docs/surveys.md), named by survey
        events in ``instrument``: ``{"name", "questions": [{"id", "min", "max",
        "weight", "text"}], "description"}``. The built-ins ``nps``, ``csat``,
        ``ces`` and ``servqual`` are always there.

        Args:
            config: the instrument.

        Raises:
            TypeError: ``config`` is not a dict.
            ValidationError: the instrument is invalid.
        """
        if not isinstance(config, dict):
            raise TypeError(f"config: expected a dict, got {_type_name(config)}")
        try:
            text = _json.dumps(config, allow_nan=False)
        except (ValueError, TypeError) as error:
            raise _invalid(f"config: {error}") from None
        self._impl.add_instrument_json(text)

    def instrument(self, name: str) -> dict[str, Any]:
        """The instrument called ``name`` (built-in or added) as a dict, in
        the form :meth:`add_instrument` takes.

        Args:
            name: the instrument's name.

        Returns:
            dict: the instrument's configuration.

        Raises:
            NotFoundError: there is no instrument called ``name``.
        """
        if not isinstance(name, str):
            raise TypeError(f"name: expected a str, got {_type_name(name)}")
        return _json.loads(self._impl.instrument_json(name))

    def survey_answers(self, start: _dt.date | str, end: _dt.date | str) -> Table:
        """The survey answers dated in ``[start, end]`` as a :class:`Table`:
        ``id``, ``date``, ``customer``, ``unit``, ``case``, ``product`` (None
        when none), ``channel``, ``instrument``, ``score`` (the response's
        score) and ``sent`` (the date of the send it answers; None for an
        unsolicited answer). Feed ``score`` to :func:`postventa.nps` and
        friends, grouped by any column.

        Args:
            start: the first date, a ``datetime.date`` or ``"YYYY-MM-DD"``.
            end: the last date (inclusive).

        Returns:
            Table: one row per answer.
        """
        return self._impl.survey_answers(start, end)

    def survey_responses(
        self, start: _dt.date | str, end: _dt.date | str, period: str = "month"
    ) -> Table:
        """Response rates (SPEC §7): the sends dated in ``[start, end]`` grouped
        by ``period`` (``"day"``, ``"week"``, ``"month"``, ``"quarter"``,
        ``"year"`` or ``"all"``), channel, product and instrument, as a
        :class:`Table`: ``period`` (its first day), ``channel``, ``product``,
        ``instrument``, ``sent``, ``answered``, ``rate``. ``sent`` and
        ``answered`` add up across rows, so any coarser grouping is a sum.

        Args:
            start: the first date, a ``datetime.date`` or ``"YYYY-MM-DD"``.
            end: the last date (inclusive).
            period: the length of a period.

        Returns:
            Table: one row per period, channel, product and instrument.

        Raises:
            ValidationError: an unknown ``period``.
        """
        if not isinstance(period, str):
            raise TypeError(f"period: expected a str, got {_type_name(period)}")
        return self._impl.survey_responses(start, end, period)

    def scorecard(
        self,
        start: _dt.date | str,
        end: _dt.date | str,
        config: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """The quality scorecard of ``[start, end]`` (SPEC §7; seed 003;
        docs/scorecard.md): the five quality levels -- ``objective`` (measured
        KPIs), ``perceived`` (survey scores), ``commercial`` (legal minimums
        honoured), ``differentiated`` (against the competitor benchmark in
        ``config``) and ``certified`` (the standard's checklist in ``config``)
        -- as a dict, the report JSON every face gives. ``config``: ``{"targets":
        {metric: value}, "benchmark": {"competitor", "values": {metric: value}},
        "certification": {"standard", "items": [...]}, "commercial":
        {"complaint_response_months": 1}}``, every part optional.

        Args:
            start: the first date, a ``datetime.date`` or ``"YYYY-MM-DD"``.
            end: the last date (inclusive).
            config: the targets, benchmark and certification, or None.

        Returns:
            dict: the scorecard.
        """
        if config is None:
            config = {}
        if not isinstance(config, dict):
            raise TypeError(f"config: expected a dict, got {_type_name(config)}")
        try:
            text = _json.dumps(config, allow_nan=False)
        except (ValueError, TypeError) as error:
            raise _invalid(f"config: {error}") from None
        return _json.loads(self._impl.scorecard_json(start, end, text))

    # ---- KPIs ---------------------------------------------------------------------

    def kpis(
        self,
        start: _dt.date | str,
        end: _dt.date | str,
        *,
        by_product: bool = True,
        calendar: str | None = None,
    ) -> Table:
        """The KPIs of SPEC §8 over ``[start, end]`` (docs/kpis.md defines
        each) as a :class:`Table`: ``product`` (None for the total over every
        product), ``kpi``, ``value`` (NaN when nothing was measured), ``n``
        (the observations), ``total`` (the numerator: count, summed days,
        total cost), ``unit`` (``"ratio"``, ``"days"``, ``"working_days"``,
        ``"working_hours"``, ``"minor_units"``, ``"count"``). The total comes
        first, then with ``by_product`` every product of the catalog sorted by
        SKU. ``calendar`` names a ledger calendar whose working days measure
        the time to repair (default Monday to Friday).

        Args:
            start: the first date, a ``datetime.date`` or ``"YYYY-MM-DD"``.
            end: the last date (inclusive).
            by_product: also one block of rows per product.
            calendar: the name of a calendar added with :meth:`add_calendar`.

        Returns:
            Table: one row per KPI (and product).

        Raises:
            NotFoundError: ``calendar`` names no calendar of the ledger.
        """
        if not isinstance(by_product, bool):
            raise TypeError(f"by_product: expected a bool, got {_type_name(by_product)}")
        if calendar is not None and not isinstance(calendar, str):
            raise TypeError(f"calendar: expected a str or None, got {_type_name(calendar)}")
        return self._impl.kpis(start, end, by_product, calendar or "")

    # ---- Anomalies and corrective action ------------------------------------------

    def put_anomaly(self, record: dict[str, Any]) -> None:
        """Adds an anomaly record (SPEC §8, seed 003; docs/corrective.md), or
        replaces the one with the same ``id``: the record grows as the anomaly
        is handled. ``{"id", "detected", "description", "implications": [...],
        "cause", "cause_detail", "measures": [{"description", "date"}],
        "verification": {"kpi", "product", "before", "after", "alpha"}}``;
        ``cause`` is one of :data:`postventa.ROOT_CAUSES` and ``kpi`` a KPI of
        :func:`postventa.kpi_catalog` with a test.

        Args:
            record: the anomaly record.

        Raises:
            TypeError: ``record`` is not a dict.
            ValidationError: the record is invalid.
        """
        if not isinstance(record, dict):
            raise TypeError(f"record: expected a dict, got {_type_name(record)}")
        try:
            text = _json.dumps(record, allow_nan=False, default=_json_date)
        except (ValueError, TypeError) as error:
            raise _invalid(f"record: {error}") from None
        self._impl.put_anomaly_json(text)

    def anomalies(self) -> list[dict[str, Any]]:
        """Every anomaly record, in the order they were first added.

        Returns:
            list[dict]: the records in their canonical form.
        """
        return [_json.loads(text) for text in self._impl.anomalies_json()]

    def verify_anomaly(
        self, id: str, as_of: _dt.date | str, *, calendar: str | None = None
    ) -> dict[str, Any]:
        """Did the measures of anomaly ``id`` work? Its KPI compared before and
        after them with the events up to ``as_of`` (docs/corrective.md):
        ``{"anomaly", "as_of", "windows": {"before", "after"},
        "verification": {"test", "direction", "n_before", "n_after",
        "value_before", "value_after", "statistic", "p_value", "alpha",
        "improved", "verdict"}}`` with ``verdict`` ``"effective"``,
        ``"not_effective"`` or ``"inconclusive"``.

        Args:
            id: the anomaly's id.
            as_of: the last date of events to use.
            calendar: the name of a ledger calendar for KPIs in working time.

        Returns:
            dict: the verification.

        Raises:
            NotFoundError: no anomaly ``id``.
        """
        if not isinstance(id, str):
            raise TypeError(f"id: expected a str, got {_type_name(id)}")
        if calendar is not None and not isinstance(calendar, str):
            raise TypeError(f"calendar: expected a str or None, got {_type_name(calendar)}")
        return _json.loads(self._impl.verify_anomaly_json(id, as_of, calendar or ""))

    # ---- Field reliability --------------------------------------------------------

    def failure_times(self, on: _dt.date | str) -> Table:
        """Time to first failure per unit in service by ``on`` (SPEC §8;
        docs/reliability.md) as a :class:`Table`: ``unit``, ``product``,
        ``start`` (delivery, or the replacement date of a replacement unit),
        ``days`` (to the first ``repair_received``, else to the end of
        observation) and ``failed`` (False: censored). Feed it to
        :func:`postventa.weibull_fit` per product.

        Args:
            on: the end of observation, a ``datetime.date`` or ``"YYYY-MM-DD"``.

        Returns:
            Table: one row per unit.
        """
        return self._impl.failure_times(on)

    def repair_histories(
        self, on: _dt.date | str, product: str | None = None
    ) -> list[tuple[list[int], int]]:
        """Per unit in service by ``on`` (of ``product``, or all): the days
        from its start of service to each repair, and to its end of
        observation — the ``systems`` :func:`postventa.mcf` takes.

        Args:
            on: the end of observation, a ``datetime.date`` or ``"YYYY-MM-DD"``.
            product: a SKU, or None for every product.

        Returns:
            list[tuple[list[int], int]]: ``(repair days, end day)`` per unit.
        """
        if product is not None and not isinstance(product, str):
            raise TypeError(f"product: expected a str or None, got {_type_name(product)}")
        return [
            (repairs, end)
            for _unit, sku, repairs, end in self._impl.repair_histories(on)
            if product is None or sku == product
        ]

    def claims_forecast(self, on: _dt.date | str, months: int) -> Table:
        """The warranty claims expected over the next ``months`` months per
        product (SPEC §8): a Weibull fit of the product's failure times, then
        for each unit still without a failure the conditional probability of
        failing in each month, summed; the cost from the product's average
        claim cost. Columns ``product``, ``month``, ``units``,
        ``expected_claims``, ``expected_cost``, ``shape``, ``scale``.

        Args:
            on: the forecast's start, a ``datetime.date`` or ``"YYYY-MM-DD"``.
            months: how many months ahead.

        Returns:
            Table: one row per product and month.
        """
        if not isinstance(months, int) or isinstance(months, bool):
            raise TypeError(f"months: expected an int, got {_type_name(months)}")
        return self._impl.claims_forecast(on, months)

    # ---- Service cases ----------------------------------------------------------

    def sla_status(self, case: str, at: _dt.datetime) -> dict[str, dict[str, Any]]:
        """Where the SLA targets of ``case`` stand at ``at`` (an aware
        datetime), from the case events up to ``at`` (SPEC §5)::

            {"first_response": {"status": "met", "elapsed": timedelta(minutes=30),
                                "deadline": None, "target": timedelta(hours=1)},
             "resolution": {"status": "on_track", "elapsed": ..., "deadline": datetime, ...}}

        ``status`` is ``"met"``, ``"breached"`` (sticky), ``"on_track"``,
        ``"at_risk"`` or ``"paused"``; ``elapsed`` the working time used minus
        pauses; ``deadline`` (aware UTC) when the running target falls due, the
        instant it was breached, or None when met or paused.

        Args:
            case: the case's id.
            at: a timezone-aware ``datetime.datetime``.

        Returns:
            dict: ``{"first_response": {...}, "resolution": {...}}``.

        Raises:
            NotFoundError: an unknown case or policy.
            ValidationError: ``at`` is naive.
        """
        if not isinstance(case, str):
            raise TypeError(f"case: expected a str, got {_type_name(case)}")
        first, resolution, _ = self._impl.sla_status(case, _micros(at, "at"))
        return {"first_response": _target(first), "resolution": _target(resolution)}

    def sla_status_json(self, case: str, at: _dt.datetime) -> str:
        """:meth:`sla_status` as the canonical JSON every face agrees on, byte
        for byte (elapsed and target in whole seconds, deadline RFC 3339 UTC).

        Args:
            case: the case's id.
            at: a timezone-aware ``datetime.datetime``.

        Returns:
            str: the JSON text.
        """
        if not isinstance(case, str):
            raise TypeError(f"case: expected a str, got {_type_name(case)}")
        return str(self._impl.sla_status(case, _micros(at, "at"))[2])

    # ---- Warranty ---------------------------------------------------------------

    def assess_claim(
        self,
        unit: str,
        date: _dt.date | str,
        fault: str,
        quote: dict[str, int] | None = None,
    ) -> Decision:
        """The warranty decision (SPEC §2.3) for a claim on ``unit`` dated
        ``date`` (a ``datetime.date`` or ``"YYYY-MM-DD"``) for a fault category,
        with a quote ``{"parts", "labor", "travel"}`` in integer minor units
        (missing keys are 0). Only events dated on or before the claim count.

        Args:
            unit: the unit's serial.
            date: the claim date, a ``datetime.date`` or ``"YYYY-MM-DD"``.
            fault: the fault category (as the policies' exclusions name them).
            quote: ``{"parts", "labor", "travel"}`` in integer minor units, or
                None for a zero quote.

        Returns:
            Decision: the decision, with its reasons.

        Raises:
            NotFoundError: an unknown unit.
            TypeError: a quote amount that is not an integer.
            ValidationError: an unknown quote key or an amount out of range.
        """
        if not isinstance(unit, str):
            raise TypeError(f"unit: expected a str, got {_type_name(unit)}")
        if not isinstance(fault, str):
            raise TypeError(f"fault: expected a str, got {_type_name(fault)}")
        parts, labor, travel = _quote(quote)
        return Decision(self._impl.assess_claim(unit, date, fault, parts, labor, travel))

    # ---- Life -------------------------------------------------------------------

    def close(self) -> None:
        """Flushes and closes the ledger's file. Closing twice is harmless; any
        other call afterwards raises :class:`ValidationError`. Leaving a
        ``with`` block closes the ledger."""
        self._impl.close()
        self._closed = True

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        where = "in memory" if self._path is None else repr(self._path)
        state = " closed" if self._closed else ""
        return f"<postventa.Ledger {where}{state}>"


def _product_json_default(value: object) -> Any:
    raise TypeError(
        f"config: a value of type {_type_name(value)} cannot be part of a product's "
        f"configuration ({value!r}); use str, int, float, bool, list, dict or None"
    )


def _quote(quote: object) -> tuple[int, int, int]:
    if quote is None:
        return (0, 0, 0)
    if not isinstance(quote, dict):
        raise TypeError(f"quote: expected a dict, got {_type_name(quote)}")
    for key in quote:
        if key not in _QUOTE_KEYS:
            raise _invalid(f"quote.{key}: unknown key (a quote has parts, labor, travel)")
    out = []
    for key in _QUOTE_KEYS:
        value = quote.get(key, 0)
        if isinstance(value, bool) or not hasattr(type(value), "__index__"):
            raise TypeError(f"quote.{key}: expected an integer, got {_type_name(value)}")
        amount = value.__index__()
        if not _INT64_MIN <= amount <= _INT64_MAX:
            raise _invalid(f"quote.{key}: {amount} is outside the 64-bit integer range")
        out.append(amount)
    return (out[0], out[1], out[2])


# ---- A DataFrame's columns for _core.Ledger.record_columns ---------------------


def _first_present(values: _np.ndarray) -> int:
    """The position of the first value that is not NaT in a datetime64 array."""
    present = _np.flatnonzero(~_np.isnat(values))
    return int(present[0]) if len(present) else -1


def _column(name: str, series: Any, pandas: Any) -> tuple[str, str, Any, Any]:
    """(key, form, values, extra) as bindings/python/ledger.cc reads them."""
    dtype = series.dtype
    np_dtype = dtype if isinstance(dtype, _np.dtype) else None
    if name in _WHOLE_KEYS or name in _NUMBER_KEYS:
        if np_dtype is not None and np_dtype.kind in "iu":
            if np_dtype.kind == "u" and np_dtype.itemsize == 8:
                return _object_column(name, series)  # may exceed int64: checked per value
            return (name, "int64", series.to_numpy(dtype=_np.int64), None)
        if np_dtype is not None and np_dtype.kind == "f":
            return (name, "float64", series.to_numpy(dtype=_np.float64), None)
        api = pandas.api.types
        if not isinstance(dtype, _np.dtype) and api.is_integer_dtype(dtype):
            # Nullable Int64 & co: the values and a mask, without a detour via float.
            absent = series.isna().to_numpy(dtype=bool)
            return (name, "int64", series.to_numpy(dtype=_np.int64, na_value=0), absent)
        if not isinstance(dtype, _np.dtype) and api.is_float_dtype(dtype):
            return (name, "float64", series.to_numpy(dtype=_np.float64, na_value=_np.nan), None)
        return _object_column(name, series)
    if name in ("date", "at"):
        if isinstance(dtype, pandas.DatetimeTZDtype):
            if name == "date":
                local = series.dt.tz_localize(None).to_numpy()
                row = _first_present(local)
                if row >= 0:
                    raise _invalid(
                        f"events[{row}]: date: a timezone-aware datetime column ({dtype}) "
                        "holds instants, not dates; give it as at, or pass .dt.date of it"
                    )
                return _object_column(name, series)  # all NaT: absent
            utc = series.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy()
            return (name, "datetime", utc.view(_np.int64), _ns_per_tick(utc.dtype))
        if np_dtype is not None and np_dtype.kind == "M":
            values = series.to_numpy()
            if name == "at":
                row = _first_present(values)
                if row >= 0:
                    raise _invalid(
                        f"events[{row}]: at: naive datetime ({values[row]}) in a column of "
                        f"dtype {dtype}; make the column timezone-aware, e.g. "
                        "df['at'].dt.tz_localize('UTC')"
                    )
            return (name, "datetime", values.view(_np.int64), _ns_per_tick(values.dtype))
        return _object_column(name, series)
    return _object_column(name, series)


def _object_column(name: str, series: Any) -> tuple[str, str, Any, Any]:
    values = _np.ascontiguousarray(series.to_numpy(dtype=object))
    return (name, "object", values, None)


def _ns_per_tick(dtype: _np.dtype) -> int:
    unit, count = _np.datetime_data(dtype)
    if unit not in _NS_PER_TICK:
        raise _invalid(f"datetime unit {unit!r} of a column is not supported")
    return _NS_PER_TICK[unit] * count


# Shown as postventa.Ledger (where users find them), not postventa._ledger.
for _cls in (Ledger, Decision, RecordResult):
    _cls.__module__ = "postventa"
del _cls


def _target(values: tuple[str, int, int | None, int]) -> dict[str, Any]:
    state, elapsed_us, deadline_us, target_us = values
    return {
        "status": state,
        "elapsed": _dt.timedelta(microseconds=elapsed_us),
        "deadline": None if deadline_us is None else _instant(deadline_us),
        "target": _dt.timedelta(microseconds=target_us),
    }
