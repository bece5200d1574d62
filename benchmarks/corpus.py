"""A valid data package of N articles in this schema, for benchmarks: N varied copies of the real encoding.

Copy i of the real package (i = 0 … N-1) gets fresh ids (every primary-key and foreign-key value gets the suffix
`-c{i:06d}`) and its own source text, varied the way real articles differ (`benchmarks.variation`): its
paragraphs reordered within each piece (headline and first paragraph kept in place), every word of four letters
or more mapped to another (names to made-up names, words to the package's other words, one-to-one per copy),
small numbers mapped to others of as many digits, and its dates moved by a whole number of weeks (weekdays stay
right; month windows move to the month the shift lands in, with the month names in the text). Every column that
quotes the text (evidence spans and offsets, verbatim values, datelines, piece offsets, text hashes) is
recomputed from the varied text, the free prose (titles, names, roles, notes, descriptions) is varied with the
same word map, ids with it too, and casualty counts follow the numbers of their victim description; so the
corpus is valid and its Parquet files compress like real data, not like N identical copies.

By default each copy has its own text file, `data/sources/corpus-{i:06d}.txt`, the layout of the real package
(one article, one text file). `copies_per_text=K` instead concatenates K copies' texts per file and shifts every
offset (`sources.text_start/text_end`, `evidence.start/end`) by the code-point length of the copies before it,
to measure the validator with fewer, larger texts.

Generation is vectorized over batches of copies (integer arithmetic on piece indices, one pyarrow `take` and
`binary_join` per column); the only per-copy Python work is joining and writing its 5 KB text. The variation is
seeded: the same arguments give byte-identical files, and copy i is the same in every corpus of the same seed.
The tables are written with the package's own writers: `dataset.schema.parquet_io.canonical`/`write_parquet`,
`dataset.schema.csv_twin.write_csv` and `dataset.schema.datapackage.descriptor`.

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

from benchmarks.variation import NUMBER, Lexicon, Params, Template, make_params, map_numbers, month_shift
from dataset.schema.arrow_schema import ARROW_SCHEMAS
from dataset.schema.csv_twin import write_csv
from dataset.schema.datapackage import csv_path, descriptor, parquet_path
from dataset.schema.docs import json_bytes
from dataset.schema.fields import DATE_END, DATE_PRECISION, DATE_START
from dataset.schema.parquet_io import canonical, write_parquet
from dataset.schema.tables import TABLES

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


DEFAULT_SEED = 20240119
BATCH = 1024
"""Copies per batch. Fixed, so that a copy's variation depends only on the seed and its index."""


def _slug_columns(name: str) -> list[str]:
    """The key columns: the primary key and every foreign key (their values get the copy's suffix)."""
    table = TABLES[name]
    return [f.name for f in table.fields if f.name == table.primary_key or f.references]


def _prose_columns(name: str) -> list[str]:
    """Free prose: string columns with no code list, no pattern, no key and no verbatim text (varied with the
    copy's word map; no rule ties them to anything)."""
    table = TABLES[name]
    return [f.name for f in table.fields if f.type == "string" and not (f.enum or f.pattern or f.references
                                                                           or f.verbatim)
            and f.name != table.primary_key]


def _text_name(copy_file: int, text_index: int, n_texts: int) -> str:
    stem = f"corpus-{copy_file:06d}" if n_texts == 1 else f"corpus-{copy_file:06d}-{text_index}"
    return f"data/sources/{stem}.txt"


