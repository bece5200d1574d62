"""A valid data package of N articles in this schema, for benchmarks: the real encoding replicated N times.

Copy i of the real package (i = 0 … N-1) gets fresh ids — every primary-key and foreign-key value gets
the suffix `-c{i:06d}` — and its own copy of the source text. By default each copy has
its own text file, `data/sources/corpus-{i:06d}.txt`, the layout of the real package (one article, one text
file): 1M rows are ~6,000 copies, i.e. ~6,000 files of 5 KB (30 MB), which a file system handles without
trouble. `copies_per_text=K` instead concatenates K copies of the text per file and shifts every offset
(`sources.text_start/text_end`, `evidence.start/end`) by the code-point length of the copies before it, to
measure the validator with fewer, larger texts.

Everything is vectorized with pyarrow (one concatenation per table, then element-wise kernels); the tables
are written with the package's own writers: `dataset.parquet_io.canonical`/`write_parquet`,
`dataset.csv_twin.write_csv` and `dataset.datapackage.descriptor`.

    python -m benchmarks.corpus OUT --rows 10000          # ~10k rows (60 copies)
    python -m benchmarks.corpus OUT --copies 6024         # ~1M rows
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dataset.arrow_schema import ARROW_SCHEMAS
from dataset.csv_twin import write_csv
from dataset.datapackage import csv_path, descriptor, parquet_path
from dataset.docs import json_bytes
from dataset.parquet_io import canonical, write_parquet
from dataset.tables import TABLES

REPO_ROOT = Path(__file__).resolve().parents[1]
PARQUET_DESCRIPTOR = "datapackage.parquet.json"
"""The same package with the Parquet files as its resources, for `frictionless validate` on Parquet."""

_OFFSET_COLUMNS = {"sources": ("text_start", "text_end"), "evidence": ("start", "end")}


def real_tables(root: Path = REPO_ROOT) -> dict[str, pa.Table]:
    """The real package's tables, read from its Parquet files."""
    return {name: pq.read_table(root / parquet_path(name), schema=ARROW_SCHEMAS[name]) for name in TABLES}


def rows_per_copy(root: Path = REPO_ROOT) -> int:
    return sum(pq.read_metadata(root / parquet_path(name)).num_rows for name in TABLES)


def copies_for_rows(rows: int, root: Path = REPO_ROOT) -> int:
    """The number of copies whose total row count is closest to `rows` (at least one)."""
    return max(1, round(rows / rows_per_copy(root)))


def _slug_columns(name: str) -> list[str]:
    """The key columns: the primary key and every foreign key (their values get the copy's suffix)."""
    table = TABLES[name]
    return [f.name for f in table.fields if f.name == table.primary_key or f.references]


def _text_name(copy_file: int, text_index: int, n_texts: int) -> str:
    stem = f"corpus-{copy_file:06d}" if n_texts == 1 else f"corpus-{copy_file:06d}-{text_index}"
    return f"data/sources/{stem}.txt"


def _write_texts(out_dir: Path, texts: list[str], copies: int, per_file: int) -> tuple[np.ndarray, np.ndarray]:
    """Write the text files; returns (path, sha256) arrays indexed [text_index, copy]."""
    n_files = -(-copies // per_file)
    paths = np.empty((len(texts), copies), dtype=object)
    digests = np.empty((len(texts), copies), dtype=object)
    (out_dir / "data" / "sources").mkdir(parents=True, exist_ok=True)
    for j, text in enumerate(texts):
        encoded = text.encode("utf-8")
        contents: dict[int, tuple[bytes, str]] = {}  # copies in the file → (bytes, sha256)
        for f in range(n_files):
            first = f * per_file
            count = min(per_file, copies - first)
            if count not in contents:
                data = encoded * count
                contents[count] = (data, hashlib.sha256(data).hexdigest())
            data, digest = contents[count]
            name = _text_name(f, j, len(texts))
            (out_dir / name).write_bytes(data)
            paths[j, first:first + count] = name
            digests[j, first:first + count] = digest
    return paths, digests


def _replicate(name: str, table: pa.Table, copies: int, per_file: int, text_of_row: np.ndarray,
               text_lengths: np.ndarray, paths: np.ndarray, digests: np.ndarray) -> pa.Table:
    """`copies` copies of one real table with fresh ids, text paths and shifted offsets."""
    n = table.num_rows
    big = pa.concat_tables([table] * copies).combine_chunks()
    copy = np.repeat(np.arange(copies, dtype=np.int64), n)
    suffix = pa.array([f"-c{i:06d}" for i in range(copies)], pa.string()).take(pa.array(copy))
    columns = {c: big.column(c) for c in big.column_names}
    for column in _slug_columns(name):
        columns[column] = pc.binary_join_element_wise(columns[column], suffix, "")  # null stays null
    if name in _OFFSET_COLUMNS:
        text = np.tile(text_of_row, copies)
        shift = pa.array((copy % per_file) * text_lengths[text])
        for column in _OFFSET_COLUMNS[name]:
            columns[column] = pc.add(columns[column], shift)
    if name == "sources":
        text = np.tile(text_of_row, copies)
        columns["text_path"] = pa.array(paths[text, copy], pa.string())
        columns["text_sha256"] = pa.array(digests[text, copy], pa.string())
    return pa.table(columns, schema=table.schema)


def _digest(path: Path) -> tuple[int, str]:
    sha = hashlib.sha256()
    size = 0
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 22):
            sha.update(chunk)
            size += len(chunk)
    return size, sha.hexdigest()


