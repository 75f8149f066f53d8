"""What is wrong with a document, where (§8), and the refusal that lists it."""

from __future__ import annotations

from dataclasses import dataclass

from simulation.core.errors import DomainError


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a document, where it is (``centres[3].listed``) and what is wrong."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message}


#: A refusal lists at most this many problems, and how many more there are: enough to fix the first
#: round, and a hostile document cannot make the answer larger than itself.
MAX_PROBLEMS = 200


class ScenarioInvalid(DomainError):
    """The document was refused; ``problems`` lists every reason (§8), up to MAX_PROBLEMS."""

    def __init__(self, problems: list[Problem]) -> None:
        if len(problems) > MAX_PROBLEMS:
            rest = len(problems) - MAX_PROBLEMS
            problems = [*problems[:MAX_PROBLEMS], Problem("", f"… and {rest} more problems")]
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems

    def problem_dicts(self) -> list[dict]:
        return [p.as_dict() for p in self.problems]
