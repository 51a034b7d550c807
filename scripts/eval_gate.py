"""The extraction quality gate's command line (the gate itself: ``nongrata.evaluation.gate``).

Usage::

    python scripts/eval_gate.py CORPUS_DIR... [--baseline tests/quality/baseline.json]
                                              [--lower-floors]

Scores each present corpus with and without the pipeline's prefilter and compares the
combined figures with the baseline's floors; exit 1 names every figure below its floor.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from nongrata.errors import NongrataError
from nongrata.evaluation.corpus import LABELS_FILE
from nongrata.evaluation.gate import (
    DEFAULT_BASELINE,
    ExtractFn,
    default_extract,
    read_baseline,
    run_gate,
)
from nongrata.extractors.prefilter.names import WatchTerms
from nongrata.types import ArticleExtraction, ArticleInput

__all__ = ["main", "read_baseline", "run_gate"]


def main(argv: Sequence[str] | None = None, extract: ExtractFn | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("corpora", nargs="+", type=Path, metavar="CORPUS_DIR")
    parser.add_argument("--baseline", type=Path, default=DEFAULT_BASELINE)
    parser.add_argument(
        "--lower-floors",
        action="store_true",
        help="Rewrite the baseline with the current figures where they are below the floors.",
    )
    args = parser.parse_args(argv)
    present = [d for d in args.corpora if (d / LABELS_FILE).is_file()]
    try:
        terms: WatchTerms | None = None
        focused: ExtractFn | None = None
        if extract is None and present:
            extract, focused, terms = default_extract()
        result = run_gate(
            args.corpora,
            args.baseline,
            extract or _unused_extract,
            lower_floors=args.lower_floors,
            watch_terms=terms,
            prefiltered_extract=focused,
        )
    except NongrataError as exc:
        print(f"eval gate: error: {exc}", file=sys.stderr)
        return 2
    return result.exit_code


def _unused_extract(articles: Sequence[ArticleInput]) -> list[ArticleExtraction]:
    raise RuntimeError("no corpus is present: nothing should be extracted")


if __name__ == "__main__":
    sys.exit(main())
