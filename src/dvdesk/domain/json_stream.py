"""A JSON text read from a stream a piece at a time, one record in memory as text at a time.

``json.loads`` needs the whole text, and then builds every value of it at once: a national data
package (hundreds of MB of text) would be held twice over before a single record is checked. Here
the outer structure (objects and arrays of records) is walked by hand, each record is parsed
alone by the standard decoder (``raw_decode``), and the caller keeps what it needs of it. Limits
are checked as the text arrives: the bytes read, each value's length, and the number of JSON
values built so far (``"{"``, ``"["``, ``","`` and ``":"``, counted before a value is parsed).
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterator
from typing import IO, Any

from dvdesk.domain.bounds import TooLarge, json_values

_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
_PIECE = 1 << 20  # bytes read from the stream at a time


class JsonStream:
    """JSON text from ``raw``. ``on_bytes`` sees every byte read (a checksum); ``max_bytes``,
    ``max_value`` (characters of one value) and ``max_values`` (values in all) raise TooLarge
    with ``what`` in the message. Syntax errors are ``json.JSONDecodeError`` with the line in the
    whole text."""

    def __init__(
        self,
        raw: IO[bytes],
        *,
        what: str,
        max_bytes: int,
        max_value: int,
        max_values: int,
        on_bytes: Callable[[bytes], None] = lambda _: None,
    ):
        self.raw, self.what, self.on_bytes = raw, what, on_bytes
        self.max_bytes, self.max_value, self.max_values = max_bytes, max_value, max_values
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.buf, self.pos, self.eof = "", 0, False
        self.bytes = 0
        self.values = 0
        self.lines_before = 0  # lines of the text already dropped from the buffer

    # --- the text ---------------------------------------------------------------------------

    def _more(self) -> bool:
        """Read another piece; False at the end of the stream."""
        if self.eof:
            return False
        data = self.raw.read(_PIECE)
        self.bytes += len(data)
        if self.bytes > self.max_bytes:
            raise TooLarge(
                f"{self.what} が大きすぎます（上限 {self.max_bytes // (1024 * 1024):,} MB）。分けて取り込んでください。"
            )
        self.on_bytes(data)
        self.lines_before += self.buf.count("\n", 0, self.pos)
        self.buf = self.buf[self.pos :] + self.decoder.decode(data, final=not data)  # UnicodeDecodeError passes
        self.pos = 0
        self.eof = not data
        return True

    def drain(self) -> None:
        """Read (and pass to ``on_bytes``) the rest of the stream, within ``max_bytes``."""
        while not self.eof:
            self.pos = len(self.buf)
            self._more()

    def peek(self) -> str:
        """The next character that is not white space, "" at the end of the text."""
        if self.pos < len(self.buf) and self.buf[self.pos] not in " \t\n\r":  # most calls
            return self.buf[self.pos]
        while True:
            match = _WS.match(self.buf, self.pos)
            self.pos = match.end() if match else self.pos
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._more():
                return ""

    def error(self, message: str) -> json.JSONDecodeError:
        exc = json.JSONDecodeError(message, self.buf, self.pos)
        exc.lineno += self.lines_before
        return exc

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise self.error(f"expecting {char!r}")
        self.pos += 1

    def value(self) -> Any:
        """The next JSON value, at most ``max_value`` characters long. Its JSON values are added to
        the running count (a value of ``max_value`` characters builds a few MB at most before the
        count refuses it)."""
        self.peek()
        while True:
            try:
                found, end = _DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                # Cut by the buffer's end, or wrong: wrong where more text cannot help.
                cut = exc.pos >= len(self.buf) - 1 or exc.msg.startswith("Unterminated")
                if self.eof or (not cut and len(self.buf) - self.pos > self.max_value):
                    exc.lineno += self.lines_before
                    raise
            except RecursionError:
                raise TooLarge(f"{self.what} の入れ子が深すぎます（JSON として読めません）") from None
            else:
                if end < len(self.buf) or self.eof:  # a number cut at the buffer's end might go on
                    self.values += json_values(self.buf[self.pos : end])
                    if self.values > self.max_values:
                        raise TooLarge(
                            f"{self.what} の値が多すぎます（上限 {self.max_values:,}個）。分けて取り込んでください。"
                        )
                    self.pos = end
                    return found
            if len(self.buf) - self.pos > self.max_value:
                raise TooLarge(
                    f"{self.what} の1件が大きすぎます（上限 {self.max_value // 1024:,} KB）。分けて取り込んでください。"
                )
            self._more()

    # --- the structure ----------------------------------------------------------------------

    def key(self) -> str:
        found = self.value()
        if not isinstance(found, str):
            raise self.error("expecting a property name")
        self.expect(":")
        return found

    def members(self) -> Iterator[str]:
        """The keys of an object (the reader then stands before each one's value)."""
        self.expect("{")
        if self.peek() == "}":
            self.pos += 1
            return
        while True:
            yield self.key()
            if self.peek() == ",":
                self.pos += 1
                continue
            self.expect("}")
            return

    def items(self) -> Iterator[None]:
        """Once per element of an array (the reader then stands before the element)."""
        self.expect("[")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield None
            if self.peek() == ",":
                self.pos += 1
                continue
            self.expect("]")
            return

    def end(self) -> None:
        """Nothing but white space may follow the text."""
        if self.peek():
            raise self.error("Extra data")
