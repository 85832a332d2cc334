"""postventa.Table, the columnar result type (SPEC §9.2), through the Python face.

Expected values are worked out by hand from the SPEC, the Arrow C data
interface specification and numpy's conventions, never copied from the
library's output. Facts used:
  - 2025-03-01 is day 20148 since 1970-01-01 (55 years with 14 leap days give
    20089 days to 2025-01-01, plus 31 + 28);
  - 2025-03-01T12:30:00Z is 20148 * 86400 + 45000 = 1740832200 s;
  - 90 minutes are 5 400 000 000 microseconds.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import gc
import pickle
import sys
from typing import Any

import numpy as np
import pandas as pd
import postventa as pv
import pyarrow as pa
import pytest

UTC = dt.timezone.utc
NOON = dt.datetime(2025, 3, 1, 12, 30, tzinfo=UTC)
NOON_US = 1_740_832_200 * 1_000_000


@pytest.fixture
def every_type() -> pv.Table:
    """Three rows; row 1 is null in every column but "x", where it is NaN, and
    "x" is null in row 2."""
    return pv.Table.from_columns(
        {
            "unit": ["SN-1", None, "ñandú"],
            "due": [dt.date(2025, 3, 1), None, dt.date(1969, 12, 31)],
            "n": [7, None, -3],
            "x": [1.5, float("nan"), None],
            "ok": [True, None, False],
            "at": [NOON, None, dt.datetime(1970, 1, 1, tzinfo=UTC)],
            "took": [dt.timedelta(minutes=90), None, dt.timedelta(microseconds=-1)],
        }
    )


# ---- Shape, names, types ------------------------------------------------------


def test_shape_columns_and_types(every_type: pv.Table) -> None:
    t = every_type
    assert len(t) == 3
    assert t.shape == (3, 7)
    assert t.columns == ["unit", "due", "n", "x", "ok", "at", "took"]
    assert t.types == {
        "unit": "string",
        "due": "date",
        "n": "int64",
        "x": "float64",
        "ok": "bool",
        "at": "timestamp",
        "took": "duration",
    }
    assert "due" in t
    assert "missing" not in t
    assert 3 not in t
    assert type(t) is pv.Table
    assert pv.Table.__module__ == "postventa"


def test_not_iterable_and_columns_by_name_only(every_type: pv.Table) -> None:
    with pytest.raises(TypeError, match=r"not iterable: use table\.columns"):
        iter(every_type)
    with pytest.raises(TypeError, match=r"expected a column name \(str\), got int"):
        every_type[0]  # type: ignore[index]
    with pytest.raises(pv.NotFoundError) as info:
        every_type["dew"]
    assert str(info.value) == (
        'columns["dew"]: no such column; the table has "unit", "due", "n", "x", "ok", "at", "took"'
    )
    assert isinstance(info.value, LookupError)


# ---- Columns as numpy arrays ---------------------------------------------------


def test_columns_are_numpy_arrays_with_nulls_as_nan_nat_none(every_type: pv.Table) -> None:
    t = every_type
    unit = t["unit"]
    assert unit.dtype == object
    assert unit.tolist() == ["SN-1", None, "ñandú"]

    due = t["due"]
    assert due.dtype == np.dtype("datetime64[D]")
    assert due.view(np.int64)[0] == 20148
    assert due.view(np.int64)[2] == -1
    assert np.isnat(due[1])

    # int64 with a null: float64 with NaN.
    n = t["n"]
    assert n.dtype == np.float64
    assert n[0] == 7.0 and n[2] == -3.0 and np.isnan(n[1])

    x = t["x"]
    assert x.dtype == np.float64
    assert x[0] == 1.5 and np.isnan(x[1]) and np.isnan(x[2])

    ok = t["ok"]
    assert ok.dtype == object
    assert ok.tolist() == [True, None, False]

    at = t["at"]
    assert at.dtype == np.dtype("datetime64[us]")
    assert at.view(np.int64)[0] == NOON_US
    assert at.view(np.int64)[2] == 0
    assert np.isnat(at[1])

    took = t["took"]
    assert took.dtype == np.dtype("timedelta64[us]")
    assert took.view(np.int64)[0] == 5_400_000_000
    assert took.view(np.int64)[2] == -1
    assert np.isnat(took[1])


def test_numeric_columns_are_zero_copy_read_only_views() -> None:
    t = pv.Table.from_columns(
        {
            "n": np.arange(5, dtype=np.int64),
            "x": np.linspace(0.0, 1.0, 5),
            "at": np.array([0, 1, 2, 3, 4], dtype="datetime64[us]"),
            "took": np.array([0, 1, 2, 3, 4], dtype="timedelta64[us]"),
            "flag": np.array([True, False, True, False, True]),
        }
    )
    for name in ("n", "x", "at", "took"):
        a = t[name]
        assert a.base is t, name
        assert not a.flags.writeable, name
        # Two reads see the same memory: no copy.
        assert t[name].ctypes.data == a.ctypes.data, name
    flag = t["flag"]
    assert flag.dtype == np.bool_
    assert flag.tolist() == [True, False, True, False, True]
    assert not flag.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        t["n"][0] = 99


def test_a_column_keeps_its_table_alive() -> None:
    x = pv.Table.from_columns({"x": np.arange(4.0)})["x"]
    gc.collect()
    assert x.tolist() == [0.0, 1.0, 2.0, 3.0]
    assert isinstance(x.base, pv.Table)


def test_an_empty_table_has_typed_empty_columns() -> None:
    t = pv.Table.from_columns({"unit": [], "due": []}, types={"unit": "string", "due": "date"})
    assert len(t) == 0
    assert t["unit"].dtype == object and t["unit"].shape == (0,)
    assert t["due"].dtype == np.dtype("datetime64[D]")
    assert t.to_pylist() == []
    # Its Arrow stream has the schema and no batch.
    assert pa.table(t).schema == pa.schema([("unit", pa.string()), ("due", pa.date32())])
    assert pa.table(t).num_rows == 0
    assert pv.Table.from_columns({}).shape == (0, 0)


# ---- Rows, equality, repr, pickle -------------------------------------------------


def test_to_pylist_gives_python_values(every_type: pv.Table) -> None:
    rows = every_type.to_pylist()
    assert rows[0] == {
        "unit": "SN-1",
        "due": dt.date(2025, 3, 1),
        "n": 7,
        "x": 1.5,
        "ok": True,
        "at": NOON,
        "took": dt.timedelta(minutes=90),
    }
    assert rows[0]["at"].tzinfo is UTC
    # Row 1: every column null except "x", which holds NaN.
    assert [k for k, v in rows[1].items() if v is None] == ["unit", "due", "n", "ok", "at", "took"]
    assert np.isnan(rows[1]["x"])
    assert rows[2] == {
        "unit": "ñandú",
        "due": dt.date(1969, 12, 31),
        "n": -3,
        "x": None,
        "ok": False,
        "at": dt.datetime(1970, 1, 1, tzinfo=UTC),
        "took": dt.timedelta(microseconds=-1),
    }


def test_equality_compares_names_types_and_cells(every_type: pv.Table) -> None:
    again = pv.Table.from_columns(
        {
            "unit": ["SN-1", None, "ñandú"],
            "due": [dt.date(2025, 3, 1), None, dt.date(1969, 12, 31)],
            "n": [7, None, -3],
            "x": [1.5, float("nan"), None],
            "ok": [True, None, False],
            "at": [NOON, None, dt.datetime(1970, 1, 1, tzinfo=UTC)],
            "took": [dt.timedelta(minutes=90), None, dt.timedelta(microseconds=-1)],
        }
    )
    assert again == every_type  # NaN equals NaN in the same cell
    assert again.equals(every_type)
    nan = pv.Table.from_columns({"x": [float("nan")]})
    null = pv.Table.from_columns({"x": [None]}, types={"x": "float64"})
    assert nan != null
    assert pv.Table.from_columns({"a": [1]}) != pv.Table.from_columns({"b": [1]})
    assert pv.Table.from_columns({"a": [1]}) != pv.Table.from_columns({"a": [1.0]})
    assert every_type != "a table"
    with pytest.raises(TypeError, match="unhashable"):
        hash(every_type)


def test_repr_shows_shape_types_and_first_rows() -> None:
    t = pv.Table.from_columns(
        {
            "unit": ["SN-1", "SN-22", None],
            "due": [dt.date(2025, 3, 1), dt.date(2025, 3, 4), None],
            "overdue": [False, True, None],
        }
    )
    assert repr(t) == (
        "postventa.Table: 3 rows x 3 columns\n"
        "unit    due         overdue\n"
        "string  date        bool\n"
        "SN-1    2025-03-01  False\n"
        "SN-22   2025-03-04  True\n"
        "null    null        null"
    )
    long = pv.Table.from_columns({"n": np.arange(12)})
    lines = repr(long).splitlines()
    assert lines[0] == "postventa.Table: 12 rows x 1 column"
    assert lines[2:4] == ["int64", "0"]
    assert lines[-2:] == ["9", "... 2 more rows"]
    assert repr(pv.Table.from_columns({})) == "postventa.Table: 0 rows x 0 columns"


def test_pickle_round_trip_keeps_nulls(every_type: pv.Table) -> None:
    back = pickle.loads(pickle.dumps(every_type))
    assert back == every_type
    assert back is not every_type
    assert back.to_pylist()[1]["n"] is None


# ---- from_columns -------------------------------------------------------------


def test_from_columns_reads_numpy_dtypes() -> None:
    t = pv.Table.from_columns(
        {
            "i32": np.array([1, -2], dtype=np.int32),
            "f32": np.array([0.5, 2.0], dtype=np.float32),
            "s": np.array(["a", "bc"]),
            "day": np.array(["2025-03-01", "NaT"], dtype="datetime64[D]"),
            "month": np.array(["2025-03"], dtype="datetime64[M]").repeat(2),
            # -1500 ns floors to -2 us; 1500 ns to 1 us.
            "ns": np.array([-1500, 1500], dtype="datetime64[ns]"),
            "ms": np.array([1, "NaT"], dtype="timedelta64[ms]"),
        }
    )
    assert t.types == {
        "i32": "int64",
        "f32": "float64",
        "s": "string",
        "day": "date",
        "month": "date",
        "ns": "timestamp",
        "ms": "duration",
    }
    assert t["i32"].tolist() == [1, -2]
    assert t["f32"].tolist() == [0.5, 2.0]
    assert t["s"].tolist() == ["a", "bc"]
    assert t["day"].view(np.int64)[0] == 20148 and np.isnat(t["day"][1])
    assert t["month"].view(np.int64).tolist() == [20148, 20148]
    assert t["ns"].view(np.int64).tolist() == [-2, 1]
    assert t["ms"].view(np.int64)[0] == 1000 and np.isnat(t["ms"][1])


def test_from_columns_with_types() -> None:
    t = pv.Table.from_columns(
        {
            # pandas keeps integers with a gap as floats with NaN.
            "n": np.array([1.0, np.nan, -4.0]),
            # datetime64[ns] midnights, pandas' form of dates.
            "due": np.array(["2025-03-01", "NaT", "1970-01-01"], dtype="datetime64[ns]"),
            "x": [1, 2, None],
            "none": [None, None, None],
        },
        types={"n": "int64", "due": "date", "x": "float64", "none": "string"},
    )
    assert t.to_pylist()[0] == {"n": 1, "due": dt.date(2025, 3, 1), "x": 1.0, "none": None}
    assert t.to_pylist()[1] == {"n": None, "due": None, "x": 2.0, "none": None}
    assert t.to_pylist()[2]["due"] == dt.date(1970, 1, 1)


@pytest.mark.parametrize(
    ("columns", "types", "message"),
    [
        (
            {"a": [1, 2, 3], "b": [1, 2]},
            None,
            'columns["b"]: has 2 rows, but columns["a"] has 3 rows; every column must have '
            "the same number of rows",
        ),
        ({"": [1]}, None, "columns[0]: a column name must not be empty"),
        (
            {"a": ["x", 1]},
            None,
            'columns["a"]: mixed values: str (row 0) and int (row 1); a column holds one type',
        ),
        (
            {"at": [dt.datetime(2025, 3, 1, 12, 30)]},
            None,
            'columns["at"][0]: naive datetime (2025-03-01T12:30:00); pass a timezone-aware '
            "datetime (e.g. tzinfo=datetime.timezone.utc)",
        ),
        (
            {"a": [None, None]},
            None,
            'columns["a"]: cannot tell the column\'s type, it has no value that is not null; '
            'pass types={"a": ...} (one of int64, float64, bool, string, date, timestamp, '
            "duration)",
        ),
        (
            {"a": [1]},
            {"a": "int"},
            "types[\"a\"]: 'int' is not a column type; use one of "
            "int64, float64, bool, string, date, timestamp, duration",
        ),
        ({"a": [1]}, {"b": "int64"}, 'types["b"]: no such column in columns'),
        (
            {"u": np.array([2**63], dtype=np.uint64)},
            None,
            'columns["u"][0]: 9223372036854775808 does not fit in int64',
        ),
        ({"big": [1, 2**63]}, None, 'columns["big"][1]: 9223372036854775808 does not fit in int64'),
        (
            {"n": np.array([1.0, 2.5])},
            {"n": "int64"},
            'columns["n"][1]: 2.5 is not a whole number in int64\'s range',
        ),
        (
            {"c": np.array([1j])},
            None,
            'columns["c"]: numpy arrays of dtype complex128 cannot be stored in a table; use '
            "int64, float64, bool, string, date, timestamp, duration values",
        ),
        (
            {"m": np.zeros((2, 2))},
            None,
            'columns["m"]: expected one dimension of values, got shape (2, 2)',
        ),
        (
            {"a": [1, "x"]},
            {"a": "int64"},
            "columns[\"a\"][1]: expected an int in a int64 column, got str ('x')",
        ),
        (
            {"d": np.array(["2025-03-01T10:00"], dtype="datetime64[m]")},
            {"d": "date"},
            'columns["d"][0]: 2025-03-01T10:00 is not a date (it is not midnight)',
        ),
        (
            {"s": ["ok", "\ud800"]},
            None,
            'columns["s"][1]: the text cannot be encoded as UTF-8 (it holds a lone surrogate)',
        ),
        (
            {"o": [[1]]},
            None,
            'columns["o"][0]: a value of type list cannot be stored in a table; use int, '
            "float, bool, str, datetime.date, datetime.datetime or datetime.timedelta",
        ),
    ],
)
def test_from_columns_errors(columns: dict[str, Any], types: Any, message: str) -> None:
    with pytest.raises(pv.ValidationError) as info:
        pv.Table.from_columns(columns, types)
    assert str(info.value) == message


def test_from_columns_argument_types() -> None:
    with pytest.raises(TypeError, match=r"columns: expected a mapping"):
        pv.Table.from_columns([1, 2])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"a column name must be a str, got int"):
        pv.Table.from_columns({1: [1]})  # type: ignore[dict-item]


def test_nan_is_a_value_in_float_columns_and_a_null_elsewhere() -> None:
    t = pv.Table.from_columns({"x": [1.0, float("nan")], "s": ["a", float("nan")]})
    assert t.types == {"x": "float64", "s": "string"}
    rows = t.to_pylist()
    assert np.isnan(rows[1]["x"])
    assert rows[1]["s"] is None


# ---- pandas --------------------------------------------------------------------


def test_to_pandas(every_type: pv.Table) -> None:
    df = every_type.to_pandas()
    assert list(df.columns) == every_type.columns
    assert len(df) == 3
    assert df["n"].dtype == np.float64  # int64 with a null, as pyarrow's to_pandas
    assert df["x"].dtype == np.float64
    assert df["ok"].tolist() == [True, None, False]
    assert df["due"].dtype.kind == "M"  # midnights (pandas has no day unit)
    assert df["due"][0] == pd.Timestamp("2025-03-01")
    assert pd.isna(df["due"][1])
    assert str(df["at"].dt.tz) == "UTC"
    assert df["at"][0] == pd.Timestamp(NOON)
    assert df["took"][0] == pd.Timedelta(minutes=90)
    assert df["unit"][2] == "ñandú"
    # The DataFrame owns its data: changing it leaves the table as it was.
    df.loc[0, "x"] = 99.0
    assert every_type["x"][0] == 1.5


def test_pandas_round_trip() -> None:
    t = pv.Table.from_columns(
        {
            "unit": ["SN-1", None, "SN-3"],
            "due": [dt.date(2025, 3, 1), None, dt.date(2025, 3, 3)],
            "n": [1, None, 3],
            "x": [0.5, 1.5, float("nan")],
            "ok": [True, None, False],
            "at": [NOON, None, NOON + dt.timedelta(microseconds=1)],
            "took": [None, dt.timedelta(seconds=1), dt.timedelta(0)],
        }
    )
    back = pv.Table.from_columns(t.to_pandas(), types=t.types)
    assert back == t


def test_to_pandas_without_pandas(every_type: pv.Table, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"to_pandas\(\) needs pandas, which is not installed"):
        every_type.to_pandas()


# ---- Arrow: pyarrow, polars, DuckDB -------------------------------------------------


def test_pyarrow_reads_the_same_values_and_types(every_type: pv.Table) -> None:
    at = pa.table(every_type)
    assert at.schema == pa.schema(
        [
            ("unit", pa.string()),
            ("due", pa.date32()),
            ("n", pa.int64()),
            ("x", pa.float64()),
            ("ok", pa.bool_()),
            ("at", pa.timestamp("us", tz="UTC")),
            ("took", pa.duration("us")),
        ]
    )
    assert at.num_rows == 3
    assert at.column("n").null_count == 1
    assert at.column("x").null_count == 1  # row 2; row 1 is a NaN value
    assert at.column("x").to_pylist()[2] is None
    assert np.isnan(at.column("x").to_pylist()[1])
    rows = at.to_pylist()
    mine = every_type.to_pylist()
    for a, b in zip(rows, mine):
        assert a.keys() == b.keys()
        for key in a:
            if key == "x" and a[key] is not None and np.isnan(a[key]):
                assert np.isnan(b[key])
            else:
                assert a[key] == b[key], key


def test_pyarrow_shares_the_tables_memory() -> None:
    t = pv.Table.from_columns({"x": np.arange(8.0), "n": np.arange(8)})
    batch = pa.table(t).column("x").chunk(0)
    assert batch.buffers()[0] is None  # no nulls: no validity bitmap
    assert batch.buffers()[1].address == t["x"].ctypes.data
    assert pa.table(t).column("n").chunk(0).buffers()[1].address == t["n"].ctypes.data


def test_the_stream_outlives_the_table() -> None:
    reader = pa.RecordBatchReader.from_stream(
        pv.Table.from_columns({"unit": ["SN-1", "SN-2"], "n": [1, 2]})
    )
    gc.collect()
    assert reader.read_all().to_pydict() == {"unit": ["SN-1", "SN-2"], "n": [1, 2]}


def test_a_large_table_comes_in_several_batches() -> None:
    # 2 500 000 rows in batches of 2^20 = 1 048 576: 1048576, 1048576 and
    # 2500000 - 2097152 = 402848 rows.
    rows = 2_500_000
    t = pv.Table.from_columns({"n": np.arange(rows), "unit": [f"SN-{i}" for i in range(rows)]})
    reader = pa.RecordBatchReader.from_stream(t)
    lengths = [batch.num_rows for batch in reader]
    assert lengths == [1_048_576, 1_048_576, 402_848]
    whole = pa.table(t)
    assert whole.column("unit")[1_048_576].as_py() == "SN-1048576"
    assert whole.column("n")[2_499_999].as_py() == 2_499_999


def test_the_capsule_follows_the_pycapsule_interface(every_type: pv.Table) -> None:
    capsule = every_type.__arrow_c_stream__()
    is_valid = ctypes.pythonapi.PyCapsule_IsValid
    is_valid.restype = ctypes.c_int
    is_valid.argtypes = [ctypes.py_object, ctypes.c_char_p]
    assert is_valid(capsule, b"arrow_array_stream") == 1
    reader = pa.RecordBatchReader._import_from_c_capsule(capsule)
    assert reader.read_all().num_rows == 3
    # A capsule can be consumed once: the consumer moved the stream out.
    with pytest.raises(Exception, match="released"):
        pa.RecordBatchReader._import_from_c_capsule(capsule)
    # A capsule nobody consumes is released by its destructor.
    unused = every_type.__arrow_c_stream__()
    del unused
    gc.collect()


def test_requested_schema(every_type: pv.Table) -> None:
    same = pa.table(every_type).schema
    # A request for the table's own fields is honoured (there is one Arrow form).
    capsule = every_type.__arrow_c_stream__(same.__arrow_c_schema__())
    assert pa.RecordBatchReader._import_from_c_capsule(capsule).schema == same
    fewer = pa.schema([("unit", pa.string())])
    with pytest.raises(pv.ValidationError) as info:
        every_type.__arrow_c_stream__(fewer.__arrow_c_schema__())
    assert str(info.value) == (
        "requested_schema: expected a struct of 7 fields (unit, due, n, x, ok, at, took), "
        'got format "+s" with 1 children'
    )
    renamed = pa.schema([(f"c{i}", f.type) for i, f in enumerate(same)])
    with pytest.raises(pv.ValidationError, match=r'field 0 is named "c0", but the table'):
        every_type.__arrow_c_stream__(renamed.__arrow_c_schema__())
    with pytest.raises(TypeError, match=r"requested_schema: expected None or a PyCapsule"):
        every_type.__arrow_c_stream__("unit")


def test_polars_reads_the_table(every_type: pv.Table) -> None:
    pl = pytest.importorskip("polars")
    df = pl.DataFrame(every_type)
    assert df.columns == every_type.columns
    assert df["unit"].to_list() == ["SN-1", None, "ñandú"]
    assert df["due"].to_list() == [dt.date(2025, 3, 1), None, dt.date(1969, 12, 31)]
    assert df["n"].to_list() == [7, None, -3]
    assert df["ok"].to_list() == [True, None, False]
    assert df["took"].to_list()[0] == dt.timedelta(minutes=90)
    assert df.schema["at"] == pl.Datetime("us", "UTC")


def test_duckdb_reads_the_table(every_type: pv.Table) -> None:
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    con.register("tbl", every_type)
    rows = con.execute("SELECT unit, due, n, ok FROM tbl WHERE n IS NOT NULL ORDER BY n").fetchall()
    assert rows == [
        ("ñandú", dt.date(1969, 12, 31), -3, False),
        ("SN-1", dt.date(2025, 3, 1), 7, True),
    ]
    assert con.execute("SELECT count(*), count(unit) FROM tbl").fetchone() == (3, 2)
