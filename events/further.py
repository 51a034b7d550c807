"""Does a report tell of one MORE person than an earlier event? "A second suspect was
arrested", "police detained another Norwegian man", "zwei weitere Verdächtige": an
arrest, charge or conviction so told is not the earlier one, even when no name tells them
apart (clustering, :mod:`nongrata.events.cluster`).

The words are data (``data/further_persons.json``): per language, the words for "further"
and the person nouns one of them must precede, at most two words between ("a second
37-year-old man"); "more than" is a count, not a further person. Read and validated once per
process; a bad file raises :class:`~nongrata.errors.DataFileError`.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

from nongrata.extractors.datafile import Reader, decode

FILE_NAME = "further_persons.json"
_BETWEEN = 2  # words allowed between the "further" word and the person noun


def compile_cues(text: str, source: str) -> re.Pattern[str]:
    """The one pattern of every language's cues in the file ``text``."""
    top = Reader(source, "the file", decode(text, source), {"comment", "languages"}, {"languages"})
    languages = top.raw["languages"]
    if not isinstance(languages, dict) or not languages:
        top.fail("'languages' must be an object of languages")
    further: set[str] = set()
    persons: set[str] = set()
    for code, raw in languages.items():
        r = Reader(source, f"languages.{code}", raw, {"further", "persons"}, {"further", "persons"})
        if not r.texts("further") or not r.texts("persons"):
            r.fail("'further' and 'persons' must not be empty")
        further.update(r.texts("further"))
        persons.update(r.texts("persons"))

    def alternatives(words: set[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))

    between = rf"(?:[\w-]+\s+){{0,{_BETWEEN}}}"  # no possessive: another state's officers
    return re.compile(
        rf"(?<!\w)(?:{alternatives(further)})(?!\s+than\b)\s+{between}"
        rf"(?:{alternatives(persons)})(?!\w)",
        re.IGNORECASE,
    )


@cache
def _cues() -> re.Pattern[str]:
    path = files("nongrata.events").joinpath("data", FILE_NAME)
    return compile_cues(path.read_text("utf-8"), f"events/data/{FILE_NAME}")


def tells_further_person(text: str) -> bool:
    """Whether ``text`` (an event's evidence sentence) tells of a further person."""
    return bool(text) and _cues().search(text) is not None


__all__ = ["compile_cues", "tells_further_person"]
