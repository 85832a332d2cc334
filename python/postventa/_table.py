"""The pure-Python parts of :class:`postventa.Table` (SPEC §9.2).

The class itself is compiled (bindings/python/table.cc): its columns, numpy
views, ``to_pylist`` and the Arrow C stream live there. This module holds what
reads better in Python: reading ``Table.from_columns`` input (type inference
and checks on Python objects; the core checks names and lengths),
``to_pandas``, the ``repr`` and pickling.

Column types and their Python values:

============  ==========================  =====================================
type          ``table[name]`` (numpy)     ``to_pylist()`` values
============  ==========================  =====================================
int64         int64 (float64 with NaN     int
              when the column has nulls)
float64       float64                     float
bool          bool (object with None      bool
              when the column has nulls)
string        object (str, None)          str
date          datetime64[D]               datetime.date
timestamp     datetime64[us] (UTC)        datetime.datetime, aware, UTC
duration      timedelta64[us]             datetime.timedelta
============  ==========================  =====================================
"""

from __future__ import annotations

import datetime as _dt
import json as _json
import math as _math
from collections.abc import Mapping
from typing import Any

import numpy as _np

from . import _core
from ._errors import ValidationError

__all__ = ["TYPES", "from_columns", "to_pandas", "table_repr", "reduce"]

#: The column types, in the order of the C++ enum Table::Type.
TYPES = ("int64", "float64", "bool", "string", "date", "timestamp", "duration")

_INT64_MIN = -(2**63)
_INT64_MAX = 2**63 - 1
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
_EPOCH_ORDINAL = _dt.date(1970, 1, 1).toordinal()
_MICROSECOND = _dt.timedelta(microseconds=1)
# Microseconds per tick of the fixed-length numpy datetime64/timedelta64 units;
# finer units are divided (floored), see _micros_from_numpy.
_US_PER_TICK = {
    "W": 7 * 86_400_000_000,
    "D": 86_400_000_000,
    "h": 3_600_000_000,
    "m": 60_000_000,
    "s": 1_000_000,
    "ms": 1_000,
    "us": 1,
}
_TICKS_PER_US = {"ns": 1_000, "ps": 1_000_000, "fs": 1_000_000_000, "as": 1_000_000_000_000}
# How many rows __repr__ shows, and the widest cell it prints in full.
_REPR_ROWS = 10
_REPR_CELL = 32


def _path(name: str) -> str:
    # The field path of a column, as the core writes it: columns["due"].
    return f"columns[{_json.dumps(name, ensure_ascii=False)}]"


def _invalid(message: str) -> ValidationError:
    return ValidationError(message)


def _type_name(value: object) -> str:
    return type(value).__qualname__


def _is_null(value: object) -> bool:
    """None, pandas.NA and pandas.NaT (recognised by name: pandas need not be
    imported). A float NaN is decided by the column (see _convert_objects)."""
    return value is None or type(value).__name__ in ("NAType", "NaTType")


def _is_nan(value: object) -> bool:
    return isinstance(value, (float, _np.floating)) and _math.isnan(value)


# ---- Table.from_columns --------------------------------------------------------


