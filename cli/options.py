"""Options shared by several commands."""

from __future__ import annotations

from typing import Annotated

import typer

VerboseOption = Annotated[
    bool,
    typer.Option(
        "--verbose",
        "-v",
        help="Show Prefect's own log lines (flow and task states) on the terminal.",
    ),
]
