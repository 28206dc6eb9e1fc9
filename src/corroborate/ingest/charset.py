"""Bytes to text, preferring the encodings news is written in, and refusing a guess.

Order: a byte order mark; UTF-16 without one (told by where its NUL bytes fall); UTF-8; then
cp1252 (Windows Western; latin-1 text is cp1252 text) when its reading looks like Western text;
then another charset only when charset_normalizer finds one clearly better than the rest. A
reading that is neither clear nor Western is refused rather than stored wrong: a one-byte
charset decodes any bytes, so a wrong choice is never an error later, only wrong text.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from ..errors import Errors, InputError

PROBE = 8192  # bytes looked at for NULs and for UTF-16's pattern of them
_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# Words of Western languages join letters with these (don’t, l·l, Paris–Berlin, soft hyphen);
# any other symbol, digit or punctuation of the upper half between two letters is a letter of
# another charset read as cp1252 (Polish ł ą ż read as ³ ¹ ¿).
_JOINERS = set("’‘·–—…\u00ad")
# Letters that Western languages write only in some places or with others, so that finding
# them elsewhere is another charset's letter read as cp1252: ì inside a word (Czech ě); è
# before a vowel (Slovene and Croatian č); æe (Croatian ć); õ other than in Portuguese -õe(s)
# (Hungarian ő); ø without the æ or å of Danish and Norwegian (Czech ř); ð or þ without
# Icelandic's æ (Turkish ğ, ş). (ª º between letters, Romanian ş, is a symbol between letters.)
_TELLS = re.compile(r"ì(?=[^\W\d_])|[èÈ](?=[aeiouAEIOU])|[æÆ][eE]|[õÕ](?![eE])")
_COMPANIONS = ((re.compile("[øØ]"), re.compile("[æåÆÅ]")), (re.compile("[ðþÐÞ]"), re.compile("[æÆ]")))
# A reading of more than this share of letters outside ASCII is not Western text (Cyrillic,
# Greek, Hebrew or Arabic read as cp1252 is nearly all upper-half letters).
MAX_NON_ASCII_LETTERS = 0.3
# charset_normalizer's scores, in percent, for text that is not Western: the best reading is
# taken when it is at most MAX_CHAOS chaotic and no reading of different text comes within
# these margins of it (a tie is refused).
CHAOS_MARGIN = 1.0
COHERENCE_MARGIN = 5.0
MAX_CHAOS = 10.0
# The legacy charsets news sites and archives use besides cp1252 (charset_normalizer's names):
# Central European, Cyrillic, Greek, Turkish, Hebrew, Arabic, Baltic, Vietnamese, Thai, and the
# Japanese, Chinese and Korean multi-byte ones. Rarer code pages (mac_*, DOS, iso8859_10 or 14)
# decode nearly any bytes and would win by accident.
NEWS_CHARSETS = (
    "cp1250", "iso8859_2", "cp1251", "koi8_r", "koi8_u", "iso8859_5", "cp1253", "iso8859_7", "cp1254",
    "iso8859_9", "cp1255", "iso8859_8", "cp1256", "iso8859_6", "cp1257", "iso8859_13", "cp1258", "cp874",
    "cp932", "shift_jis", "euc_jp", "iso2022_jp", "gb18030", "gb2312", "gbk", "big5", "cp949", "euc_kr",
)


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str | None  # None: UTF-8 (nothing to report)


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_CONTROL_BYTE = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")
MAX_CONTROL_BYTES = 8  # in the probe: more, and bytes that are not UTF-8 are binary, not text
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_WESTERN_UPPER = bytes(range(0x80, 0x100)).decode("cp1252", errors="ignore")
_UPPER_LETTER = re.compile("[" + "".join(c for c in _WESTERN_UPPER if c.isalpha() and c not in "ªº") + "]")
_SYMBOL_IN_WORD = re.compile(
    r"(?<=[^\W\d_])[" + re.escape("".join(c for c in _WESTERN_UPPER if c not in _JOINERS
                                            and (not c.isalpha() or c in "ªº"))) + r"](?=[^\W\d_])")


def _count(pattern: re.Pattern, text: str) -> int:
    return sum(1 for _ in pattern.finditer(text))


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 LE or BE when the NULs of the probe fall on one side of the byte pairs only (the
    high byte of Latin text), and the whole decodes to text without control characters."""
    probe = data[:PROBE]
    even, odd = probe[0::2].count(0), probe[1::2].count(0)
    pairs = len(probe) // 2
    if not pairs or min(even, odd) > 0.02 * max(even, odd) or max(even, odd) < 0.05 * pairs:
        return None
    encoding = "utf-16-le" if odd > even else "utf-16-be"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return None if _CONTROL.search(text) else Decoded(text, f"{encoding} (no byte order mark)")


