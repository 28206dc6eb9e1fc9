"""Every message corroborate shows a user about bad input, in one place (as spaCy does)."""
from __future__ import annotations


class Errors:
    E001 = "no such file or directory"
    E002 = "is a directory; expected a file"
    E003 = "is a binary file, not text"
    E004 = "is empty"
    E005 = "line {line}: not valid JSON ({detail})"
    E006 = "line {line}: no \"text\" field (a non-empty string is required)"
    E007 = "cannot parse date {value!r} (expected YYYY-MM-DD or an ISO 8601 date)"
    E008 = "unsupported file type {suffix!r} (expected .txt, .html or .htm; use --jsonl for JSON lines)"
    E009 = "cannot read: {detail}"
    E010 = "line {line}: expected a JSON object"
    E011 = "line {line}: {detail}"
    E012 = "no text found in the HTML"
    E013 = "analysis failed: {detail}"
    E014 = "starts with a {encoding} byte order mark but is not valid {encoding}"
    E015 = ("cannot tell its character encoding ({first} or {second} give different text); "
            "convert it to UTF-8")
    E016 = "cannot tell its character encoding (not UTF-8, cp1252 or another clear charset); convert it to UTF-8"
    E017 = "expected a date string such as \"2024-10-28\", not {kind} ({value})"
    E018 = "line {line}: not valid UTF-8 (standard input and JSON lines files over 64 MB are read as UTF-8)"
    E019 = ("text too long: {length:,} characters, over the limit of {limit:,} "
            "(set --max-chars or $CORROBORATE_MAX_CHARS to analyse longer texts)")
    E020 = "no file matches this pattern"
    E021 = "no articles here: the folder holds no .txt, .html, .jsonl, .warc or .warc.gz file"
    E022 = "unsupported file type {suffix!r} (expected .txt, .html, .jsonl, .warc or .warc.gz)"
    E023 = "not a readable WARC file ({detail})"
    E024 = "{url} was read already from record {first}; one URL is one article, and the first whole capture is kept"
    E025 = "cannot read ({detail}); the file is cut short or damaged here"
    E026 = "cut short: the file ends {extra:,} bytes into it, inside its header"
    E027 = "cut short: {have:,} of the record's {length:,} bytes (the file ends inside it)"
    E028 = ("cannot create or update the ledger schema in {db} ({detail}); nothing was changed, "
            "so run the command again once the cause is fixed")
    E029 = ("{db} holds tables but no schema revision, and data in them (not a corroborate ledger, or one "
            "left by an interrupted migration of an older version): move it aside and ingest into a new ledger")
    E030 = "the HTML nests elements deeper than 2,048 levels, which lxml cannot parse even as a huge document"
    E031 = "cut short or damaged: its header has no WARC-Type or Content-Length"
    E032 = "cannot open the ledger {db}: {detail}"
    E033 = "--dask needs Dask: pip install 'dask[distributed]' ({detail})"
    E034 = "--dask {address}: cannot reach the scheduler ({detail})"
    E035 = "not a readable Parquet file of records ({detail})"
    E036 = "row {row}: not a valid record ({detail})"
    E037 = ("text too long: {length:,} characters, over this server's limit of {limit:,} a request "
            "(corroborate serve --max-request-chars)")
    E038 = ("no record within {timeout:g} s, this server's limit for an analysis, waiting included "
            "(corroborate serve --analysis-timeout): send a shorter text, or try again later")
    E039 = ("the server is busy: {running} analyses running and {waiting} waiting, as many as it admits "
            "(corroborate serve --analysis-workers): try again later")
    E040 = "analysis failed: the analysis worker stopped (exit code {code}); another is started"
    E041 = "the text is empty or only whitespace"
    E042 = "internal server error ({kind}); the server's log has the details"
    E043 = ("--host {host} is not a loopback address, and without --token or --read-only anyone who "
            "reaches it reads the ledger and has texts analysed: give --public to serve it so")
    E044 = "{value} is no publication date (expected one from the year {first} to {last})"
    E045 = "no story {ids} in the ledger (corroborate stories lists them)"
    E046 = "name another story to join with story S{story}"
    E047 = "no ledger at {path}: the file does not exist (ingest into it first, or give --db or $CORROBORATE_DB)"
    E048 = "--table: no table {table!r} (one of {tables})"
    E049 = "{option}: {value!r} is not a story id such as S3"
    E050 = "no {kind} {ref!r}"
    E051 = "{name}: {value!r} is not a date (YYYY-MM-DD)"
    E052 = "the server is read-only"
    E053 = "writes are disabled: start the server with {option}"
    E054 = "a valid bearer token is required"
    E055 = "request body over the limit of {limit} bytes"
    E056 = "--out {out}: already holds Parquet parts; give an empty folder"
    E057 = "{folder}: no part-*.parquet files (write them with 'corroborate batch --out {folder}')"
    E058 = "{article}: no such article in the ledger"


class Warnings:
    W001 = "not UTF-8; decoded as {encoding}"
    W002 = "the file is not UTF-8; decoded as {encoding}"
    W003 = ("serving on {host}, beyond this machine, with no --token or --read-only (--public): anyone who "
            "reaches it reads the ledger and has texts analysed")


def printable(text: str) -> str:
    """``text`` as one line of printable characters: control characters, line breaks and other
    unprintable ones (from a damaged file's bytes, or a file name) written as escapes."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


class InputError(ValueError):
    """Bad input: one clear line naming the file (and line) and what is wrong."""

    def __init__(self, where: str, message: str):
        self.where = printable(where)
        self.message = printable(message)
        super().__init__(f"{self.where}: {self.message}")

    def __reduce__(self):
        # Sent back from cluster workers: rebuilt from both fields, not from the joined line.
        return InputError, (self.where, self.message)
