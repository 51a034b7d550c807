"""Editing a watchlist folder: add and remove entries, keeping comments and order.

Every edit goes through ruamel.yaml's round-trip mode, so the file keeps its comments, key
order, quoting and flow lists; the whole folder is validated with the edit applied before
anything is written, and the file is replaced atomically. The bundled lists (inside the
installed package) are never edited: ``init_folder`` copies them to a folder of the user's.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken
from unidecode import unidecode

from nongrata.errors import WatchlistError
from nongrata.settings import bundled_watchlists_dir
from nongrata.watchlists.loading import (
    LoadedFile,
    check_folder,
    load_files,
    new_yaml,
    parse_yaml,
    reason_for,
    watchlist_files,
)
from nongrata.watchlists.model import (
    SCHEMA_COMMENT,
    SCHEMA_FILE_NAME,
    Kind,
    WatchlistEntry,
)
from nongrata.watchlists.person_names import parse_name


def is_bundled(folder: Path) -> bool:
    """Is ``folder`` the watchlists shipped inside the package?"""
    try:
        return folder.resolve() == bundled_watchlists_dir().resolve()
    except OSError:
        return False


def refuse_bundled(folder: Path) -> None:
    if is_bundled(folder):
        raise WatchlistError(
            [
                f"{folder}: the bundled watchlists are read-only; copy them with "
                "'nongrata watchlist init DIR' and set NONGRATA_WATCHLISTS=DIR to edit the copy"
            ]
        )


def init_folder(target: Path) -> list[Path]:
    """Copy the bundled watchlists (and their schema) into ``target``; refuses a folder that
    already holds watchlist files."""
    if target.exists() and not target.is_dir():
        raise WatchlistError([f"{target}: exists and is not a folder"])
    if target.is_dir() and watchlist_files(target):
        raise WatchlistError([f"{target}: already holds watchlist files; not overwriting them"])
    source = bundled_watchlists_dir()
    target.mkdir(parents=True, exist_ok=True)
    copied = []
    for path in [*watchlist_files(source), source / SCHEMA_FILE_NAME]:
        destination = target / path.name
        shutil.copyfile(path, destination)
        copied.append(destination)
    return copied


def suggest_id(kind: Kind, name: str, country: str | None = None) -> str:
    """An id for a new entry: ``surname-given`` for persons, a slug of the name otherwise."""
    if kind == "countries" and country:
        return country.lower()
    words = name
    if kind == "persons":
        readings = parse_name(name)
        if readings and readings[0].given:
            reading = readings[0]
            words = " ".join([reading.surname, *(part.text for part in reading.given)])
    slug = re.sub(r"[^a-z0-9]+", "-", unidecode(words).lower()).strip("-")
    if kind == "agencies" and country:
        slug = f"{country.lower()}-{slug}"
    return slug or "entry"


def _file_for(folder: Path, files: Sequence[LoadedFile], kind: Kind) -> Path:
    """The file new entries of ``kind`` go to: ``<kind>.yaml`` if it holds that kind, else
    the first file of that kind, else a new ``<kind>.yaml``."""
    of_kind = [f.path for f in files if f.kind == kind]
    preferred = folder / f"{kind}.yaml"
    if preferred in of_kind or not of_kind:
        return preferred
    return sorted(of_kind)[0]


def _flow(items: Sequence[str]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _indent_of(text: str) -> tuple[int, int]:
    """(mapping indent, sequence dash offset) of the entries list as written."""
    match = re.search(r"^entries:[^\n]*\n(?:[ \t]*#[^\n]*\n|\s*\n)*( *)- ", text, re.MULTILINE)
    offset = len(match.group(1)) if match else 2
    return 2, offset


def _dump(document: Any, text: str) -> str:
    yaml = new_yaml()
    mapping, offset = _indent_of(text)
    yaml.indent(mapping=mapping, sequence=offset + 2, offset=offset)
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        if path.exists():
            shutil.copymode(path, temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _validated_write(folder: Path, path: Path, text: str) -> None:
    """Write ``text`` to ``path`` only if the folder validates with it."""
    _, problems = check_folder(folder, replaced={path: text})
    if problems:
        raise WatchlistError(problems)
    _write_atomically(path, text)


# Comments ---------------------------------------------------------------------------------
# ruamel keeps a comment line between two entries on the LAST key of the entry before it;
# moving entries around must move those lines too, or they would vanish or wander.


def _tail_slot(node: Any) -> tuple[Any, Any, int] | None:
    """(ca.items, key, slot) that holds the comment after ``node``'s last line."""
    if isinstance(node, CommentedMap) and len(node):
        key = list(node.keys())[-1]
        value = node[key]
        is_block = isinstance(value, CommentedMap | CommentedSeq) and not value.fa.flow_style()
        if is_block and len(value):
            deeper = _tail_slot(value)
            if deeper is not None:
                return deeper
        return node.ca.items, key, 2
    if isinstance(node, CommentedSeq) and len(node):
        index = len(node) - 1
        value = node[index]
        if isinstance(value, CommentedMap | CommentedSeq) and len(value):
            return _tail_slot(value)
        return node.ca.items, index, 0
    return None


