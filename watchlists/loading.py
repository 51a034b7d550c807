"""Reading and validating a watchlist folder, reporting every problem as ``file:line: reason``.

Files are parsed with ruamel.yaml's round-trip loader, which builds only plain mappings,
sequences and scalars (never arbitrary objects) and remembers where each node starts, so a
problem found by the pydantic model is reported on the line it is on. A folder with any
problem is refused as a whole: the run never goes on with half a watchlist.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from nongrata.errors import WatchlistError
from nongrata.watchlists.model import ENTRY_KEYS, KINDS, Kind, WatchlistEntry, WatchlistFile

MAX_FILE_BYTES = 5_000_000
WATCHLIST_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class LoadedFile:
    """One validated watchlist file and the line each entry starts on."""

    path: Path
    kind: Kind
    entries: tuple[WatchlistEntry, ...]
    lines: tuple[int, ...]  # 1-based line of each entry


def watchlist_files(folder: Path) -> list[Path]:
    """The watchlist files of a folder (``*.yaml``/``*.yml``, not recursive), sorted."""
    return sorted(
        p for p in folder.iterdir() if p.suffix.lower() in WATCHLIST_SUFFIXES and p.is_file()
    )


def new_yaml() -> YAML:
    """The one YAML configuration used to read and write watchlists (round-trip, safe)."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def parse_yaml(text: str, where: str) -> tuple[Any, list[str]]:
    """The document of one file, or None and the syntax problem with its line."""
    try:
        return new_yaml().load(text), []
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        reason = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
        if "duplicate key" in reason:
            reason = reason.split(" with value")[0]
        return None, [f"{where}:{line}: YAML syntax error: {reason}"]
    except (YAMLError, ValueError, TypeError, AttributeError, IndexError, KeyError) as exc:
        message = " ".join(str(exc).split()) or type(exc).__name__
        return None, [f"{where}:1: YAML syntax error: {message}"]
    except RecursionError:
        return None, [f"{where}:1: YAML syntax error: nested too deeply"]


def _line_of(node: Any, key: Any = None) -> int | None:
    """1-based line of ``node`` (or of ``node[key]``'s key) when ruamel recorded it."""
    try:
        if key is None:
            return int(node.lc.line) + 1
        if isinstance(node, CommentedMap):
            return int(node.lc.key(key)[0]) + 1
        if isinstance(node, CommentedSeq):
            return int(node.lc.item(key)[0]) + 1
    except (AttributeError, KeyError, IndexError, TypeError):
        return None
    return None


def _locate(document: Any, loc: Sequence[int | str]) -> int:
    """The line of the deepest node of ``loc`` that exists in the parsed document."""
    line = _line_of(document) or 1
    node = document
    for part in loc:
        found = _line_of(node, part)
        if found is None:
            break
        line = found
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
    return line


