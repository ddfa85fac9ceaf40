"""Read the columns a spec uses from CSV, XLSX and Parquet files into pandas.

CSV goes through pyarrow's reader, which on a 1,000,000-row file took about
half the time of pandas' C engine (and a third of pandas' `engine="pyarrow"`
wrapper). Text columns are read dictionary-encoded so they arrive as pandas
categoricals: grouping by them is then a matter of integer codes.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.dataset as pads

_CHUNK = 1 << 20
_BOM = codecs.BOM_UTF8


@dataclass(frozen=True)
class RawData:
    """Columns read from a file; `row_word` and `first_row` number its rows for messages."""

    frame: pd.DataFrame
    sha256: str
    encoding: str | None = None
    row_word: str = "row"
    first_row: int = 2


@dataclass(frozen=True)
class Unreadable:
    """Why a file could not be read, in plain words."""

    message: str
    hint: str = ""
    line: int = 1


def read_file(path: Path, rel: str, columns: list[str], text_columns: set[str],
              encoding: str = "auto", sheet: str | int | None = None
              ) -> tuple[RawData | Unreadable, list[str]]:
    """The `columns` of a data file and the names of all its columns.

    Returns Unreadable (and the names found, for hints) when the file cannot
    be read or lacks a column.
    """
    if path.is_dir() or path.suffix.lower() == ".parquet":
        return _read_parquet(path, rel, columns, text_columns)
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path, rel, columns, text_columns, sheet)
    return _read_csv(path, rel, columns, text_columns, encoding)


def _missing(rel: str, wanted: Iterable[str], names: list[str]) -> Unreadable | None:
    absent = [c for c in wanted if c not in names]
    if not absent:
        return None
    shown = ", ".join(f"`{c}`" for c in absent)
    return Unreadable(f"{rel} has no column {shown}", "its columns: " + shown_names(names))


def shown_names(names: list[str]) -> str:
    """Column names for a hint: at most 30, each cut at 40 characters."""
    cut = [n if len(n) <= 40 else n[:39] + "…" for n in names[:30]]
    return ", ".join(cut) + (", …" if len(names) > 30 else "")


def _scan(path: Path, check_utf8: bool = False) -> tuple[str, bool, bool]:
    """Short sha256 of a file, whether it is valid UTF-8, and whether it holds an odd
    number of quotes (`"`), in one pass of bounded memory."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8, quotes = check_utf8, 0
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
            quotes += chunk.count(b'"')
            if utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
    return digest.hexdigest()[:12], utf8, quotes % 2 == 1


def _unclosed_quote(path: Path, rel: str) -> Unreadable:
    """Where the quote that is never closed opens. Read to the end, its value would swallow
    every line after it: the rows would be silently lost. (Quotes, escaped ones doubled,
    come in pairs in a CSV file; in GBK and GB18030 the byte of `"` is always a quote.)"""
    opened, inside = 1, False
    with path.open("rb") as stream:
        for number, line in enumerate(stream, start=1):
            if line.count(b'"') % 2:
                inside = not inside
                opened = number if inside else opened
    return Unreadable(f"{rel} has a quote (\") on line {opened} that is never closed: every "
                      "line after it would be read as part of one value",
                      "close the quote, or remove it", opened)


def _is_utf8_codec(encoding: str) -> bool:
    return codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")


def _csv_header(path: Path, encoding: str) -> list[str]:
    # utf-8-sig also reads plain UTF-8, and drops a BOM that pyarrow drops too.
    codec = "utf-8-sig" if _is_utf8_codec(encoding) else encoding
    with path.open(encoding=codec, newline="") as stream:
        return next(csv.reader(stream), [])


def _read_csv(path: Path, rel: str, columns: list[str], text_columns: set[str],
              declared: str) -> tuple[RawData | Unreadable, list[str]]:
    with path.open("rb") as stream:
        head = stream.read(_CHUNK)
    if b"\0" in head:
        return Unreadable(f"{rel} is not a CSV text file: it holds NUL bytes (binary data, or "
                          "text in UTF-16)", "export it from the spreadsheet as CSV (UTF-8)"), []
    bom = head.startswith(_BOM)
    sha, utf8, odd_quotes = _scan(path, check_utf8=declared == "auto")
    if odd_quotes:
        return _unclosed_quote(path, rel), []
    encoding = declared if declared != "auto" else (
        "utf-8-sig" if bom else "utf-8" if utf8 else "gb18030")
    try:
        names = _csv_header(path, encoding)
        missing = _missing(rel, columns, names)
        if missing:
            return missing, names
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(
                encoding="utf8" if _is_utf8_codec(encoding) else encoding),
            convert_options=pacsv.ConvertOptions(
                include_columns=columns, strings_can_be_null=True,
                column_types={c: pa.dictionary(pa.int32(), pa.string()) for c in text_columns}))
    except UnicodeDecodeError:
        message = (f"{rel} is neither UTF-8 nor GBK" if declared == "auto"
                   else f"{rel} is not in the encoding `{declared}`")
        return Unreadable(message, "save it as UTF-8, or declare its `encoding:` in "
                          "data/metrics.yml"), []
    except (pa.ArrowInvalid, OSError) as exc:
        return Unreadable(f"cannot read {rel}: {exc}", "check that it is a CSV file with a "
                          "header line and the same number of fields on every line"), []
    return RawData(_to_pandas(table), sha, encoding, "line"), names


