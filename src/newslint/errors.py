"""The one exception the CLI turns into a single line and exit code 2."""

from __future__ import annotations


class UserError(Exception):
    """Bad input, configuration or usage: reported as `path:line: message`, never as a traceback."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path if self.line is None else f"{self.path}:{self.line}"
            where += ": "
        return f"{where}{self.message}"


class ParamError(ValueError):
    """A rule parameter is wrong; the loader adds the rule file and the line of `key`."""

    def __init__(self, key: str, message: str, item: int | None = None) -> None:
        super().__init__(message)
        self.key = key
        self.message = message
        self.item = item  # 1-based place in the key's list, when one item is wrong


class SkippedFile(UserError):
    """A file newslint does not check (a binary file): reported as a note, not an error."""
