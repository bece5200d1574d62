"""Loading the installed tables: pandas, pyarrow or polars, and DuckDB views.

This is the import path of every user, so it imports only pyarrow up front; pandas, polars and duckdb are
imported when an engine asks for them, and no validation library is ever imported here.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from dataset.containment import DESCRIPTOR_NAME, TEXT_LIMIT, Folder, Refused, load_descriptor, open_regular
from dataset.schema.datapackage import declared_parts, parquet_path
from dataset.schema.lineends import normalize_line_ends
from dataset.schema.tables import TABLES

if TYPE_CHECKING:
    import duckdb
    import pandas as pd
    import polars as pl
    import pyarrow as pa

Engine = Literal["pandas", "pyarrow", "polars"]
ENGINES: tuple[str, ...] = ("pandas", "pyarrow", "polars")
_EXTRA_OF = {"polars": "polars", "duckdb": "duckdb", "pandas": "", "pyarrow": ""}


@cache
def data_root() -> Path:
    """The folder holding `datapackage.json`: inside the installed package, or the source checkout."""
    here = Path(__file__).resolve().parent
    for root in (here / "_data", here.parent):
        if (root / "datapackage.json").is_file():
            return root
    raise FileNotFoundError(f"no datapackage.json found in {here / '_data'} or {here.parent}")


def package_root(root: str | Path | None = None) -> Path:
    """The folder of a data package in this schema: `root` (a folder or its `datapackage.json`), or the
    installed data when `root` is None."""
    if root is None:
        return data_root()
    folder = Path(root)
    if folder.name == "datapackage.json" or folder.is_file():
        folder = folder.parent
    if not (folder / "datapackage.json").is_file():
        raise FileNotFoundError(f"no datapackage.json in {folder}")
    return folder


def tables() -> tuple[str, ...]:
    """The table names, in dependency order: sources, actors, statements, incidents, casualties, evidence."""
    return tuple(TABLES)


def _check_table(name: str) -> str:
    if name not in TABLES:
        raise ValueError(f"unknown table {name!r}; choose one of: {', '.join(TABLES)}")
    return name


def path(name: str, *, root: str | Path | None = None) -> Path:
    """The Parquet file of a table, as a real file path (for DuckDB or any Parquet reader); for a table laid out
    as a hive-partitioned dataset (`dataset.hive`), its folder. `root` names another package in this schema
    (default: the installed data)."""
    folder = package_root(root)
    return Path(Folder(folder).resolve(_parquet_entry(folder, _check_table(name)).get("path", parquet_path(name))))


def _parts(name: str, root: Path) -> list[Path]:
    """The Parquet file(s) of a table as the descriptor declares them, one file or every hive part, each a
    regular file inside the package (`dataset.containment`; Refused otherwise)."""
    folder = Folder(root)
    parts = declared_parts(_parquet_entry(root, name))
    if not parts:
        raise Refused(f"the descriptor in {root} lists no Parquet parts for {name}")
    for part in parts:
        try:
            folder.stat(part.get("path"))
        except Refused as err:
            raise Refused(f"Parquet file of {name} {part.get('path')!r}: {err}") from None
    return [Path(folder.resolve(part["path"])) for part in parts]


def _parquet_entry(root: Path, name: str) -> dict[str, Any]:
    """The `parquet` entry of a table's resource (`{"path": data/<name>.parquet}` if the descriptor has none)."""
    descriptor = root / DESCRIPTOR_NAME
    stat = descriptor.stat()
    return _parquet_entries(str(descriptor), stat.st_mtime_ns, stat.st_size).get(name, {"path": parquet_path(name)})


@lru_cache(maxsize=8)
def _parquet_entries(descriptor: str, mtime_ns: int, size: int) -> dict[str, dict[str, Any]]:
    entries: dict[str, dict[str, Any]] = {}
    for resource in load_descriptor(descriptor).body["resources"]:  # the first of each name, as validate checks
        if isinstance(resource.get("parquet"), dict):
            entries.setdefault(resource["name"], resource["parquet"])
    return entries


def datapackage(*, root: str | Path | None = None) -> dict[str, Any]:
    """The Frictionless descriptor (`datapackage.json`) of the installed data, or of the package at `root`, read
    with the limits of `dataset.containment.load_descriptor`."""
    return load_descriptor(package_root(root)).body


def require_module(module: str) -> Any:
    """An optional library the engines need, imported; a ModuleNotFoundError names the extra that installs it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ModuleNotFoundError:
        extra = _EXTRA_OF.get(module, module)
        hint = f"pip install 'pakistan-iran-ties-2024[{extra}]'" if extra else f"pip install {module}"
        raise ModuleNotFoundError(f"{module} is not installed; install it with: {hint}") from None


def load(name: str, engine: Engine = "pandas", *, root: str | Path | None = None
         ) -> pd.DataFrame | pa.Table | pl.DataFrame:
    """One table as a DataFrame with its declared types, from the installed data or from the package in
    this schema at `root` (a folder or its `datapackage.json`).

    pandas: dates as `date32[pyarrow]`, integers as nullable `Int64`, numbers as `Float64`, booleans as
    `boolean`, enums as categoricals with every allowed value, text as `string`, lists as Python lists.
    polars: enums as `pl.Enum`. pyarrow: the stored types, enums dictionary-encoded.

    >>> import dataset
    >>> dataset.load("casualties")["count_best"].sum()
    np.int64(17)
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}")
    table = _read(name, package_root(root))
    if engine == "polars":
        return _polars(name, require_module("polars").from_arrow(table))
    return _pandas(name, table) if engine == "pandas" else table


