"""Finding input files and turning their bytes into text safely.

Why so careful: a corpus scraped from dozens of outlets contains everything: Windows-1252
pages, UTF-16 exports, gzipped HTML, stray PDFs and zero-byte files. Each problem must be
one line naming the file, never a traceback that stops the run.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

__all__ = ["DecodeFailure", "RawInput", "decode_bytes", "discover", "read_input"]

# A text file where more than this share of characters are control characters is
# binary data that happened to decode (e.g. a PDF or image read as Latin-1).
MAX_CONTROL_SHARE = 0.01
# charset-normalizer's "chaos" above this means the guess produced gibberish.
MAX_CHAOS = 0.2


class DecodeFailure(ValueError):
    """The bytes are not text in any encoding we can trust."""


@dataclass(frozen=True)
class RawInput:
    """Bytes read from one source, with the name used to choose a parser."""

    source: str  # what the user will see in messages
    name: str  # file name without a trailing .gz, used for the extension
    data: bytes
    path: Path | None  # None for stdin and URLs


def discover(paths: Iterable[str]) -> Iterator[str]:
    """Expand directories recursively (sorted, hidden files skipped); keep the rest.

    ``-`` (stdin) and URLs pass through unchanged; a missing path passes through too, so
    the reader reports it in order with everything else.
    """
    for item in paths:
        path = Path(item)
        if item != "-" and "://" not in item and path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path).parts
                if child.is_file() and not any(part.startswith(".") for part in relative):
                    yield str(child)
        else:
            yield item


def read_input(source: str, max_bytes: int, stdin: io.BufferedIOBase | None = None) -> RawInput:
    """Read a file or stdin, un-gzipping ``.gz``, refusing anything over ``max_bytes``."""
    if source == "-":
        stream = stdin
        if stream is None:
            import sys

            stream = sys.stdin.buffer
        data = stream.read(max_bytes + 1)
        name, path = "-", None
    else:
        path = Path(source)
        if not path.exists():
            raise OSError("no such file")
        if not path.is_file():
            raise OSError("not a regular file")
        size = path.stat().st_size
        if size > max_bytes:
            raise OSError(f"file is {size:,} bytes, over the {max_bytes:,}-byte limit")
        data = path.read_bytes()
        name = path.name
    if len(data) > max_bytes:
        raise OSError(f"input is over the {max_bytes:,}-byte limit")
    if name.endswith(".gz") or data[:2] == b"\x1f\x8b":
        data = _gunzip(data, max_bytes)
        name = name[: -len(".gz")] if name.endswith(".gz") else name
    return RawInput(source=source, name=name, data=data, path=path)


def _gunzip(data: bytes, max_bytes: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
            out = handle.read(max_bytes + 1)
    except (OSError, EOFError) as exc:
        raise OSError(f"not a valid gzip file ({exc})") from None
    if len(out) > max_bytes:
        raise OSError(f"decompressed size is over the {max_bytes:,}-byte limit")
    return out


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    return controls > MAX_CONTROL_SHARE * max(len(text), 1)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode to text: UTF-8 (with or without BOM), a UTF-16 BOM, else a detected encoding.

    Returns ``(text, encoding)``. Raises :class:`DecodeFailure` for binary data or bytes
    no encoding explains.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = data.decode("utf-16"), "utf-16"
    else:
        try:
            text, encoding = data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            if b"\x00" in data:
                raise DecodeFailure("binary file (contains NUL bytes)") from None
            best = from_bytes(data).best()
            if best is None or best.chaos > MAX_CHAOS:
                raise DecodeFailure("not UTF-8 and no other encoding fits") from None
            text, encoding = str(best), best.encoding
    if _looks_binary(text):
        raise DecodeFailure("binary file (control characters in the text)")
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding
