"""Writing an export as CSV (streamed, or to a file; its lines come a chunk at a time from
`selectors.export_csv_lines`) and as XLSX (openpyxl's constant-memory write-only mode, rows a
chunk at a time from `selectors.export_chunks`)."""

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from exports.cells import neutralise
from exports.columns import HEADER
from exports.csv_lines import CsvLines

# Excel opens a UTF-8 CSV correctly only when it starts with a byte-order mark.
BOM = "\ufeff"

Chunks = Iterable[list[list]]
Progress = Callable[[int], None]


def csv_stream(lines: CsvLines) -> Iterator[bytes]:
    """The CSV as bytes: the byte-order mark and header first, then one piece per chunk."""
    yield BOM.encode() + lines.header
    for _, data in lines.chunks:
        yield data


def csv_write(lines: CsvLines, path: Path, progress: Progress) -> None:
    with path.open("wb") as file:
        file.write(BOM.encode() + lines.header)
        for rows, data in lines.chunks:
            file.write(data)
            progress(rows)


def _xlsx_value(value):
    # XML cannot hold most control characters; openpyxl refuses the cell rather than drop them.
    # Neutralised again afterwards: removing them could leave a formula prefix in front.
    if isinstance(value, str):
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def xlsx_write(chunks: Chunks, path: Path, progress: Progress) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Cases")
    sheet.append(HEADER)
    for rows in chunks:
        for row in rows:
            sheet.append([_xlsx_value(value) for value in row])
        progress(len(rows))
    workbook.save(path)
