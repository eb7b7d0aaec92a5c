"""The one error type for bad input, shared by every layer.

Anything a user can get wrong (a file, a field, a parameter, a path, a store) raises a subclass
of `InputError` whose message names the place, what was expected and what was found. The command
line turns these, and only these, into one line on stderr and exit code 1; any other exception
is a bug and keeps its traceback.
"""

from __future__ import annotations


class InputError(Exception):
    """Bad input: the message names the file, line, field or path, the expectation and the finding."""


class ParameterError(InputError, ValueError):
    """A model or experiment parameter that is unknown, of the wrong type or out of its range."""


class UnknownNameError(InputError, LookupError):
    """A name (model, strategy, scenario, experiment) that is not known; the API answers 404."""


class PathError(InputError, OSError):
    """An output or input path that cannot be used (missing folder, a file where a folder is needed...)."""


class StoppedError(Exception):
    """Work stopped on request (Ctrl-C, SIGTERM); what finished is kept. Exit code 128 + signal."""

    def __init__(self, message: str, signum: int):
        super().__init__(message)
        self.signum = int(signum)


class IncompleteError(Exception):
    """Work ended with some parts not done (a worker died); the rest is kept. Exit code 1."""
