"""The one base class of every refusal a user can act on. Pure: no Django.

Each domain error knows its HTTP status and its problems as dicts (``path``/``message``, or
``row``/``column``/``message`` for uploads), so the web layer turns any of them into a response in
one place (``config.api.exception_handler``) without knowing the apps that raise them.
"""

from __future__ import annotations


class DomainError(Exception):
    """A refusal with a reason for the user; nothing was changed."""

    status: int = 400
    #: The path a single-message error is reported at.
    path: str = ""

    def problem_dicts(self) -> list[dict]:
        return [{"path": self.path, "message": str(self)}]
