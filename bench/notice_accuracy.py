"""How many of the hand-labelled tasks of the two real notices the reader finds, and gets right.

    python bench/notice_accuracy.py            # the table
    python bench/notice_accuracy.py --details  # and every miss, extra and wrong field

Labels: tests/notice_labels.toml. Notices: ../shared/examples, read in place.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from notice_scoring import EXAMPLES, score_all


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "   —  "


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--details", action="store_true")
    args = parser.parse_args()
    if not EXAMPLES.exists():
        print(f"{EXAMPLES} is not here: nothing to measure")
        return 1
    scores = score_all()
    print(f"{'notice':34} {'labelled':>8} {'proposed':>8} {'found':>6} {'recall':>7} {'precision':>9} "
          f"{'lead ok':>8} {'deadline ok':>11} {'coord ok':>8}")
    total = {"labelled": 0, "proposed": 0, "found": 0, "lead": 0, "deadline": 0, "coord": 0}
    for s in scores:
        print(f"{s.file:34} {s.labelled:8} {s.proposed:8} {s.found:6} {pct(s.found, s.labelled):>7} "
              f"{pct(s.found, s.proposed):>9} {pct(s.lead_right, s.found):>8} {pct(s.deadline_right, s.found):>11} "
              f"{pct(s.coordinating_right, s.found):>8}")
        for key, value in (("labelled", s.labelled), ("proposed", s.proposed), ("found", s.found),
                           ("lead", s.lead_right), ("deadline", s.deadline_right), ("coord", s.coordinating_right)):
            total[key] += value
    t = total
    print(f"{'both':34} {t['labelled']:8} {t['proposed']:8} {t['found']:6} {pct(t['found'], t['labelled']):>7} "
          f"{pct(t['found'], t['proposed']):>9} {pct(t['lead'], t['found']):>8} {pct(t['deadline'], t['found']):>11} "
          f"{pct(t['coord'], t['found']):>8}")
    if args.details:
        for s in scores:
            print(f"\n{s.file}")
            for q in s.missed:
                print(f"  missed : {q}")
            for q in s.extra:
                print(f"  extra  : {q}")
            for q in s.wrong:
                print(f"  wrong  : {q}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
