"""Writing an export from its rows, a chunk at a time (`selectors.export_chunks`): as CSV
(Python's csv module; streamed, or into a job's file) and as XLSX (openpyxl's constant-memory
write-only mode). A job's file is any writable binary file object, never a path: the service
stores it through the private storage."""

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from exports.cells import neutralise
from exports.columns import HEADER

# Excel opens a UTF-8 CSV correctly only when it starts with a byte-order mark.
BOM = "\ufeff"

Chunks = Iterable[list[list]]
Progress = Callable[[int], None]


def csv_stream(chunks: Chunks) -> Iterator[bytes]:
    """The CSV as bytes: the byte-order mark and header first, then one piece per chunk. Rows
    end in CR LF (RFC 4180; Python's csv module)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def taken() -> bytes:
        data = buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()
        return data

    buffer.write(BOM)
    writer.writerow(HEADER)
    yield taken()
    for rows in chunks:
        writer.writerows(rows)
        yield taken()


def csv_write(chunks: Chunks, file: BinaryIO, progress: Progress) -> None:
    def reported():
        for rows in chunks:
            yield rows
            progress(len(rows))  # once the chunk is written

    file.writelines(csv_stream(reported()))


def _xlsx_value(value):
    # XML cannot hold most control characters; openpyxl refuses the cell rather than drop them.
    # Neutralised again afterwards: removing them could leave a formula prefix in front.
    if isinstance(value, str):
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def xlsx_write(chunks: Chunks, file: BinaryIO, progress: Progress) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Cases")
    sheet.append(HEADER)
    for rows in chunks:
        for row in rows:
            sheet.append([_xlsx_value(value) for value in row])
        progress(len(rows))
    workbook.save(file)
