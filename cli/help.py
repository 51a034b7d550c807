"""How every command's help reads, set once for the whole command tree (``tidy_help``, which the
root command applies to itself and everything under it):

- paragraphs flow: a help text's single line breaks (a docstring's) are joined, so that each
  paragraph is wrapped at the terminal's width, not at the source's;
- a flag shows no value placeholder (Typer shows ``<bool>``: a flag takes no value), and an
  option that takes one shows its metavar, or else its type in capitals (TEXT, PATH, INTEGER…)
  rather than Typer's ``<str>``-style names.
"""

from __future__ import annotations

import inspect
from typing import Any

from typer import _click
from typer.core import TyperArgument, TyperOption

# Typer's type names (what it shows between angle brackets) as they read in a help.
_TYPE_WORDS = {
    "str": "TEXT",
    "path": "PATH",
    "Path": "PATH",
    "int": "INTEGER",
    "float": "NUMBER",
    "datetime": "DATETIME",
}


def tidy_help(command: _click.Command) -> None:
    """Tidy ``command``'s help and that of every command under it."""
    _show_value_names()
    _tidy(command)


def prose(text: str | None) -> str | None:
    """``text`` with each paragraph on one line (paragraphs are separated by a blank line; one
    that starts with ``\\b`` keeps its lines, as in Click)."""
    if not text:
        return text
    paragraphs = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join(p if p.startswith("\b") else " ".join(p.split()) for p in paragraphs)


def _tidy(command: _click.Command) -> None:
    command.help = prose(command.help)
    command.short_help = prose(command.short_help)
    for param in command.params:
        if isinstance(param, TyperOption | TyperArgument):
            param.help = prose(param.help)
    for sub in getattr(command, "commands", {}).values():
        _tidy(sub)


def _type_word(param: TyperOption | TyperArgument, ctx: _click.Context) -> str:
    label = param.display_type(ctx).removeprefix("<").removesuffix(">")
    if label.startswith("list[") and label.endswith("]"):
        label = label[len("list[") : -1]
    return _TYPE_WORDS.get(label, label.upper())


def _option_value_name(self: TyperOption, ctx: _click.Context) -> str | None:
    if self.is_flag or self.count:
        return None
    if self.metavar is not None:
        return self.metavar
    return _type_word(self, ctx)


def _argument_value_name(self: TyperArgument, ctx: _click.Context) -> str | None:
    # The argument's own column already shows its metavar, if it has one.
    return _type_word(self, ctx)


def _show_value_names() -> None:
    """What the help's type column shows. Typer has no setting for it: its rich help asks each
    parameter's ``display_type_rich``, which is replaced here (the help option, made by Typer
    for each command, is an option like the others)."""
    option: Any = TyperOption
    argument: Any = TyperArgument
    option.display_type_rich = _option_value_name
    argument.display_type_rich = _argument_value_name
