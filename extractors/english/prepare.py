"""An article made ready for extraction: its running text without page furniture, split
into paragraphs (one per line of the cleaned text), with its headline and dateline found.

Light to import (no spaCy): the prefilter reads the same paragraphs the extractor parses.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from nongrata.extractors.english.furniture import Block, split_blocks, split_dateline
from nongrata.extractors.language import article_language
from nongrata.types import ArticleInput


@dataclass(frozen=True)
class PreparedArticle:
    """An article's running text, split from its furniture, ready for the parser."""

    article: ArticleInput
    lang: str | None
    text: str  # running text: headline and paragraphs joined by blank lines
    paragraph_starts: tuple[int, ...]  # character offset of each paragraph in ``text``
    headline_end: int  # offset where the headline ends (0 when there is none)
    dateline_place: str | None
    reference_date_text: str | None

    @property
    def headline(self) -> str:
        """The headline (the title, or the page's first heading line); "" when none."""
        return self.text[: self.headline_end]

    def paragraphs(self) -> list[str]:
        """The paragraphs of ``text`` in order (the headline is the first when present); none
        when all of it was furniture."""
        if not self.paragraph_starts:
            return []
        ends = [start - 2 for start in self.paragraph_starts[1:]] + [len(self.text)]
        return [self.text[a:b] for a, b in zip(self.paragraph_starts, ends, strict=True)]

    def paragraph_of(self, char: int) -> int:
        """The index of the paragraph holding character offset ``char``."""
        return max(0, bisect_right(self.paragraph_starts, char) - 1)


def prepare_article(article: ArticleInput) -> PreparedArticle:
    """The article's title and running text, furniture and datelines taken out."""
    blocks: list[Block] = split_blocks(article.text, article.title)
    lang = article_language(article.lang, article.text)
    parts: list[str] = []
    starts: list[int] = []
    headline_end = 0
    dateline_place: str | None = None
    date_text: str | None = None
    offset = 0
    if article.title:
        parts.append(article.title.strip())
        starts.append(0)
        offset = len(parts[0]) + 2
        headline_end = len(parts[0])
    for block in blocks:
        text = block.text
        if block.furniture == "dateline" or (block.furniture is None and dateline_place is None):
            dateline, rest = split_dateline(text)
            if dateline is not None and date_text is None and dateline_place is None:
                dateline_place = dateline.place
                date_text = dateline.date_text
                text = rest
        if block.furniture is not None or not text:
            continue
        starts.append(offset)
        parts.append(text)
        offset += len(text) + 2
        if block.headline:
            headline_end = offset - 2
    return PreparedArticle(
        article=article,
        lang=lang,
        text="\n\n".join(parts),
        paragraph_starts=tuple(starts),
        headline_end=headline_end,
        dateline_place=dateline_place,
        reference_date_text=date_text,
    )