class _Plan:
    """Everything a copy is rendered from: the lexicon, the texts cut into pieces and lines, and a template for
    every varied column of every table."""

    def __init__(self, real: dict[str, pa.Table], source: Path, seed: int) -> None:
        self.real, self.seed = real, seed
        sources, evidence = real["sources"].to_pylist(), real["evidence"].to_pylist()
        self.paths = list(dict.fromkeys(s["text_path"] for s in sources))
        texts = [(source / p).read_text(encoding="utf-8") for p in self.paths]
        text_of_source = {s["source_id"]: self.paths.index(s["text_path"]) for s in sources}

        def locate_value(name: str, table: pa.Table, row: int, value: str) -> tuple[int, int, int]:
            """Where a verbatim value is quoted: in its piece (a dateline) or in the first evidence span of its
            record that contains it."""
            if name == "sources":
                s = sources[row]
                j = text_of_source[s["source_id"]]
                at = texts[j].find(value, s["text_start"])
                if at < 0 or at + len(value) > s["text_end"]:
                    raise ValueError(f"sources {s['source_id']}: {value!r} is not in its piece")
                return j, at, at + len(value)
            key = TABLES[name].primary_key
            record = table.column(key)[row].as_py()
            for e in evidence:
                if e[key] == record and value in e["text"]:
                    at = e["start"] + e["text"].index(value)
                    return text_of_source[e["source_id"]], at, at + len(value)
            raise ValueError(f"{name} {record}: {value!r} is in no evidence span of its record")

        # Every quoted range (text, start, end), and the cuts the texts need so that each is whole pieces.
        quoted: dict[tuple[str, str], list[tuple[int, int, int] | None]] = {}
        quoted[("sources", "piece")] = [(text_of_source[s["source_id"]], s["text_start"], s["text_end"])
                                        for s in sources]
        quoted[("evidence", "span")] = [(text_of_source[e["source_id"]], e["start"], e["end"]) for e in evidence]
        items: dict[tuple[str, str], list[int]] = {}  # list columns: row of each item
        for name, table in real.items():
            for field in (f for f in TABLES[name].fields if f.verbatim):
                if name == "evidence":
                    quoted[(name, field.name)] = quoted[("evidence", "span")]
                    continue
                values = table.column(field.name).to_pylist()
                if field.type == "list":
                    items[(name, field.name)] = [r for r, v in enumerate(values) for _ in (v or [])]
                    values = [x for v in values for x in (v or [])]
                    rows = items[(name, field.name)]
                else:
                    rows = list(range(len(values)))
                quoted[(name, field.name)] = [None if v is None else locate_value(name, table, r, v)
                                              for r, v in zip(rows, values, strict=True)]
        cuts: list[set[int]] = [set() for _ in texts]
        for ranges in quoted.values():
            for r in ranges:
                if r is not None:
                    cuts[r[0]].update(r[1:])
        for j, text in enumerate(texts):
            for i, char in enumerate(text):
                if char == "\n":
                    cuts[j].update((i, i + 1))

        prose = texts + [v for name, table in real.items() for c in _prose_columns(name)
                         for v in table.column(c).to_pylist() if v is not None]
        slugs = [v for name, table in real.items() for c in _slug_columns(name)
                 for v in table.column(c).to_pylist() if v is not None]
        self.lexicon = lex = Lexicon(prose, slugs)

        # The texts as one template, a row per text; piece indices below are global.
        rows, starts, base = [], [], 0
        self.piece_base: list[int] = []
        for j, text in enumerate(texts):
            template, piece_starts = lex.text_template(text, cuts[j])
            rows.append(template)
            starts.append(piece_starts)
            self.piece_base.append(base)
            base += template.pieces
        self.text = Template(np.array([0, *np.cumsum([t.pieces for t in rows])], dtype=np.int64),
                             np.concatenate([t.kind for t in rows]), np.concatenate([t.arg for t in rows]),
                             np.concatenate([t.case for t in rows]), np.zeros(len(rows), dtype=bool))

        def piece(j: int, offset: int) -> int:
            q = int(np.searchsorted(starts[j], offset))
            assert starts[j][q] == offset, (j, offset)
            return self.piece_base[j] + q

        # Lines (split at "\n"), and which of them may move: the lines of a piece after its first two
        # (headline and opening paragraph), unless a quoted range crosses a line break in that text. A run of
        # movable lines is shuffled among itself: its lines' sort keys are drawn within the run.
        self.line_ranges: list[tuple[int, int]] = []
        self.line_text: list[int] = []
        line_of: list[list[tuple[int, int]]] = []  # per text: (start, end) offsets of each line
        movable: list[tuple[int, int] | None] = []  # (text, piece) of a movable line
        for j, text in enumerate(texts):
            bounds, at = [], 0
            for line in text.split("\n"):
                bounds.append((at, at + len(line)))
                at += len(line) + 1
            line_of.append(bounds)
            crossing = any(r is not None and r[0] == j and "\n" in text[r[1]:r[2]]
                           for key, ranges in quoted.items() if key != ("sources", "piece") for r in ranges)
            pieces = sorted((s["text_start"], s["text_end"]) for s in sources if text_of_source[s["source_id"]] == j)
            for i, (a, b) in enumerate(bounds):
                self.line_ranges.append((piece(j, a), piece(j, b)))
                self.line_text.append(j)
                block = next((k for k, (ps, pe) in enumerate(pieces) if ps <= a and b <= pe), None)
                before = 0 if block is None else sum(1 for k in range(i) if bounds[k][0] >= pieces[block][0])
                movable.append((j, block) if block is not None and before >= 2 and not crossing else None)
        run_start = np.arange(len(movable), dtype=np.float64)
        run_length = np.zeros(len(movable), dtype=np.float64)
        i = 0
        while i < len(movable):
            k = i
            while movable[i] is not None and k + 1 < len(movable) and movable[k + 1] == movable[i]:
                k += 1
            if movable[i] is not None:
                run_start[i:k + 1], run_length[i:k + 1] = i, k + 1 - i
            i = k + 1
        self.run_start, self.run_length = run_start, run_length
        self.lines = lex.compact(self.text.select(self.line_ranges))
        self.line_first = np.array([q0 for q0, _ in self.line_ranges], dtype=np.int64)
        line_starts = [np.array([a for a, _ in b], dtype=np.int64) for b in line_of]

        def locate(r: tuple[int, int, int]) -> tuple[int, int, int]:
            j, a, b = r
            line = int(np.searchsorted(line_starts[j], a, side="right")) - 1 + sum(len(x) for x in line_of[:j])
            return line, piece(j, a), piece(j, b)

        self.ranges = {k: [None if r is None else locate(r) for r in v] for k, v in quoted.items()}
        self.offsets = {k: np.array([r for r in self.ranges[k]], dtype=np.int64)
                        for k in (("sources", "piece"), ("evidence", "span"))}
        self.verbatim = {k: self.text.select([None if r is None else (r[1], r[2]) for r in v])
                         for k, v in self.ranges.items() if k[1] not in ("piece", "span")}
        self.prose = {(name, c): lex.compact(lex.template(table.column(c).to_pylist()))
                      for name, table in real.items() for c in _prose_columns(name)}
        self.slugs = {(name, c): lex.compact(lex.template(table.column(c).to_pylist()))
                      for name, table in real.items() for c in _slug_columns(name)}
        self.piece_text = np.array([text_of_source[s["source_id"]] for s in sources], dtype=np.int64)
        self.span_text = np.array([text_of_source[e["source_id"]] for e in evidence], dtype=np.int64)
        self.counts = self._casualty_counts()  # reads the uncompacted victim descriptions
        self.verbatim = {k: lex.compact(t) for k, t in self.verbatim.items()}

    def _casualty_counts(self) -> list[tuple[int, int, int]]:
        """(row, number, digits) of each casualty figure whose counts are all the one number its victim
        description prints: those counts follow that number."""
        out = []
        table = self.real["casualties"]
        columns = self.count_columns = [f.name for f in TABLES["casualties"].fields if f.unit == "persons"]
        counts = [table.column(c).to_pylist() for c in columns]
        template = self.verbatim[("casualties", "victim_description")]
        for row in range(table.num_rows):
            values = {c[row] for c in counts}
            lo, hi = template.row_offsets[row], template.row_offsets[row + 1]
            numbers = [(int(template.arg[q]), int(template.case[q])) for q in range(lo, hi)
                       if template.kind[q] == NUMBER]
            if len(values) == 1 and len(numbers) == 1 and numbers[0][0] == next(iter(values)):
                out.append((row, *numbers[0]))
        return out

    def params(self, batch: int, count: int) -> Params:
        rng = np.random.default_rng([self.seed, batch])
        full = make_params(rng, BATCH, self.lexicon, len(self.line_ranges))
        return Params(*(getattr(full, f)[:count] for f in full.__dataclass_fields__))


class _Texts:
    """The varied texts, written: each copy's piece and span offsets in its file, and each file's name and
    sha256."""

    def __init__(self, plan: _Plan, copies: int, per_file: int) -> None:
        n_texts = len(plan.paths)
        self.piece = np.zeros((copies, len(plan.offsets[("sources", "piece")]), 2), dtype=np.int64)
        self.span = np.zeros((copies, len(plan.offsets[("evidence", "span")]), 2), dtype=np.int64)
        self.files: list[list[str]] = [[] for _ in range(n_texts)]  # per text: name of each file
        self.digests: list[list[str]] = [[] for _ in range(n_texts)]
        self.per_file = per_file


def _write_texts(plan: _Plan, out_dir: Path, copies: int, per_file: int) -> _Texts:
    """Render and write every copy's texts (`per_file` copies per file); record the recomputed offsets."""
    lex, n_texts = plan.lexicon, len(plan.paths)
    out = _Texts(plan, copies, per_file)
    (out_dir / "data" / "sources").mkdir(parents=True, exist_ok=True)
    line_text = np.array(plan.line_text)
    lines_of = [np.flatnonzero(line_text == j) for j in range(n_texts)]
    q0 = np.array([r[0] for r in plan.line_ranges])
    q1 = np.array([r[1] for r in plan.line_ranges])
    pending: list[list[str]] = [[] for _ in range(n_texts)]
    pending_length = np.zeros(n_texts, dtype=np.int64)
    for batch, first in enumerate(range(0, copies, BATCH)):
        count = min(BATCH, copies - first)
        params = plan.params(batch, count)
        lengths = lex.lengths[lex.ids(plan.text, params)]
        cum = np.zeros((count, lengths.shape[1] + 1), dtype=np.int64)
        np.cumsum(lengths, axis=1, out=cum[:, 1:])
        line_length = cum[:, q1] - cum[:, q0]
        keys = plan.run_start[None, :] + params.line_keys * plan.run_length[None, :]
        new_start = np.zeros_like(line_length)
        orders = []
        for lines in lines_of:
            order = np.argsort(keys[:, lines], axis=1, kind="stable")
            ordered = np.take_along_axis(line_length[:, lines], order, axis=1) + 1
            starts = np.zeros_like(ordered)
            np.cumsum(ordered[:, :-1], axis=1, out=starts[:, 1:])
            local = np.empty_like(starts)
            np.put_along_axis(local, order, starts, axis=1)
            new_start[:, lines] = local
            orders.append(lines[order])
        text_length = [line_length[:, lines].sum(axis=1) + len(lines) - 1 for lines in lines_of]
        for key, target in ((("sources", "piece"), out.piece), (("evidence", "span"), out.span)):
            line, a, b = plan.offsets[key].T
            start = new_start[:, line] + cum[:, a] - cum[:, plan.line_first[line]]
            target[first:first + count, :, 0] = start
            target[first:first + count, :, 1] = start + cum[:, b] - cum[:, a]
        rendered = lex.render(plan.lines, params).to_pylist()
        n_lines = len(plan.line_ranges)
        for c in range(count):
            i = first + c
            for j in range(n_texts):
                text = "\n".join([rendered[c * n_lines + k] for k in orders[j][c]])
                assert len(text) == text_length[j][c]
                shift = pending_length[j]
                out.piece[i, :, :] += np.where(plan.piece_text[:, None] == j, shift, 0)
                out.span[i, :, :] += np.where(plan.span_text[:, None] == j, shift, 0)
                pending[j].append(text)
                pending_length[j] += len(text)
                if (i + 1) % per_file == 0 or i + 1 == copies:
                    name = _text_name(i // per_file, j, n_texts)
                    data = "".join(pending[j]).encode("utf-8")
                    (out_dir / name).write_bytes(data)
                    out.files[j].append(name)
                    out.digests[j].append(hashlib.sha256(data).hexdigest())
                    pending[j], pending_length[j] = [], 0
    return out


def _dates(name: str, columns: dict[str, Any], params: Params, rows: int) -> None:
    """Move every date of a batch by its copy's 7·k days; month and year windows move by whole months and
    years instead (`variation.month_shift`), so each stays a whole month or year."""
    days = np.repeat(params.weeks * 7, rows)
    for field in (f for f in TABLES[name].fields if f.type == "date"):
        column = columns[field.name]
        valid = pc.is_valid(column).to_numpy(zero_copy_only=False)
        values = pc.fill_null(column.cast(pa.int32()), 0).to_numpy().astype(np.int64) + days
        columns[field.name] = pa.array(values.astype(np.int32), pa.int32(), mask=~valid).cast(pa.date32())
    if DATE_PRECISION.name not in columns:
        return
    precision = columns[DATE_PRECISION.name].to_numpy(zero_copy_only=False)
    start = columns[DATE_START.name].to_numpy(zero_copy_only=False).astype("datetime64[D]")
    end = columns[DATE_END.name].to_numpy(zero_copy_only=False).astype("datetime64[D]")
    original = start - days.astype("timedelta64[D]")
    months = np.repeat(month_shift(params.weeks), rows)
    month = original.astype("datetime64[M]") + months
    year = original.astype("datetime64[Y]") + np.rint(months / 12).astype(np.int64)
    for unit, first in (("month", month), ("year", year)):
        at = precision == unit
        start[at] = first[at].astype("datetime64[D]")
        end[at] = (first[at] + 1).astype("datetime64[D]") - 1
    columns[DATE_START.name] = pa.array(start, pa.date32())
    columns[DATE_END.name] = pa.array(end, pa.date32())


def _table(plan: _Plan, name: str, copies: int, texts: _Texts) -> pa.Table:
    """All copies of one table, varied."""
    real, lex = plan.real[name], plan.lexicon
    n = real.num_rows
    parts = []
    for batch, first in enumerate(range(0, copies, BATCH)):
        count = min(BATCH, copies - first)
        params = plan.params(batch, count)
        copy = np.repeat(np.arange(first, first + count), n)
        columns = {c: real.column(c).take(pa.array(np.tile(np.arange(n), count))).combine_chunks()
                   for c in real.column_names}
        suffix = pa.array([f"-c{i:06d}" for i in range(first, first + count)], pa.string()).take(
            pa.array(np.repeat(np.arange(count), n)))
        for column in _slug_columns(name):
            ids = lex.render(plan.slugs[(name, column)], params)
            columns[column] = pc.binary_join_element_wise(ids, suffix, "")  # null stays null
        for column in _prose_columns(name):
            columns[column] = lex.render(plan.prose[(name, column)], params)
        for field in (f for f in TABLES[name].fields if f.verbatim):
            values = lex.render(plan.verbatim[(name, field.name)], params)
            if field.type == "list":
                lists = real.column(field.name).combine_chunks()
                sizes = pc.fill_null(pc.list_value_length(lists), 0).to_numpy()
                offsets = np.zeros(count * n + 1, dtype=np.int32)
                np.cumsum(np.tile(sizes, count), out=offsets[1:])
                mask = pa.array(np.tile(lists.is_null().to_numpy(zero_copy_only=False), count))
                values = pa.ListArray.from_arrays(pa.array(offsets), values, mask=mask)
            columns[field.name] = values
        _dates(name, columns, params, n)
        if name == "casualties" and plan.counts:
            rows, numbers, digits = (np.array(x) for x in zip(*plan.counts, strict=True))
            mapped = map_numbers(numbers, digits, params)
            for column in plan.count_columns:
                counts = columns[column].to_numpy().copy().reshape(count, n)
                counts[:, rows] = mapped
                columns[column] = pa.array(counts.ravel(), pa.int64())
        if name in _OFFSET_COLUMNS:
            offsets = (texts.piece if name == "sources" else texts.span)[first:first + count]
            for k, column in enumerate(_OFFSET_COLUMNS[name]):
                columns[column] = pa.array(offsets[:, :, k].ravel(), pa.int64())
        if name == "sources":
            text = np.tile(plan.piece_text, count)
            file_index = copy // texts.per_file
            columns["text_path"] = pa.array([texts.files[j][f] for j, f in zip(text, file_index, strict=True)],
                                            pa.string())
            columns["text_sha256"] = pa.array([texts.digests[j][f] for j, f in zip(text, file_index, strict=True)],
                                              pa.string())
        parts.append(pa.table(columns, schema=real.schema))
    return pa.concat_tables(parts)


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


def parquet_bytes_per_row(root: Path) -> float:
    """Bytes of the six Parquet files of the package at `root` per row (all tables together)."""
    root = Path(root)
    files = [root / parquet_path(name) for name in TABLES]
    rows = sum(pq.read_metadata(f).num_rows for f in files)
    return sum(f.stat().st_size for f in files) / rows


def parquet_column_bytes_per_row(root: Path) -> float:
    """Bytes of the column chunks (compressed pages, dictionaries included) of the six Parquet files per row:
    the files less their footers. A 166-row package spends most of its bytes on six footers (schema, field
    descriptions, statistics), which a million-row corpus shares out to nothing, so this is the figure that
    compares how the data itself compresses."""
    rows = size = 0
    for name in TABLES:
        metadata = pq.read_metadata(Path(root) / parquet_path(name))
        rows += metadata.num_rows
        size += sum(metadata.row_group(g).column(i).total_compressed_size
                    for g in range(metadata.num_row_groups) for i in range(metadata.num_columns))
    return size / rows


def write_corpus(out_dir: Path, copies: int, *, copies_per_text: int = 1, source: Path = REPO_ROOT,
                 overwrite: bool = False, seed: int = DEFAULT_SEED) -> dict[str, int]:
    """Write a valid package of `copies` varied copies of the real package at `source` into `out_dir`; returns
    the rows per table. Also writes `datapackage.parquet.json` (the Parquet files as resources)."""
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

    plan = _Plan(real_tables(source), Path(source), seed)
    texts = _write_texts(plan, out_dir, copies, copies_per_text)
    digests_by_file: dict[str, tuple[int, str]] = {}
    rows: dict[str, int] = {}
    sources: list[dict[str, Any]] = []
    for name in TABLES:
        big = canonical(_table(plan, name, copies, texts), ARROW_SCHEMAS[name], TABLES[name].primary_key)
        rows[name] = big.num_rows
        for relative, write in ((parquet_path(name), write_parquet), (csv_path(name), write_csv)):
            write(big, out_dir / relative)
            digests_by_file[relative] = _digest(out_dir / relative)
        if name == "sources":
            sources = big.to_pylist()
        del big
    package = descriptor(digests_by_file, sources, _package_properties(Path(source)), {})
    (out_dir / "datapackage.json").write_bytes(json_bytes(package))
    (out_dir / PARQUET_DESCRIPTOR).write_bytes(json_bytes(parquet_descriptor(package)))
    return rows


def _package_properties(source: Path) -> dict[str, Any]:
    """The package-level properties (name, title, version, licences, …) of the real package the corpus copies,
    from its descriptor: the corpus is that package, made bigger."""
    real = json.loads((source / "datapackage.json").read_text(encoding="utf-8"))
    return {k: v for k, v in real.items() if k not in ("$schema", "sources", "resources")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the package into")
    size = parser.add_mutually_exclusive_group(required=True)
    size.add_argument("--rows", type=int, help="about this many rows in total")
    size.add_argument("--copies", type=int, help="this many copies of the real package")
    parser.add_argument("--copies-per-text", type=int, default=1,
                        help="copies of the source text per text file (default 1: one file per copy)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=f"seed of the copies' variation (default {DEFAULT_SEED})")
    parser.add_argument("--source", type=Path, default=REPO_ROOT, help="the real package (default: this checkout)")
    parser.add_argument("--force", action="store_true", help="replace a corpus already in OUT")
    args = parser.parse_args(argv)
    copies = args.copies if args.copies is not None else copies_for_rows(args.rows, args.source)
    started = time.perf_counter()
    try:
        rows = write_corpus(args.out, copies, copies_per_text=args.copies_per_text, source=args.source,
                            overwrite=args.force, seed=args.seed)
    except (FileExistsError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - started
    print(json.dumps({"out": str(args.out), "copies": copies, "copies_per_text": args.copies_per_text,
                      "seed": args.seed, "rows": rows, "total_rows": sum(rows.values()), "seconds": round(seconds, 3),
                      "parquet_bytes_per_row": round(parquet_bytes_per_row(args.out), 1),
                      "parquet_column_bytes_per_row": round(parquet_column_bytes_per_row(args.out), 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
