"""The exceptions postventa raises.

Every failure of the core is a :class:`postventa.Error`; its message is the same
text the C ABI's ``pv_last_error()`` gives for the same call, and its ``code`` is
the status number (``absl::StatusCode``, the same numbers as the C ABI's
``pv_status``: 3 invalid argument, 5 not found, 11 out of range, ...).

The compiled module ``postventa._core`` imports this module and raises these
classes, so that each can also derive from the built-in exception a Python
programmer would catch (``ValueError``, ``LookupError``).
"""

from __future__ import annotations

__all__ = ["Error", "ValidationError", "NotFoundError", "StorageError"]

# pv_status / absl::StatusCode numbers the Python layer raises itself.
INVALID_ARGUMENT = 3
NOT_FOUND = 5
OUT_OF_RANGE = 11
UNKNOWN = 2


class Error(Exception):
    """Base class of every error postventa raises."""

    #: The status number (absl::StatusCode, the C ABI's pv_status).
    code: int = UNKNOWN


class ValidationError(Error, ValueError):
    """Bad input: configuration, argument or value out of range.

    Status codes: invalid argument, out of range, failed precondition, already
    exists. The message starts with the field at fault and names the bad value.
    """

    code: int = INVALID_ARGUMENT


class NotFoundError(Error, LookupError):
    """Something named does not exist (a calendar, a unit, a case...)."""

    code: int = NOT_FOUND


class StorageError(Error):
    """The store failed: data loss, unavailable, aborted, out of resources."""


# Shown as postventa.ValidationError (where users find them), not postventa._errors.
for _cls in (Error, ValidationError, NotFoundError, StorageError):
    _cls.__module__ = "postventa"
del _cls