def looks_western(text: str) -> bool:
    """Whether a cp1252 reading reads as a Western language, not another charset's letters."""
    if _CONTROL.search(text) or _SYMBOL_IN_WORD.search(text) or _TELLS.search(text):
        return False
    if any(letter.search(text) and not companion.search(text) for letter, companion in _COMPANIONS):
        return False
    upper = _count(_UPPER_LETTER, text)
    return upper <= MAX_NON_ASCII_LETTERS * (upper + _count(_ASCII_LETTER, text))


def _label(name: str) -> str:
    return codecs.lookup(name).name


def decode(data: bytes, where: str) -> Decoded:
    """The text of ``data``; raises InputError (empty, binary, or an encoding it cannot tell)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise InputError(where, Errors.E014.format(encoding=_label(encoding))) from None
            if not text.strip():
                raise InputError(where, Errors.E004)
            return Decoded(text, None if encoding == "utf-8-sig" else _label(encoding))
    if not data.strip():
        raise InputError(where, Errors.E004)
    if b"\x00" in data[:PROBE]:
        found = _utf16_without_bom(data)
        if found is None:
            raise InputError(where, Errors.E003)
        if not found.text.strip():
            raise InputError(where, Errors.E004)
        return found
    try:
        return Decoded(data.decode("utf-8"), None)
    except UnicodeDecodeError:
        pass
    if len(_CONTROL_BYTE.findall(data[:PROBE])) > MAX_CONTROL_BYTES:
        raise InputError(where, Errors.E003)
    return _single_byte(data, where)


def _single_byte(data: bytes, where: str) -> Decoded:
    from charset_normalizer import from_bytes

    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:  # a byte cp1252 leaves undefined (0x81 0x8d 0x8f 0x90 0x9d)
        western = None
    # latin-1 and cp1252 read the same text from bytes without 0x80-0x9f; name the one it is.
    western_name = "latin-1" if western is not None and not re.search(rb"[\x80-\x9f]", data) else "cp1252"
    if western is not None and looks_western(western):
        return Decoded(western, western_name)
    readings = [r for r in from_bytes(data, cp_isolation=list(NEWS_CHARSETS)) if not _CONTROL.search(str(r))]
    others = [r for r in readings if str(r) != western and r.percent_chaos <= MAX_CHAOS]
    if not others:
        raise InputError(where, Errors.E016)
    best = others[0]
    tie = next((r for r in others[1:] if str(r) != str(best)
                and r.percent_chaos <= best.percent_chaos + CHAOS_MARGIN
                and r.percent_coherence >= best.percent_coherence - COHERENCE_MARGIN), None)
    if tie is not None:
        raise InputError(where, Errors.E015.format(first=_label(best.encoding), second=_label(tie.encoding)))
    return Decoded(str(best), _label(best.encoding))


def normalise_label(charset: str) -> str | None:
    """A declared charset (HTTP header, HTML meta) as Python's codec name; the labels that
    WHATWG reads as windows-1252 (latin-1, ascii) are cp1252, as browsers read them."""
    try:
        name = codecs.lookup(charset.strip().strip("\"'")).name
    except LookupError:
        return None
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


def decode_declared(data: bytes, charset: str | None, where: str) -> Decoded:
    """Bytes with a declared charset: that charset when it decodes them, else ``decode``."""
    name = normalise_label(charset) if charset else None
    if name is not None:
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            pass
        else:
            if not _CONTROL.search(text):
                return Decoded(text, None)  # declared, not guessed: nothing to report
    return decode(data, where)