def _plain(node: Any, memo: dict[int, Any] | None = None) -> Any:
    """Plain Python values for the model (str subclasses and ruamel containers unwrapped).

    Shared nodes (YAML anchors and aliases) stay shared, so an alias bomb or a cycle costs
    no more than the text that wrote it.
    """
    memo = {} if memo is None else memo
    if id(node) in memo:
        return memo[id(node)]
    if isinstance(node, Mapping):
        mapping: dict[Any, Any] = {}
        memo[id(node)] = mapping
        for key, value in node.items():
            mapping[_plain(key, memo)] = _plain(value, memo)
        return mapping
    if isinstance(node, list):
        items: list[Any] = []
        memo[id(node)] = items
        items.extend(_plain(value, memo) for value in node)
        return items
    if isinstance(node, bool | None):
        return node
    if isinstance(node, str):
        return str(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "a true/false value"
    if isinstance(value, datetime | date):
        return "a date (quote it)"
    if isinstance(value, int | float):
        return "a number (quote it)"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"{type(value).__name__}"


def reason_for(error: Mapping[str, Any]) -> str:
    """A user-facing reason for one pydantic error."""
    loc = [str(p) for p in error.get("loc", ()) if not isinstance(p, int)]
    field = loc[-1] if loc else "file"
    kind = str(error.get("type", ""))
    value = error.get("input")
    if kind == "extra_forbidden":
        where = "entry" if "entries" in loc else "file"
        allowed = ", ".join(ENTRY_KEYS) if where == "entry" else "kind, entries"
        return f"unknown key {field!r} in {where} (allowed: {allowed})"
    if kind == "missing":
        return f"missing required key {field!r}"
    if kind == "literal_error":
        return f"kind must be one of {', '.join(KINDS)} (got {value!r})"
    if kind == "string_too_short":
        what = "alias" if "aliases" in loc else ("tag" if "tags" in loc else field)
        return f"empty {what}"
    if kind == "string_too_long":
        return f"{field}: too long ({error.get('msg', '')})"
    if kind == "string_pattern_mismatch":
        if field == "country":
            return f"country {value!r} is not an ISO 3166-1 alpha-2 code (two upper-case letters)"
        if field == "id":
            return f"id {value!r} must be letters, digits, '.', '_' or '-' without spaces"
        return f"{field} {value!r} must be one word"
    if kind == "string_type":
        return f"{field}: expected text, got {_describe(value)}"
    if kind == "list_type":
        return f"{field}: expected a list, got {_describe(value)}"
    if kind in {"model_type", "dict_type"}:
        what = "entry" if field == "entries" else field
        return f"{what}: expected a mapping, got {_describe(value)}"
    if kind == "value_error":
        return str(error.get("msg", "invalid value")).removeprefix("Value error, ")
    return f"{field}: {error.get('msg', 'invalid value')}"


def validate_document(document: Any, where: str) -> tuple[LoadedFile | None, list[str]]:
    """Validate one parsed file; ``where`` names it in the problems."""
    if document is None:
        return None, [f"{where}:1: empty file: expected 'kind' and 'entries'"]
    if not isinstance(document, Mapping):
        line = _line_of(document) or 1
        return None, [
            f"{where}:{line}: not a mapping: a watchlist file has 'kind' and 'entries' keys"
        ]
    try:
        model = WatchlistFile.model_validate(_plain(document))
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = list(error.get("loc", ()))
            line = _locate(document, loc)
            problems.append((line, f"{where}:{line}: {reason_for(error)}"))
        ordered = [text for _, text in sorted(problems, key=lambda p: p[0])]
        return None, list(dict.fromkeys(ordered))
    entries_node = document.get("entries")
    lines = tuple(
        _line_of(entries_node, i) or _line_of(document, "entries") or 1
        for i in range(len(model.entries))
    )
    return LoadedFile(Path(where), model.kind, tuple(model.entries), lines), []


def read_watchlist_text(path: Path) -> tuple[str | None, list[str]]:
    """The file's text, or the reason it cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [f"{path}:1: file too large ({size} bytes; at most {MAX_FILE_BYTES})"]
        return path.read_bytes().decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        return None, [f"{path}:1: not UTF-8 text ({exc.reason} at byte {exc.start})"]
    except OSError as exc:
        return None, [f"{path}:1: cannot read: {exc.strerror or exc}"]


def _fast_check(text: str, where: str) -> LoadedFile | None:
    """The file when it is valid, read with the (C) safe loader; None when it is not valid
    or that loader cannot read it (the round-trip path then finds and places the problems)."""
    try:
        yaml = YAML(typ="safe")
        node = yaml.compose(text)  # parsed once: the data is constructed from these nodes
        data = yaml.constructor.construct_document(node) if node is not None else None
        model = WatchlistFile.model_validate(data)
    except (YAMLError, ValidationError, ValueError, TypeError, AttributeError, RecursionError):
        return None
    lines: list[int] = []
    for key, value in getattr(node, "value", None) or []:
        if getattr(key, "value", None) == "entries" and isinstance(value.value, list):
            lines = [item.start_mark.line + 1 for item in value.value]
    if len(lines) != len(model.entries):
        return None
    return LoadedFile(Path(where), model.kind, tuple(model.entries), tuple(lines))


def check_text(text: str, where: str) -> tuple[LoadedFile | None, list[str]]:
    """Parse and validate one file's text.

    A valid file is read with the fast safe loader; anything else is re-read with the
    round-trip loader, which knows the line of every node, to report its problems.
    """
    fast = _fast_check(text, where)
    if fast is not None:
        return fast, []
    document, problems = parse_yaml(text, where)
    if problems:
        return None, problems
    return validate_document(document, where)


def duplicate_id_problems(files: Iterable[LoadedFile]) -> list[str]:
    """Every id used twice within one kind, within a file or across files of that kind."""
    seen: dict[tuple[str, str], str] = {}
    problems = []
    for loaded in files:
        for entry, line in zip(loaded.entries, loaded.lines, strict=True):
            key = (loaded.kind, entry.id.casefold())
            here = f"{loaded.path}:{line}"
            if key in seen:
                problems.append(f"{here}: duplicate id {entry.id!r} (first at {seen[key]})")
            else:
                seen[key] = here
    return problems


def check_folder(
    folder: Path, *, replaced: Mapping[Path, str] | None = None
) -> tuple[list[LoadedFile], list[str]]:
    """Validate every watchlist file of ``folder``; ``replaced`` substitutes a file's text.

    Returns the files that validated and every problem found, across all files.
    """
    replaced = dict(replaced or {})
    if not folder.is_dir():
        return [], [f"{folder}: not a watchlist folder (no such directory)"]
    paths = watchlist_files(folder)
    paths += [p for p in replaced if p not in paths]
    if not paths:
        return [], [f"{folder}: no watchlist files (*.yaml) in this folder"]
    loaded: list[LoadedFile] = []
    problems: list[str] = []
    for path in sorted(paths):
        if path in replaced:
            text: str | None = replaced[path]
        else:
            text, read_problems = read_watchlist_text(path)
            problems += read_problems
        if text is None:
            continue
        result, file_problems = check_text(text, str(path))
        problems += file_problems
        if result is not None:
            loaded.append(LoadedFile(path, result.kind, result.entries, result.lines))
    problems += duplicate_id_problems(loaded)
    return loaded, problems


def load_files(folder: Path) -> list[LoadedFile]:
    """The validated files of a folder; raises :class:`WatchlistError` listing every problem."""
    loaded, problems = check_folder(folder)
    if problems:
        raise WatchlistError(problems)
    return loaded