def _take_trailing_lines(node: Any) -> list[str]:
    """Remove and return the whole comment lines after ``node`` (its inline comment stays)."""
    slot = _tail_slot(node)
    if slot is None:
        return []
    items, key, index = slot
    entry = items.get(key)
    if not entry or len(entry) <= index or entry[index] is None:
        return []
    token = entry[index]
    value: str = token.value
    first_line, newline, rest = value.partition("\n")
    inline = first_line if first_line.strip().startswith("#") else ""
    lines = [line + "\n" for line in rest.split("\n") if line.strip()] if newline else []
    if inline:
        token.value = inline + "\n"
    else:
        entry[index] = None
    return lines


def _append_trailing_lines(node: Any, lines: list[str]) -> bool:
    slot = _tail_slot(node)
    if slot is None or not lines:
        return False
    items, key, index = slot
    entry = items.setdefault(key, [None, None, None, None])
    while len(entry) <= index:
        entry.append(None)
    if entry[index] is None:
        entry[index] = CommentToken("\n" + "".join(lines), CommentMark(0))
    else:
        value = entry[index].value
        entry[index].value = (value if value.endswith("\n") else value + "\n") + "".join(lines)
    return True


def _pre_comment_lines(seq: CommentedSeq, index: int) -> list[str]:
    entry = seq.ca.items.pop(index, None)
    if not entry or len(entry) < 2 or not entry[1]:
        return []
    return [" " * token.column + token.value.lstrip(" ") for token in entry[1]]


def _set_pre_comment(seq: CommentedSeq, index: int, lines: list[str]) -> None:
    tokens = [
        CommentToken(line.lstrip(" "), CommentMark(len(line) - len(line.lstrip(" "))))
        for line in lines
    ]
    existing = seq.ca.items.get(index)
    before = existing[1] if existing and len(existing) > 1 and existing[1] else []
    seq.ca.items[index] = [None, tokens + list(before), None, None]


# Edits ------------------------------------------------------------------------------------


def _load_for_edit(path: Path, kind: Kind) -> tuple[Any, str]:
    if path.exists():
        text = path.read_text(encoding="utf-8")
    else:
        text = f"{SCHEMA_COMMENT}\nkind: {kind}\nentries: []\n"
    document, problems = parse_yaml(text, str(path))
    if problems:
        raise WatchlistError(problems)
    if not isinstance(document, CommentedMap):
        raise WatchlistError([f"{path}:1: not a mapping: cannot edit it"])
    if not isinstance(document.get("entries"), CommentedSeq):
        document["entries"] = CommentedSeq()
    return document, text