def from_columns(columns: Mapping[str, Any], types: Mapping[str, str] | None = None) -> Any:
    """A :class:`postventa.Table` from ``{name: values}``, in the mapping's order
    (or from a pandas DataFrame's columns).

    ``values`` is a one-dimensional numpy array, a list or tuple, or anything
    numpy can turn into an array (a pandas Series). The column type comes from
    ``types[name]`` when given (one of ``int64``, ``float64``, ``bool``,
    ``string``, ``date``, ``timestamp``, ``duration``), else from the values:

    - numpy arrays by dtype: integers -> int64, floats -> float64, bool,
      ``str_`` -> string, ``datetime64`` in days (or months, years, weeks) ->
      date, finer ``datetime64`` -> timestamp (numpy datetimes have no zone:
      they are taken as UTC), ``timedelta64`` -> duration. Finer than
      microseconds is floored to the microsecond; NaT is null;
    - other values by their Python types: ``bool``, ``int``, ``float`` (ints
      and floats together give float64), ``str``, ``datetime.date``, aware
      ``datetime.datetime`` (a naive one is refused), ``datetime.timedelta``.

    ``None``, ``pandas.NA`` and ``pandas.NaT`` are nulls. A float NaN is a
    value in a float64 column (a score over no answers is NaN, not missing) and
    a null in any other column (pandas marks missing text or integers with NaN).
    A column with no value that is not null needs its type in ``types``.

    Errors name the column and the row: ``ValidationError`` for bad values and
    for columns of different lengths, ``TypeError`` for arguments of the wrong
    kind.
    """
    if not isinstance(columns, Mapping):
        if not callable(getattr(columns, "items", None)):
            raise TypeError(
                f"columns: expected a mapping {{name: values}} or a DataFrame, got "
                f"{_type_name(columns)}"
            )
        columns = dict(columns.items())  # a pandas DataFrame: {name: Series}
    if types is None:
        types = {}
    if not isinstance(types, Mapping):
        raise TypeError(f"types: expected a mapping {{name: type}}, got {_type_name(types)}")
    for name, type_ in types.items():
        if name not in columns:
            raise _invalid(
                f"types[{_json.dumps(name, ensure_ascii=False)}]: no such column in columns"
            )
        if type_ not in TYPES:
            raise _invalid(
                f"types[{_json.dumps(name, ensure_ascii=False)}]: {type_!r} is not a column "
                f"type; use one of {', '.join(TYPES)}"
            )
    names: list[str] = []
    kinds: list[str] = []
    values: list[Any] = []
    valid: list[Any] = []
    for name, column in columns.items():
        if not isinstance(name, str):
            raise TypeError(
                f"columns: a column name must be a str, got {_type_name(name)} ({name!r})"
            )
        kind, data, mask = _convert(name, column, types.get(name))
        names.append(name)
        kinds.append(kind)
        values.append(data)
        valid.append(mask)
    # The core checks the names (unique, not empty) and the lengths.
    return _core.Table._from_arrays(names, kinds, values, valid)


def _convert(name: str, column: Any, kind: str | None) -> tuple[str, Any, Any]:
    """(type, values, valid) in the form Table._from_arrays takes: int64 arrays
    for int64, date (days), timestamp and duration (microseconds); float64 and
    bool arrays; a list of str and None for strings; valid a bool array or None."""
    if isinstance(column, (list, tuple)):
        return _convert_objects(name, list(column), kind)
    array = _np.asarray(column)
    if array.ndim != 1:
        raise _invalid(f"{_path(name)}: expected one dimension of values, got shape {array.shape}")
    if array.dtype.kind == "O":
        return _convert_objects(name, array.tolist(), kind)
    return _convert_array(name, array, kind)


