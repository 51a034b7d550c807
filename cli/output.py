"""Where a command's document goes: a file given with ``--output``, else stdout."""

from __future__ import annotations

from pathlib import Path

import typer

from nongrata.errors import NongrataError


def write_or_print(text: str, output: Path | None, error: type[NongrataError]) -> bool:
    """Write ``text`` to ``output`` (its folder made, the file replaced whole), or print it
    as it is when ``output`` is None. True when it went to the file; a file that cannot be
    written is one ``error`` naming it."""
    if output is None:
        typer.echo(text, nl=False)
        return False
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".tmp")
        partial.write_text(text, encoding="utf-8")
        partial.replace(output)
    except OSError as exc:
        raise error(f"cannot write {output}: {exc.strerror or exc}") from exc
    return True
