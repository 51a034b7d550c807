"""The named entities of a parsed document, looked up by span without rescanning the doc.

``Span.ents`` walks every entity of the document on each call (and ``Doc.ents`` builds a new
``Span`` for each), so asking it once per sentence costs quadratic time in a long article.
:class:`EntityIndex` reads ``doc.ents`` once and answers the same question by bisection.
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Span


class EntityIndex:
    """``doc.ents``, read once; :meth:`within` equals ``span.ents`` for any span of the doc."""

    def __init__(self, doc: Doc) -> None:
        self.ents: tuple[Span, ...] = tuple(doc.ents)
        self._starts = [ent.start for ent in self.ents]

    def within(self, span: Span) -> list[Span]:
        """The entities that fall completely within ``span``, in order (as ``span.ents``:
        from the first entity starting inside it, up to the first that runs past its end)."""
        found: list[Span] = []
        for ent in self.ents[bisect_left(self._starts, span.start) :]:
            if ent.end > span.end:
                break
            found.append(ent)
        return found