def add_entry(
    folder: Path,
    kind: Kind,
    name: str,
    *,
    entry_id: str | None = None,
    aliases: Sequence[str] = (),
    country: str | None = None,
    tags: Sequence[str] = (),
    note: str | None = None,
) -> tuple[WatchlistEntry, Path]:
    """Add an entry to the folder's file of ``kind``; refuses duplicates and anything that
    would not validate. Returns the entry and the file it was written to."""
    refuse_bundled(folder)
    files = load_files(folder)
    country = country.strip().upper() if country else None
    new_id = entry_id.strip() if entry_id else suggest_id(kind, name, country)
    values = {
        "id": new_id,
        "name": name,
        "aliases": list(aliases),
        "country": country,
        "tags": list(tags),
        "note": note,
    }
    try:
        entry = WatchlistEntry.model_validate(values)
    except ValidationError as exc:
        raise WatchlistError(
            [f"new {kind} entry {name!r}: {reason_for(error)}" for error in exc.errors()]
        ) from exc
    _refuse_duplicates(files, kind, entry)
    path = _file_for(folder, files, kind)
    document, text = _load_for_edit(path, kind)
    entries: CommentedSeq = document["entries"]
    item = CommentedMap()
    item["id"] = entry.id
    item["name"] = entry.name
    if entry.aliases:
        item["aliases"] = _flow(entry.aliases)
    if entry.country:
        item["country"] = entry.country
    if entry.tags:
        item["tags"] = _flow(entry.tags)
    if entry.note:
        item["note"] = entry.note
    trailing = _take_trailing_lines(entries[-1]) if len(entries) else []
    entries.fa.set_block_style()
    entries.append(item)
    if trailing and not _append_trailing_lines(item, trailing):
        _append_trailing_lines(entries[-2], trailing)
    _validated_write(folder, path, _dump(document, text))
    return entry, path


def _refuse_duplicates(files: Sequence[LoadedFile], kind: Kind, entry: WatchlistEntry) -> None:
    name = entry.name.casefold()
    for loaded in files:
        if loaded.kind != kind:
            continue
        for existing, line in zip(loaded.entries, loaded.lines, strict=True):
            where = f"{loaded.path}:{line}"
            if existing.id.casefold() == entry.id.casefold():
                raise WatchlistError([f"{where}: id {entry.id!r} already exists in {kind}"])
            if name in (n.casefold() for n in existing.all_names):
                raise WatchlistError(
                    [f"{where}: {entry.name!r} is already in {kind} as {existing.id!r}"]
                )


def remove_entry(
    folder: Path, entry_id: str, kind: Kind | None = None
) -> tuple[Kind, WatchlistEntry, Path]:
    """Remove the entry ``entry_id`` (of ``kind`` when ids repeat across kinds)."""
    refuse_bundled(folder)
    files = load_files(folder)
    found = [
        (loaded, entry)
        for loaded in files
        for entry in loaded.entries
        if entry.id == entry_id and (kind is None or loaded.kind == kind)
    ]
    if not found:
        where = f" in {kind}" if kind else ""
        raise WatchlistError([f"{folder}: no entry with id {entry_id!r}{where}"])
    if len(found) > 1:
        kinds = ", ".join(sorted(loaded.kind for loaded, _ in found))
        raise WatchlistError([f"{folder}: id {entry_id!r} is in {kinds}; say which with --kind"])
    loaded, entry = found[0]
    document, text = _load_for_edit(loaded.path, loaded.kind)
    entries: CommentedSeq = document["entries"]
    index = next(i for i, item in enumerate(entries) if str(item.get("id")) == entry_id)
    kept = _pre_comment_lines(entries, index) + _take_trailing_lines(entries[index])
    following = _pre_comment_lines(entries, index + 1)
    shifted = {i - 1 if i > index else i: v for i, v in entries.ca.items.items()}
    del entries[index]
    entries.ca.items.clear()
    entries.ca.items.update(shifted)
    if index < len(entries):
        if index > 0 and _append_trailing_lines(entries[index - 1], kept + following):
            pass
        else:
            _set_pre_comment(entries, index, kept + following)
    elif index > 0:
        _append_trailing_lines(entries[index - 1], kept)
    _validated_write(folder, loaded.path, _dump(document, text))
    return loaded.kind, entry, loaded.path
