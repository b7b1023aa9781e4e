"""Cells that a spreadsheet would run as a formula are neutralised before they are written.

A value starting with =, +, -, @, a tab or a carriage return can be read as a formula (or as the
start of one after Excel trims it) by Excel, LibreOffice and Google Sheets, so an invented
parent name such as `=HYPERLINK(...)` could run on the bursar's machine. Such cells get a
leading single quote, in CSV and XLSX alike (OWASP, "CSV injection").
"""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
