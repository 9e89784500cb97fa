"""Problems found in a file, as data: one kind per problem, each naming sheet, row and column.

The command line prints them one a line; the upload page shows the same objects as a table.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Problem:
    kind: str  # e.g. 'type-error', 'missing-column', 'unknown-commune'
    message: str  # Vietnamese, complete on its own
    sheet: str | None = None
    row: int | None = None  # the spreadsheet's own 1-based row number
    column: str | None = None  # the column's header text
    value: str | None = None
    severity: str = "error"  # 'error' rejects the file; 'warning' is kept with the load

    def __str__(self) -> str:
        where = []
        if self.sheet:
            where.append(self.sheet)
        if self.row is not None:
            where.append(f"dòng {self.row}")
        if self.column:
            where.append(f'cột "{self.column}"')
        prefix = ", ".join(where)
        label = "Cảnh báo: " if self.severity == "warning" else ""
        return f"{label}{prefix}: {self.message}" if prefix else f"{label}{self.message}"

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Report:
    """Everything found while reading and checking one file."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, kind: str, message: str, **where) -> None:
        self.problems.append(Problem(kind, message, **where))

    def warn(self, kind: str, message: str, **where) -> None:
        self.problems.append(Problem(kind, message, severity="warning", **where))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors


class Rejected(Exception):
    """The file cannot be loaded; `problems` says why, in Vietnamese."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems

    @property
    def left_unpublished(self) -> bool:
        """Not a refusal after all: the change is in the store, but readers do not see it yet."""
        return any(p.kind == "publish-pending" for p in self.problems)


def reject(kind: str, message: str, **where) -> Rejected:
    return Rejected([Problem(kind, message, **where)])
