"""What the CLI commands share (spec §9): reading a document, and refusing with exit 2."""

from __future__ import annotations

import sys
from pathlib import Path

REFUSED = 2


def read_text(path: str, what: str, stderr) -> str:
    """The text at ``path`` (``-``: standard input), or a refusal naming the file."""
    try:
        return sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        refuse(stderr, [f"{path}: cannot read the {what} ({getattr(error, 'strerror', None) or error})"])


def write_text(output: str, body: str, what: str, stderr) -> None:
    write_bytes(output, body.encode("utf-8"), what, stderr)


def write_bytes(output: str, body: bytes, what: str, stderr) -> None:
    try:
        Path(output).write_bytes(body)
    except OSError as error:
        refuse(stderr, [f"{output}: cannot write the {what} ({error.strerror})"])


def refuse(stderr, lines: list[str], heading: str = "") -> None:
    """Every problem on stderr, no traceback, exit 2."""
    if heading:
        stderr.write(f"{heading} ({len(lines)} problem{'s' if len(lines) != 1 else ''}):")
    for line in lines:
        stderr.write(f"  {line}" if heading else line)
    sys.exit(REFUSED)