def _read_xlsx(path: Path, rel: str, columns: list[str], text_columns: set[str],
               sheet: str | int | None) -> tuple[RawData | Unreadable, list[str]]:
    import openpyxl  # type: ignore[import-untyped]

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        return _damaged_xlsx(rel, exc), []
    try:
        sheets = book.sheetnames
        name = sheets[0] if sheet is None else sheet if isinstance(sheet, str) else (
            sheets[int(sheet)] if 0 <= sheet < len(sheets) else str(sheet))
        if name not in sheets:
            return Unreadable(f"{rel} has no sheet `{name}`", "its sheets: " + ", ".join(sheets)
                              + " (or a number: 0 for the first)"), []
        rows = book[name].iter_rows(values_only=True)
        names = ["" if v is None else str(v) for v in next(rows, ())]
        missing = _missing(rel, columns, names)
        if missing:
            return missing, names
        values = _cells(rows, [names.index(c) for c in columns])
    except Exception as exc:  # the sheet is read lazily: damage shows while reading rows
        return _damaged_xlsx(rel, exc), []
    finally:
        book.close()
    frame = pd.DataFrame({c: _column(v, c in text_columns)
                          for c, v in zip(columns, values, strict=True)})
    return RawData(frame, _scan(path)[0]), names


def _damaged_xlsx(rel: str, exc: Exception) -> Unreadable:
    detail = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else type(exc).__name__
    return Unreadable(f"cannot read {rel}: {detail}", "save it again from Excel as .xlsx")


def _cells(rows: Iterable[tuple[object, ...]], index: list[int]) -> list[list[object]]:
    """The cells of the chosen columns, column by column (short rows padded with None)."""
    values: list[list[object]] = [[] for _ in index]
    for row in rows:
        for target, i in zip(values, index, strict=True):
            target.append(row[i] if i < len(row) else None)
    return values


def _column(values: list[object], text: bool) -> pd.Series:
    if not text:
        return pd.Series(values, dtype=object).infer_objects()
    cells = [None if v is None or v == "" else str(v) for v in values]
    return pd.Series(cells, dtype="category")


def _read_parquet(path: Path, rel: str, columns: list[str], text_columns: set[str]
                  ) -> tuple[RawData | Unreadable, list[str]]:
    try:
        schema = pads.dataset(path, format="parquet", partitioning="hive").schema
        names = list(schema.names)
        missing = _missing(rel, columns, names)
        if missing:
            return missing, names
        text = [c for c in columns
                if c in text_columns and pa.types.is_string(schema.field(c).type)]
        fmt = pads.ParquetFileFormat(read_options=pads.ParquetReadOptions(dictionary_columns=text))
        dataset = pads.dataset(path, format=fmt, partitioning="hive")
        if not dataset.files:
            return Unreadable(f"no Parquet files in {rel}", "put .parquet files in the folder"), []
        frame = _to_pandas(dataset.to_table(columns=columns))
    except (pa.ArrowInvalid, OSError) as exc:
        return Unreadable(f"cannot read {rel}: {exc}", "check that it is a Parquet file "
                          "(or a folder of them)"), []
    return RawData(frame, files_digest(path, dataset.files), first_row=1), names


def _to_pandas(table: pa.Table) -> pd.DataFrame:
    # Frees each Arrow column once converted: the peak is one copy of the data, not two.
    return table.to_pandas(split_blocks=True, self_destruct=True)


def files_digest(root: Path, files: Iterable[str | Path]) -> str:
    """Short sha256 of a file, or of a folder's files in sorted order (names and contents)."""
    if root.is_file():
        return _scan(root)[0]
    digest = hashlib.sha256()
    base = root
    for name in sorted(Path(f).resolve().relative_to(base.resolve()).as_posix() for f in files):
        digest.update(name.encode() + b"\0")
        with (base / name).open("rb") as stream:
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
    return digest.hexdigest()[:12]