def _read(name: str, root: Path) -> pa.Table:
    """A table as Arrow, with enum columns dictionary-encoded (Parquet stores them so: reading them so is free).
    Read once per process while the files are unchanged: Arrow tables are immutable, so every engine can start
    from the same one."""
    parts = _parts(_check_table(name), root)
    files = tuple((str(file), file.stat().st_mtime_ns, file.stat().st_size) for file in parts)
    return _read_cached(name, files)


@lru_cache(maxsize=2 * len(TABLES))
def _read_cached(name: str, files: tuple[tuple[str, int, int], ...]) -> pa.Table:
    import pyarrow as pa
    import pyarrow.parquet as pq

    enums = [f.name for f in TABLES[name].fields if f.enum]

    def read(file: str) -> pa.Table:
        with open_regular(file) as handle:  # checked by _parts; opened so that nothing swapped in can block
            return pq.read_table(handle, read_dictionary=enums)

    if len(files) == 1:
        return read(files[0][0])
    # A hive-partitioned table: its parts, in the flat file's row order (by primary key).
    parts = [read(file) for file, _, _ in files]
    table = pa.concat_tables(parts, promote_options="permissive")
    return table.sort_by(TABLES[name].primary_key)


def load_all(engine: Engine = "pandas", *, root: str | Path | None = None) -> dict[str, Any]:
    """Every table, by name."""
    return {name: load(name, engine, root=root) for name in TABLES}


def arrow_to_pandas(table: pa.Table) -> pd.DataFrame:
    """An Arrow table without list columns as pandas with the declared dtypes: dates as `date32[pyarrow]`,
    integers as `Int64`, numbers as `Float64`, booleans as `boolean`, text as `string`."""
    pd = require_module("pandas")
    import pyarrow as pa

    mapper = {pa.int64(): pd.Int64Dtype(), pa.string(): pd.StringDtype(), pa.float64(): pd.Float64Dtype(),
              pa.bool_(): pd.BooleanDtype(), pa.date32(): pd.ArrowDtype(pa.date32())}
    return table.to_pandas(types_mapper=mapper.get)


def _pandas(name: str, table: pa.Table) -> pd.DataFrame:
    pd = require_module("pandas")
    fields = TABLES[name].fields
    lists = [f.name for f in fields if f.type == "list"]
    frame = arrow_to_pandas(table.drop_columns(lists))
    for field in fields:
        if field.enum:  # categoricals with every allowed value, in the definition's order
            present = {v for chunk in table.column(field.name).chunks for v in chunk.dictionary.to_pylist()}
            if not present <= set(field.enum):
                raise ValueError(f"{name}.{field.name} holds values outside its allowed values: "
                                 f"{sorted(present - set(field.enum))}")
            frame[field.name] = frame[field.name].cat.set_categories(list(field.enum))
    for column in lists:  # Python lists, not numpy arrays
        frame.insert(table.schema.get_field_index(column), column,
                     pd.Series(table.column(column).to_pylist(), index=frame.index, dtype=object))
    return frame


def _polars(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    pl = require_module("polars")
    return frame.with_columns(
        pl.col(f.name).cast(pl.Enum(list(f.enum))) for f in TABLES[name].fields if f.enum
    )


def source_text(source_id: str, *, piece: bool = False, root: str | Path | None = None) -> str:
    """The text file holding a source piece, its line ends read as "\\n" (CRLF and CR too: the offset rule of
    `dataset.schema.lineends`). Offsets in the dataset index into this whole text; with `piece=True`, only the piece
    itself ([text_start, text_end) of its `sources` row)."""
    import pyarrow.compute as pc

    folder = package_root(root)
    sources = _read("sources", folder).select(["source_id", "text_path", "text_start", "text_end"])
    row = sources.filter(pc.equal(sources["source_id"], source_id)).to_pylist()
    if not row:
        known = ", ".join(sources["source_id"].to_pylist())
        raise ValueError(f"unknown source_id {source_id!r}; choose one of: {known}")
    text = normalize_line_ends(Folder(folder).read_bytes(row[0]["text_path"], TEXT_LIMIT).decode("utf-8"))
    return text[row[0]["text_start"]:row[0]["text_end"]] if piece else text


def connect(*, root: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with one view per table (of the installed data, or of the package at
    `root`).

    >>> import dataset
    >>> dataset.connect().sql("select count(*) from statements").fetchall()
    [(23,)]
    """
    duckdb = require_module("duckdb")
    connection = duckdb.connect()
    folder = package_root(root)
    for name in TABLES:
        files = ", ".join("'" + str(file).replace("'", "''") + "'" for file in _parts(name, folder))
        connection.execute(f"create view {name} as select * from read_parquet([{files}], hive_partitioning = false)")
    return connection
