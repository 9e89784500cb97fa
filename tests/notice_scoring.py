"""How well the notice reader does against the hand labels of tests/notice_labels.toml.

A proposed task is a labelled task when its content contains the label's quote; each label and
each proposal is matched at most once (where several proposals contain a quote, as the tasks of
one sentence do, the one with the labelled lead). Found = labels matched (recall), proposals that
are a labelled task (precision); right = matched tasks whose lead agency, deadline, coordinating
agencies are the labelled ones. A label naming two leads wants a proposal naming both ("A; B").
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from data_pipeline.notice import ProposedTask, extract_tasks, read_notice
from data_pipeline.text import fold_words

LABELS = Path(__file__).resolve().parent / "notice_labels.toml"
EXAMPLES = Path(__file__).resolve().parent.parent.parent / "shared" / "examples"


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[*_#]", "", text)).strip()


@dataclass
class Score:
    file: str
    labelled: int
    proposed: int
    found: int = 0  # labels matched by a proposal
    lead_right: int = 0
    deadline_right: int = 0
    coordinating_right: int = 0
    missed: list[str] = field(default_factory=list)  # quotes of labels no proposal matched
    extra: list[str] = field(default_factory=list)  # proposals that are no labelled task
    wrong: list[str] = field(default_factory=list)  # "quote: what is wrong"

    @property
    def recall(self) -> float:
        return self.found / self.labelled if self.labelled else 1.0

    @property
    def precision(self) -> float:
        return self.found / self.proposed if self.proposed else 1.0


def labelled_notices() -> list[dict]:
    with open(LABELS, "rb") as fh:
        return tomllib.load(fh)["notice"]


def _names(names) -> set[str]:
    return {fold_words(n) for n in names}


def _leads_of(task: ProposedTask) -> set[str]:
    """The agencies a proposal names as its leads: one, or several joined by ';'."""
    return _names(part for part in task.lead_agency.split(";") if part.strip())


def _lead_is(task: ProposedTask, leads: list[str]) -> bool:
    """Whether a proposal's lead is the labelled one (a group's own words may hold ';'), or names
    exactly the labelled equals."""
    return _names([task.lead_agency]) == _names(leads) or _leads_of(task) == _names(leads)


def score(notice: dict, tasks: list[ProposedTask]) -> Score:
    labels = notice["task"]
    result = Score(notice["file"], len(labels), len(tasks))
    used: set[int] = set()
    for label in labels:
        quote = squeeze(label["quote"])
        leads = label["lead"] if isinstance(label["lead"], list) else [label["lead"]]
        containing = [i for i, t in enumerate(tasks) if i not in used and quote in squeeze(t.title)]
        match = next((i for i in containing if _lead_is(tasks[i], leads)), containing[0] if containing else None)
        if match is None:
            result.missed.append(label["quote"])
            continue
        used.add(match)
        task = tasks[match]
        result.found += 1
        problems = []
        if _lead_is(task, leads):
            result.lead_right += 1
        else:
            problems.append(f"chủ trì «{task.lead_agency}»")
        if task.deadline == label.get("deadline"):
            result.deadline_right += 1
        else:
            problems.append(f"thời hạn {task.deadline}")
        # A labelled lead the proposal does not name as lead is, at best, a coordinating one.
        expected = _names(leads + label.get("coordinating", [])) - _leads_of(task) - _names([task.lead_agency])
        if _names(task.coordinating_agencies) == expected:
            result.coordinating_right += 1
        else:
            problems.append(f"phối hợp {task.coordinating_agencies}")
        if problems:
            result.wrong.append(f"{label['quote']}: " + ", ".join(problems))
    result.extra = [t.title[:100] for i, t in enumerate(tasks) if i not in used]
    return result


def score_all(folder: Path = EXAMPLES) -> list[Score]:
    return [score(n, extract_tasks(read_notice(folder / n["file"]))) for n in labelled_notices()]
