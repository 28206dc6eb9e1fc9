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
    E028 = ("cannot create or update the ledger schema in {db} ({detail}); nothing was changed, "
            "so run the command again once the cause is fixed")
    E029 = ("{db} holds tables but no schema revision, and data in them (not a corroborate ledger, or one "
            "left by an interrupted migration of an older version): move it aside and ingest into a new ledger")


class Warnings:
    W001 = "not UTF-8; decoded as {encoding}"


class InputError(ValueError):
    """Bad input: one clear line naming the file (and line) and what is wrong."""

    def __init__(self, where: str, message: str):
        self.where = where
        self.message = message
        super().__init__(f"{where}: {message}")

    def __reduce__(self):
        # Sent back from cluster workers: rebuilt from both fields, not from the joined line.
        return InputError, (self.where, self.message)