def _convert_array(name: str, array: _np.ndarray, kind: str | None) -> tuple[str, Any, Any]:
    dk = array.dtype.kind
    natural = {
        "i": "int64",
        "u": "int64",
        "f": "float64",
        "b": "bool",
        "U": "string",
        "m": "duration",
    }.get(dk)
    if dk == "M":
        unit, _ = _np.datetime_data(array.dtype)
        natural = "date" if unit in ("Y", "M", "W", "D") else "timestamp"
    if kind is None:
        if natural is None:
            raise _invalid(
                f"{_path(name)}: numpy arrays of dtype {array.dtype} cannot be stored in a "
                f"table; use {', '.join(TYPES)} values"
            )
        kind = natural

    def refuse() -> ValidationError:
        return _invalid(
            f"{_path(name)}: a numpy array of dtype {array.dtype} cannot be a {kind} column"
        )

    if kind == "int64":
        if dk in "iu":
            if dk == "u" and array.size and array.max() > _INT64_MAX:
                row = int(_np.argmax(array > _INT64_MAX))
                raise _invalid(f"{_path(name)}[{row}]: {array[row]} does not fit in int64")
            return kind, array.astype(_np.int64), None
        if dk == "f":
            # A float column read as integers (pandas stores ints with NaN as
            # floats): NaN is null, every other value must be whole.
            mask = ~_np.isnan(array)
            bad = mask & ((array != _np.floor(array)) | (_np.abs(array) >= 2.0**63))
            if bad.any():
                row = int(_np.argmax(bad))
                raise _invalid(
                    f"{_path(name)}[{row}]: {array[row].item()!r} is not a whole number "
                    "in int64's range"
                )
            return kind, _np.where(mask, array, 0).astype(_np.int64), _mask_or_none(mask)
        raise refuse()
    if kind == "float64":
        if dk in "iuf":
            return kind, array.astype(_np.float64), None
        raise refuse()
    if kind == "bool":
        if dk == "b":
            return kind, array.astype(_np.bool_), None
        raise refuse()
    if kind == "string":
        if dk == "U":
            return kind, array.tolist(), None
        raise refuse()
    if kind in ("date", "timestamp"):
        if dk != "M":
            raise refuse()
        unit, _ = _np.datetime_data(array.dtype)
        if unit in ("Y", "M"):  # months and years have no fixed length: go via days
            array = array.astype("datetime64[D]")
        micros, mask = _micros_from_numpy(name, array)
        if kind == "timestamp":
            return kind, micros, mask
        day = _US_PER_TICK["D"]
        off = (micros % day != 0) & (mask if mask is not None else True)
        if _np.any(off):
            row = int(_np.argmax(off))
            raise _invalid(f"{_path(name)}[{row}]: {array[row]} is not a date (it is not midnight)")
        return kind, micros // day, mask
    if kind == "duration":
        if dk != "m":
            raise refuse()
        unit, _ = _np.datetime_data(array.dtype)
        if unit in ("Y", "M"):
            raise _invalid(
                f"{_path(name)}: timedelta64[{unit}] has no fixed length; use days or finer"
            )
        return (kind, *_micros_from_numpy(name, array))
    raise refuse()  # pragma: no cover - every kind is handled above


def _mask_or_none(mask: _np.ndarray) -> _np.ndarray | None:
    return None if mask.all() else mask


