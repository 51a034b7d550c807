"""The part of an English article worth parsing: where an event can be, with its context.

spaCy's cost grows with the text it reads, and most of a long page that passed the
prefilter is text in which no event can be. The English rules find a mention in one
sentence, with context from the two sentences before it in its paragraph and from the
headline; the previous sentence's time cues carry over to the next. So the parser needs,
for each paragraph holding an event trigger of any type (the prefilter's trigger words,
context not required), that paragraph and the one before it, plus the headline. Other
paragraphs add to the article-wide counts of the states it names (which decide an actor or
target only when a sentence names none) and to the article's agencies: the lede, where a
report names them, is kept whole.

``focus_article`` keeps those paragraphs, in order, and drops the rest. It is part of the
prefilter (``settings.prefilter``): ``nongrata eval --no-prefilter`` parses every paragraph,
and the CI gate fails when the figures with the prefilter differ. Unlike the prefilter's
skip, it is a judgement, not a proof: an event whose sentence names neither state, in a text
that names its states only in paragraphs dropped here, could get other roles.
"""

from __future__ import annotations

from dataclasses import replace

from nongrata.extractors.english.prepare import PreparedArticle
from nongrata.extractors.prefilter.english import english_trigger_in

# Paragraphs kept before each paragraph with a trigger (its previous sentence's context).
CONTEXT_BEFORE = 1
# Every paragraph that starts within this many characters (about 500 words) is kept: the
# lede of a report names the states, agencies and people its events are about, and their
# counts there decide an actor or target a sentence leaves open. Only the rest of a longer
# text is reduced to where events can be. The CI gate scores the labelled corpora with and
# without it (with nothing but the headline kept whole, agency recall drops there).
LEDE_CHARS = 3000


def focus_article(prepared: PreparedArticle) -> PreparedArticle:
    """``prepared`` with only its headline, its lede (``LEDE_CHARS``), the paragraphs holding
    an English event trigger and the ``CONTEXT_BEFORE`` paragraphs before each; the same
    object when nothing is dropped (a text shorter than the lede)."""
    paragraphs = prepared.paragraphs()
    keep = [
        start < prepared.headline_end or start < LEDE_CHARS for start in prepared.paragraph_starts
    ]
    for index, paragraph in enumerate(paragraphs):
        if english_trigger_in(paragraph):
            for kept in range(max(0, index - CONTEXT_BEFORE), index + 1):
                keep[kept] = True
    if all(keep):
        return prepared
    parts: list[str] = []
    starts: list[int] = []
    headline_end = 0
    offset = 0
    for index, paragraph in enumerate(paragraphs):
        if not keep[index]:
            continue
        starts.append(offset)
        parts.append(paragraph)
        offset += len(paragraph) + 2
        if prepared.paragraph_starts[index] < prepared.headline_end:
            headline_end = offset - 2
    return replace(
        prepared,
        text="\n\n".join(parts),
        paragraph_starts=tuple(starts),
        headline_end=headline_end,
    )
