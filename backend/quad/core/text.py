"""Text as it enters Quad: what PostgreSQL can hold, and nothing that spoofs a reader.

Every text field of a body and every text query parameter goes through one of these rules,
written as ``Annotated`` metadata so each field states its limit where it is declared::

    Name = Annotated[str, SingleLine(max_length=50)]          # names, course, interests
    Bio = Annotated[str, MultiLine(max_length=500)]           # a bio; chat message bodies
    q: Annotated[str, SearchText(max_length=200)] | None      # search and filter parameters
    password: Annotated[str, VerbatimText(max_length=1024)]   # kept exactly as sent

Each publishes its rule in the OpenAPI document (``maxLength``, ``pattern``), so clients and
schemathesis know it. ``RefuseNulInQueryMiddleware`` also refuses NUL in any query parameter
before routing, for a parameter declared without these types.

What they refuse, each with its own 422 message:

* NUL (U+0000) anywhere: PostgreSQL's ``text`` cannot hold it.
* Unpaired surrogates (JSON can escape half a UTF-16 pair; UTF-8 cannot store it).
* Control characters in stored text (line breaks and tabs are welcome in multi-line text).
* Explicit directional formatting in stored text, the embeddings and overrides
  U+202A–U+202E and the isolates U+2066–U+2069: one U+202E in a name makes every line that
  shows it read backwards ("Trojan Source"), and an unclosed one leaks into the text after it.

What they keep: the implicit marks U+200E, U+200F and U+061C (right-to-left names use them
to place punctuation and digits, and they cannot reorder anything), zero-width joiners and
non-joiners (emoji sequences such as 👩‍💻, Persian and Indic spelling), variation selectors
and every letter, mark and symbol. Stored text is NFC-normalized, so the same name typed on
two keyboards is the same string.

Lengths are counted on the text as sent, so the JSON Schema ``maxLength`` these types publish
is exactly the server's rule; stored one-line text must also show at least one visible
character once white space is trimmed, which the published ``pattern`` states too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema
from starlette.types import ASGIApp, Receive, Scope, Send

from quad.core.errors import error_response

Ranges = tuple[tuple[int, int], ...]

NUL = "\x00"
_CONTROLS: Ranges = ((0x00, 0x1F), (0x7F, 0x9F))
_LINE_BREAKS_AND_TAB: Ranges = ((0x09, 0x0A), (0x0D, 0x0D))
_MULTI_LINE_CONTROLS: Ranges = ((0x00, 0x08), (0x0B, 0x0C), (0x0E, 0x1F), (0x7F, 0x9F))
# Embeddings and overrides (LRE, RLE, PDF, LRO, RLO) and isolates (LRI, RLI, FSI, PDI).
BIDI_FORMATTING: Ranges = ((0x202A, 0x202E), (0x2066, 0x2069))
_SURROGATES: Ranges = ((0xD800, 0xDFFF),)
# White space other than control characters (what ``str.split`` splits on, controls aside).
_SPACES: Ranges = (
    (0x20, 0x20),
    (0xA0, 0xA0),
    (0x1680, 0x1680),
    (0x2000, 0x200A),
    (0x2028, 0x2029),
    (0x202F, 0x202F),
    (0x205F, 0x205F),
    (0x3000, 0x3000),
)
# Allowed, but they show nothing: a name made only of these (and spaces) is blank.
# Soft hyphen, combining grapheme joiner, Arabic letter mark, Hangul fillers, Khmer inherent
# vowels, Mongolian vowel separator, zero-width space/joiners and LRM/RLM, word joiner and
# invisible operators, braille blank, variation selectors, BOM / zero-width no-break space.
_INVISIBLE: Ranges = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x2060, 0x2064),
    (0x2800, 0x2800),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
)


def _class(ranges: Ranges) -> str:
    """The inside of a regex character class, as ``\\uXXXX`` escapes.

    Every code point here is in the Basic Multilingual Plane, so the same class means the same
    thing to ECMA-262 (JSON Schema's regex dialect, with or without the ``u`` flag) and Python.
    """
    parts = []
    for low, high in ranges:
        parts.append(f"\\u{low:04x}" if low == high else f"\\u{low:04x}-\\u{high:04x}")
    return "".join(parts)


def _in(ranges: Ranges) -> re.Pattern[str]:
    return re.compile(f"[{_class(ranges)}]")


_HAS_NUL = re.compile(NUL)
_HAS_SURROGATE = _in(_SURROGATES)
_HAS_CONTROL = _in(_CONTROLS)
_HAS_MULTI_LINE_CONTROL = _in(_MULTI_LINE_CONTROLS)
_HAS_BIDI_FORMATTING = _in(BIDI_FORMATTING)
_HAS_VISIBLE = re.compile(f"[^{_class(_SPACES + _INVISIBLE + _CONTROLS)}]")


def _with_a_visible_character(refused: Ranges, blank: Ranges) -> str:
    """``^[^refused]*[^refused blank][^refused]*$``: nothing refused, something visible.

    A plain sequence rather than a lookahead: every regex dialect reads it the same way, and
    generators (schemathesis, Hypothesis) draw from it directly instead of filtering.
    """
    return f"^[^{_class(refused)}]*[^{_class(refused + blank)}][^{_class(refused)}]*$"


# The JSON Schema ``pattern`` of each kind of text: exactly what its validator accepts,
# surrogates aside (JSON Schema validators cannot see them; no UTF-8 client can send one).
# Each class lists what is *refused*, hence the ``[^...]``.
SINGLE_LINE_PATTERN = _with_a_visible_character(_CONTROLS + BIDI_FORMATTING, _SPACES + _INVISIBLE)
MULTI_LINE_PATTERN = f"^[^{_class(_MULTI_LINE_CONTROLS + BIDI_FORMATTING)}]*$"
MULTI_LINE_NOT_BLANK_PATTERN = _with_a_visible_character(
    _MULTI_LINE_CONTROLS + BIDI_FORMATTING, _SPACES + _INVISIBLE + _LINE_BREAKS_AND_TAB
)
NO_NUL_PATTERN = "^[^\\u0000]*$"

NUL_MESSAGE = "Cannot contain the NUL character (U+0000)."
SURROGATE_MESSAGE = "Must be valid Unicode text (an unpaired surrogate was found)."
CONTROL_MESSAGE = "Cannot contain control characters such as tabs or line breaks."
MULTI_LINE_CONTROL_MESSAGE = "Cannot contain control characters other than tabs and line breaks."
BIDI_MESSAGE = (
    "Cannot contain characters that override the direction of text "
    "(U+202A to U+202E, U+2066 to U+2069)."
)
BLANK_MESSAGE = "Cannot be blank."


def _refuse_unstorable(value: str) -> None:
    if _HAS_NUL.search(value):
        raise ValueError(NUL_MESSAGE)
    # JSON may escape half a UTF-16 pair ("\ud800"); Python decodes it, UTF-8 cannot store it.
    if _HAS_SURROGATE.search(value):
        raise ValueError(SURROGATE_MESSAGE)


def _refuse_spoofing(value: str) -> None:
    if _HAS_BIDI_FORMATTING.search(value):
        raise ValueError(BIDI_MESSAGE)


def clean_single_line(value: str) -> str:
    """NFC, runs of white space made one space, ends trimmed; refuses what cannot be stored."""
    _refuse_unstorable(value)
    if _HAS_CONTROL.search(value):
        raise ValueError(CONTROL_MESSAGE)
    _refuse_spoofing(value)
    cleaned = " ".join(unicodedata.normalize("NFC", value).split())
    if not _HAS_VISIBLE.search(cleaned):
        raise ValueError(BLANK_MESSAGE)
    return cleaned


def clean_multi_line(value: str, *, allow_blank: bool = True) -> str:
    """NFC, line breaks as ``\\n``, each line's trailing space and the outer blank lines gone."""
    _refuse_unstorable(value)
    if _HAS_MULTI_LINE_CONTROL.search(value):
        raise ValueError(MULTI_LINE_CONTROL_MESSAGE)
    _refuse_spoofing(value)
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    cleaned = "\n".join(line.rstrip() for line in text.split("\n")).strip()
    if not allow_blank and not _HAS_VISIBLE.search(cleaned):
        raise ValueError(BLANK_MESSAGE)
    return cleaned


def clean_search_text(value: str) -> str:
    """NFC, runs of white space made one space, ends trimmed; blank means "no filter"."""
    _refuse_unstorable(value)
    return " ".join(unicodedata.normalize("NFC", value).split())


def check_verbatim(value: str) -> str:
    """Unchanged (a password, a token), once it is known PostgreSQL and UTF-8 can hold it."""
    _refuse_unstorable(value)
    return value


@dataclass(frozen=True, slots=True)
class _TextRule:
    max_length: int

    def _clean(self, value: str) -> str:
        raise NotImplementedError

    def _pattern(self) -> str:
        raise NotImplementedError

    def _min_length(self) -> int:
        return 0

    def __get_pydantic_core_schema__(
        self, source: type[Any], handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        # The length is checked as sent, before any cleaning: the schema's maxLength is exact.
        return core_schema.no_info_after_validator_function(
            self._clean, core_schema.str_schema(max_length=self.max_length)
        )

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        if self._min_length():
            json_schema["minLength"] = self._min_length()
        json_schema["pattern"] = self._pattern()
        return json_schema


@dataclass(frozen=True, slots=True)
class SingleLine(_TextRule):
    """Stored one-line text (names, course, interests): non-blank, single-spaced, trimmed."""

    def _clean(self, value: str) -> str:
        return clean_single_line(value)

    def _pattern(self) -> str:
        return SINGLE_LINE_PATTERN

    def _min_length(self) -> int:
        return 1


@dataclass(frozen=True, slots=True)
class MultiLine(_TextRule):
    """Stored text with line breaks (a bio; chat messages with ``allow_blank=False``)."""

    allow_blank: bool = True

    def _clean(self, value: str) -> str:
        return clean_multi_line(value, allow_blank=self.allow_blank)

    def _pattern(self) -> str:
        return MULTI_LINE_PATTERN if self.allow_blank else MULTI_LINE_NOT_BLANK_PATTERN

    def _min_length(self) -> int:
        return 0 if self.allow_blank else 1


@dataclass(frozen=True, slots=True)
class SearchText(_TextRule):
    """A search or filter parameter: any text but NUL; single-spaced and trimmed."""

    def _clean(self, value: str) -> str:
        return clean_search_text(value)

    def _pattern(self) -> str:
        return NO_NUL_PATTERN


@dataclass(frozen=True, slots=True)
class VerbatimText(_TextRule):
    """Text used exactly as sent (passwords, tokens): anything but NUL, nothing changed."""

    min_length: int = 0

    def __get_pydantic_core_schema__(
        self, source: type[Any], handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.no_info_after_validator_function(
            check_verbatim,
            core_schema.str_schema(min_length=self.min_length, max_length=self.max_length),
        )

    def _pattern(self) -> str:
        return NO_NUL_PATTERN

    def _min_length(self) -> int:
        return self.min_length


SEARCH_MAX_CHARS = 200  # what a search box may hold


class RefuseNulInQueryMiddleware:
    """No query parameter reaches a route with NUL in it: a 422 naming it, never a 500.

    Routes declare their text parameters with ``SearchText`` (which states the rule in the
    OpenAPI document); this guard keeps the promise for any parameter that forgot, because
    a NUL that reaches PostgreSQL is a server error.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        query: bytes = scope.get("query_string", b"") if scope["type"] == "http" else b""
        if b"\x00" in query or b"%00" in query:
            pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
            fields = sorted({name for name, value in pairs if NUL in name or NUL in value})
            if fields:
                details = [
                    {"field": field.replace(NUL, ""), "message": NUL_MESSAGE} for field in fields
                ]
                await error_response(422, "validation_error", NUL_MESSAGE, details)(
                    scope, receive, send
                )
                return
        await self.app(scope, receive, send)
