"""Recall and false-match rate of the person matcher on labelled name pairs.

Usage: ``python scripts/name_pairs.py [FILE]`` (default: tests/watchlists/data/name_pairs.jsonl).
Prints both rates and every miss and false match; exits 1 below target (recall >= 0.95,
false matches <= 1%).
"""

from __future__ import annotations

import sys
from pathlib import Path

from nongrata.evaluation.name_pairs import (
    FALSE_MATCH_TARGET,
    RECALL_TARGET,
    evaluate_pairs,
    load_pairs,
)

DEFAULT_PAIRS = Path(__file__).resolve().parent.parent / "tests/watchlists/data/name_pairs.jsonl"


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_PAIRS
    report = evaluate_pairs(load_pairs(path))
    for pair in report.missed:
        print(f"missed:      {pair.name!r} ~ {pair.candidate!r} ({pair.note})")
    for pair, score, reason in report.false_matches:
        print(f"false match: {pair.name!r} ~ {pair.candidate!r} {score:.2f} {reason} ({pair.note})")
    print(
        f"recall {report.recall:.3f} on {report.same_pairs} same-person pairs "
        f"(target >= {RECALL_TARGET})"
    )
    print(
        f"false matches {report.false_match_rate:.3f} on {report.different_pairs} "
        f"different-person pairs (target <= {FALSE_MATCH_TARGET})"
    )
    return 0 if report.meets_targets else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
