"""What a page-cleaning worker process runs: the page prefilter, then trafilatura.

The workers are spawned (``nongrata.ingest.ingest.page_cleaning_executor``) and import
only this module and what it needs (trafilatura, the prefilter's lexicons), not the
pipeline, the database or the HTTP client: each worker starts in about a third of the time
and memory.
"""

from __future__ import annotations

from dataclasses import dataclass

from trafilatura.utils import decode_file

from nongrata.errors import ExtractionError
from nongrata.extractors.prefilter.page import page_reason
from nongrata.ingest.clean import CleanedPage, clean_page


@dataclass(frozen=True)
class Prefiltered:
    """A page not cleaned because no event can be in it, and why (``page_reason``)."""

    reason: str


def clean_page_job(
    body: bytes, url: str, charset: str | None, prefilter: bool = False, metadata: bool = True
) -> CleanedPage | Prefiltered | str:
    """The cleaned page, or why there is none. With ``prefilter``, a page whose text holds
    no event trigger (with its context) in any supported language is not cleaned
    (``nongrata.extractors.prefilter.page.page_reason``). Without ``metadata``, the page's
    title, date and author are not read (``clean_page``). The language is not detected here
    (``CleanedPage.language`` is None): the pipeline detects it when it stores the page, in
    the one process that loads the language model anyway, not in every worker."""
    if prefilter:
        reason = page_reason(decode_page(body, charset))
        if reason is not None:
            return Prefiltered(reason)
    try:
        return clean_page(body, url=url, charset=charset, metadata=metadata, language=False)
    except ExtractionError as exc:
        return str(exc)


def decode_page(body: bytes, charset: str | None) -> str:
    """The page as text, decoded as the cleaner decodes it (declared charset, else guessed)."""
    if charset:
        try:
            return body.decode(charset, errors="replace")
        except LookupError:
            pass
    return decode_file(body)


# A page that passes the prefilter and cleans: what ``ready`` runs once in each worker.
_WARM_UP_PAGE = (
    "<html><head><title>Diplomats expelled</title></head><body><article>"
    "<h1>Two diplomats expelled</h1>"
    + "<p>The government expelled two diplomats on Monday, the ministry said.</p>" * 3
    + "</article></body></html>"
).encode()


def ready() -> bool:
    """Submitted once per worker when the pool starts, so that the workers are spawned and
    have imported this module, built the prefilter's patterns and loaded what trafilatura
    loads on first use before the first page."""
    cleaned = clean_page_job(_WARM_UP_PAGE, "http://localhost/", "utf-8", prefilter=True)
    return isinstance(cleaned, CleanedPage)