def _micros_from_numpy(name: str, array: _np.ndarray) -> tuple[_np.ndarray, Any]:
    """datetime64/timedelta64 of a fixed-length unit as int64 microseconds
    (floored), with NaT as null."""
    unit, count = _np.datetime_data(array.dtype)
    ticks = array.view(_np.int64)
    mask = ticks != _INT64_MIN
    if unit in _TICKS_PER_US:
        divisor = _TICKS_PER_US[unit]
        if count != 1:  # e.g. datetime64[10ns]: go via single ticks
            ticks = ticks.astype(object) * count
            micros = _np.array([t // divisor for t in ticks], dtype=_np.int64)
        else:
            micros = _np.floor_divide(ticks, divisor)
    else:
        factor = _US_PER_TICK[unit] * count
        limit = _INT64_MAX // factor
        too_far = mask & (_np.abs(ticks) > limit)
        if too_far.any():
            row = int(_np.argmax(too_far))
            raise _invalid(f"{_path(name)}[{row}]: {array[row]} does not fit in int64 microseconds")
        micros = ticks * factor
    return _np.where(mask, micros, 0).astype(_np.int64), _mask_or_none(mask)


# The kinds of Python values, for inference.
def _value_kind(value: object) -> str:
    if isinstance(value, (bool, _np.bool_)):
        return "bool"
    if isinstance(value, (int, _np.integer)):
        return "int"
    if isinstance(value, (float, _np.floating)):
        return "float"
    if isinstance(value, str):
        return "str"
    if isinstance(value, _dt.datetime):
        return "datetime"
    if isinstance(value, _dt.date):
        return "date"
    if isinstance(value, _dt.timedelta):
        return "timedelta"
    return "other"


_KIND_TYPES = {
    frozenset({"bool"}): "bool",
    frozenset({"int"}): "int64",
    frozenset({"float"}): "float64",
    frozenset({"int", "float"}): "float64",
    frozenset({"str"}): "string",
    frozenset({"date"}): "date",
    frozenset({"datetime"}): "timestamp",
    frozenset({"timedelta"}): "duration",
}

_ACCEPTS = "int, float, bool, str, datetime.date, datetime.datetime or datetime.timedelta"


def _infer(name: str, values: list[Any]) -> str:
    first: dict[str, int] = {}  # kind -> first row
    nan_row = -1
    for row, value in enumerate(values):
        if _is_null(value):
            continue
        if _is_nan(value):
            nan_row = row if nan_row < 0 else nan_row
            continue
        kind = _value_kind(value)
        if kind == "other":
            raise _invalid(
                f"{_path(name)}[{row}]: a value of type {_type_name(value)} cannot "
                f"be stored in a table; use {_ACCEPTS}"
            )
        first.setdefault(kind, row)
    if not first:
        if nan_row >= 0:
            return "float64"  # nothing but NaN: float values
        raise _invalid(
            f"{_path(name)}: cannot tell the column's type, it has no value that is not null; "
            f"pass types={{{_json.dumps(name, ensure_ascii=False)}: ...}} (one of "
            f"{', '.join(TYPES)})"
        )
    column_type = _KIND_TYPES.get(frozenset(first))
    if column_type is None:
        (a, row_a), (b, row_b) = sorted(first.items(), key=lambda item: item[1])[:2]
        raise _invalid(
            f"{_path(name)}: mixed values: {a} (row {row_a}) and {b} (row {row_b}); a column "
            "holds one type"
        )
    return column_type


# Lists whose values are all of one of these exact types (and None) take a fast
# path: numpy converts them at C speed. Anything else (NaN among strings,
# numpy scalars, subclasses, values out of range) takes the general path.
_FAST_TYPES = {
    frozenset({str}): "string",
    frozenset({int}): "int64",
    frozenset({float}): "float64",
    frozenset({int, float}): "float64",
    frozenset({bool}): "bool",
}
_FAST_DTYPES = {"int64": _np.int64, "float64": _np.float64, "bool": _np.bool_}


def _convert_fast(values: list[Any], kind: str, nulls: bool) -> tuple[str, Any, Any] | None:
    if kind == "string":
        return kind, values, None  # the core reads None as a null
    try:
        if not nulls:
            return kind, _np.array(values, dtype=_FAST_DTYPES[kind]), None
        valid = _np.array([v is not None for v in values], dtype=_np.bool_)
        filled = [0 if v is None else v for v in values]
        return kind, _np.array(filled, dtype=_FAST_DTYPES[kind]), valid
    except OverflowError:
        return None  # an int beyond int64: the general path says which


def _convert_objects(name: str, values: list[Any], kind: str | None) -> tuple[str, Any, Any]:
    present = set(map(type, values))
    nulls = type(None) in present
    present.discard(type(None))
    fast = _FAST_TYPES.get(frozenset(present))
    if fast is not None and kind in (None, fast):
        converted = _convert_fast(values, fast, nulls)
        if converted is not None:
            return converted
    if kind is None:
        kind = _infer(name, values)
    n = len(values)
    valid = _np.ones(n, dtype=_np.bool_)
    # NaN is a value only in a float64 column.
    for row, value in enumerate(values):
        if _is_null(value) or (kind != "float64" and _is_nan(value)):
            valid[row] = False

    def wrong(row: int, value: object, expected: str) -> ValidationError:
        return _invalid(
            f"{_path(name)}[{row}]: expected {expected} in a {kind} column, got "
            f"{_type_name(value)} ({value!r})"
        )

    if kind == "string":
        text: list[Any] = []
        for row, value in enumerate(values):
            if not valid[row]:
                text.append(None)
            elif isinstance(value, str):
                text.append(str(value))
            else:
                raise wrong(row, value, "a str")
        return kind, text, _mask_or_none(valid)

    if kind == "float64":
        out = _np.zeros(n, dtype=_np.float64)
        for row, value in enumerate(values):
            if not valid[row]:
                continue
            if _value_kind(value) not in ("int", "float"):
                raise wrong(row, value, "a number")
            out[row] = float(value)
        return kind, out, _mask_or_none(valid)

    if kind == "bool":
        flags = _np.zeros(n, dtype=_np.bool_)
        for row, value in enumerate(values):
            if not valid[row]:
                continue
            if _value_kind(value) != "bool":
                raise wrong(row, value, "a bool")
            flags[row] = bool(value)
        return kind, flags, _mask_or_none(valid)

    whole = _np.zeros(n, dtype=_np.int64)
    for row, value in enumerate(values):
        if not valid[row]:
            continue
        whole[row] = _whole(name, row, kind, value, wrong)
    return kind, whole, _mask_or_none(valid)


def _whole(name: str, row: int, kind: str, value: Any, wrong: Any) -> int:
    """The int64 the core stores for `value` in an int64, date, timestamp or
    duration column."""
    vk = _value_kind(value)
    if kind == "int64":
        if vk != "int":
            raise wrong(row, value, "an int")
        number = int(value)
    elif kind == "date":
        if vk != "date":
            raise wrong(row, value, "a datetime.date")
        number = value.toordinal() - _EPOCH_ORDINAL
    elif kind == "timestamp":
        if vk != "datetime":
            raise wrong(row, value, "an aware datetime.datetime")
        if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
            raise _invalid(
                f"{_path(name)}[{row}]: naive datetime ({value.isoformat()}); pass a "
                "timezone-aware datetime (e.g. tzinfo=datetime.timezone.utc)"
            )
        number = (value - _EPOCH) // _MICROSECOND
    else:  # duration
        if vk != "timedelta":
            raise wrong(row, value, "a datetime.timedelta")
        number = value // _MICROSECOND
    if not _INT64_MIN < number <= _INT64_MAX:
        raise _invalid(f"{_path(name)}[{row}]: {value!r} does not fit in int64")
    return number


# ---- Out of a table --------------------------------------------------------------


def to_pandas(table: Any) -> Any:
    """A pandas DataFrame with one column per table column, in order.

    The columns are ``table[name]`` (see the module docstring), except that
    timestamps become timezone-aware (UTC) and dates pandas' datetime64 at
    midnight (pandas has no day unit). The DataFrame owns its data.
    """
    try:
        import pandas as pd
    except ImportError:
        raise ImportError(
            "Table.to_pandas() needs pandas, which is not installed (pip install pandas); "
            "without it, table[name] gives numpy arrays and pyarrow.table(table) an Arrow table"
        ) from None
    data: dict[str, Any] = {}
    for name, kind in table.types.items():
        values = table[name]
        if kind == "timestamp":
            data[name] = pd.Series(values, copy=True).dt.tz_localize("UTC")
        else:
            data[name] = pd.Series(values, copy=True)
    return pd.DataFrame(data, index=pd.RangeIndex(len(table)))


def _cell_text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, _dt.datetime):
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        text = repr(value)[1:-1] if not value.isprintable() else value
        return text if len(text) <= _REPR_CELL else text[: _REPR_CELL - 1] + "…"
    return str(value)


def table_repr(table: Any) -> str:
    """``postventa.Table: R rows x C columns`` then the column names, their
    types and the first rows, aligned."""
    rows, cols = table.shape
    head = f"postventa.Table: {rows} row{'' if rows == 1 else 's'} x {cols} column" + (
        "" if cols == 1 else "s"
    )
    if cols == 0:
        return head
    shown = table._rows(0, _REPR_ROWS)
    lines = [list(table.columns), list(table.types.values())]
    lines += [[_cell_text(v) for v in row] for row in shown]
    widths = [max(len(line[k]) for line in lines) for k in range(cols)]
    out = [head]
    for line in lines:
        out.append("  ".join(cell.ljust(widths[k]) for k, cell in enumerate(line)).rstrip())
    if rows > len(shown):
        more = rows - len(shown)
        out.append(f"... {more} more row{'' if more == 1 else 's'}")
    return "\n".join(out)


def reduce(table: Any) -> tuple[Any, tuple[Any, ...]]:
    """pickle support: the columns in _from_arrays' form (exact, nulls kept),
    so a table crosses processes (multiprocessing, Dask) without pyarrow."""
    names = list(table.columns)
    kinds = [table.types[name] for name in names]
    parts = [table._column_parts(name) for name in names]
    values = [_np.array(v, copy=True) if isinstance(v, _np.ndarray) else v for v, _ in parts]
    valid = [m for _, m in parts]
    return _rebuild, (names, kinds, values, valid)


def _rebuild(names: list[str], kinds: list[str], values: list[Any], valid: list[Any]) -> Any:
    # A module-level function, so that pickle can name it.
    return _core.Table._from_arrays(names, kinds, values, valid)