def parquet_descriptor(csv_descriptor: dict[str, Any]) -> dict[str, Any]:
    """The descriptor with the Parquet files as resources: same schemas (keys included), no `bytes` (the
    frictionless Parquet reader reports false byte-count errors), the Parquet sha256 as `hash`."""
    out = json.loads(json.dumps(csv_descriptor))
    for resource in out["resources"]:
        parquet = resource.pop("parquet")
        for key in ("bytes", "hash", "encoding", "dialect"):
            resource.pop(key, None)
        resource.update(path=parquet["path"], format="parquet", mediatype=parquet["mediatype"])
        resource["hash"] = parquet["hash"]
    return out


def write_corpus(out_dir: Path, copies: int, *, copies_per_text: int = 1, source: Path = REPO_ROOT,
                 overwrite: bool = False) -> dict[str, int]:
    """Write a valid package of `copies` copies of the real package at `source` into `out_dir`; returns the
    rows per table. Also writes `datapackage.parquet.json` (the Parquet files as resources)."""
    if copies < 1 or copies > 999_999:
        raise ValueError("copies must be between 1 and 999,999")
    if copies_per_text < 1:
        raise ValueError("copies_per_text must be at least 1")
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()):
        if not overwrite:
            raise FileExistsError(f"{out_dir} exists and is not empty (use overwrite=True / --force)")
        for old in ("data", "datapackage.json", PARQUET_DESCRIPTOR):
            target = out_dir / old
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
    (out_dir / "data" / "csv").mkdir(parents=True, exist_ok=True)

    real = real_tables(source)
    text_paths = list(dict.fromkeys(real["sources"].column("text_path").to_pylist()))
    texts = [(source / p).read_text(encoding="utf-8") for p in text_paths]
    text_lengths = np.array([len(t) for t in texts], dtype=np.int64)  # code points
    text_index = {p: j for j, p in enumerate(text_paths)}
    source_text = dict(zip(real["sources"].column("source_id").to_pylist(),
                           real["sources"].column("text_path").to_pylist(), strict=True))
    paths, digests = _write_texts(out_dir, texts, copies, copies_per_text)

    digests_by_file: dict[str, tuple[int, str]] = {}
    rows: dict[str, int] = {}
    tables: dict[str, pa.Table] = {}
    for name, table in real.items():
        if name == "sources":
            text_of_row = np.array([text_index[p] for p in table.column("text_path").to_pylist()], dtype=np.int64)
        elif "source_id" in table.column_names:
            text_of_row = np.array([text_index[source_text[s]] for s in table.column("source_id").to_pylist()],
                                   dtype=np.int64)
        else:
            text_of_row = np.zeros(table.num_rows, dtype=np.int64)
        big = _replicate(name, table, copies, copies_per_text, text_of_row, text_lengths, paths, digests)
        big = canonical(big, ARROW_SCHEMAS[name], TABLES[name].primary_key)
        tables[name] = big
        rows[name] = big.num_rows
        for relative, write in ((parquet_path(name), write_parquet), (csv_path(name), write_csv)):
            write(big, out_dir / relative)
            digests_by_file[relative] = _digest(out_dir / relative)

    package = descriptor(digests_by_file, tables["sources"].to_pylist())
    (out_dir / "datapackage.json").write_bytes(json_bytes(package))
    (out_dir / PARQUET_DESCRIPTOR).write_bytes(json_bytes(parquet_descriptor(package)))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the package into")
    size = parser.add_mutually_exclusive_group(required=True)
    size.add_argument("--rows", type=int, help="about this many rows in total")
    size.add_argument("--copies", type=int, help="this many copies of the real package")
    parser.add_argument("--copies-per-text", type=int, default=1,
                        help="copies of the source text per text file (default 1: one file per copy)")
    parser.add_argument("--source", type=Path, default=REPO_ROOT, help="the real package (default: this checkout)")
    parser.add_argument("--force", action="store_true", help="replace a corpus already in OUT")
    args = parser.parse_args(argv)
    copies = args.copies if args.copies is not None else copies_for_rows(args.rows, args.source)
    started = time.perf_counter()
    try:
        rows = write_corpus(args.out, copies, copies_per_text=args.copies_per_text, source=args.source,
                            overwrite=args.force)
    except (FileExistsError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - started
    print(json.dumps({"out": str(args.out), "copies": copies, "copies_per_text": args.copies_per_text,
                      "rows": rows, "total_rows": sum(rows.values()), "seconds": round(seconds, 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
