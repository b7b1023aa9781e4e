"""Writing export rows as CSV (streamed, or to a file) and as XLSX (openpyxl's constant-memory
write-only mode). Rows arrive a chunk at a time from `selectors.export_chunks`."""

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from exports.cells import neutralise
from exports.columns import HEADER

# Excel opens a UTF-8 CSV correctly only when it starts with a byte-order mark.
BOM = "\ufeff"

Chunks = Iterable[list[list]]
Progress = Callable[[int], None]


def csv_stream(chunks: Chunks) -> Iterator[str]:
    """The CSV as text, the header first, then one piece per chunk of rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow(HEADER)
    yield buffer.getvalue()
    for rows in chunks:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(rows)
        yield buffer.getvalue()


def csv_write(chunks: Chunks, path: Path, progress: Progress) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        file.write(BOM)
        writer = csv.writer(file)
        writer.writerow(HEADER)
        for rows in chunks:
            writer.writerows(rows)
            progress(len(rows))


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
