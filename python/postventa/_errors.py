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
    """Base class of every error postventa raises.

    ``str(error)`` is the message, the same text the C ABI's ``pv_last_error()``
    gives for the same call; it starts with the field or position at fault
    (``scores[17]: 11 is outside the NPS scale 0-10``). Catch :class:`Error`
    for any failure of postventa, or one of its subclasses.

    Attributes:
        code (int): The status number (``absl::StatusCode``, the C ABI's
            ``pv_status``), 2 (unknown) unless set: 3 invalid argument,
            5 not found, 11 out of range, ...
    """

    code: int = UNKNOWN


class ValidationError(Error, ValueError):
    """Bad input: configuration, argument or value out of range.

    Status codes: invalid argument, out of range, failed precondition, already
    exists. The message starts with the field at fault and names the bad value.
    Also a ``ValueError``.

    Attributes:
        code (int): 3 (invalid argument) by default; 11 (out of range),
            9 (failed precondition) or 6 (already exists) for the others.
    """

    code: int = INVALID_ARGUMENT


class NotFoundError(Error, LookupError):
    """Something named does not exist (a calendar, a unit, a case...).

    Also a ``LookupError``.

    Attributes:
        code (int): 5 (not found).
    """

    code: int = NOT_FOUND


class StorageError(Error):
    """The store failed: data loss, unavailable, aborted, out of resources.

    Raised for a ledger file that is damaged or is not a postventa ledger, and
    for a write the store could not commit; ``code`` tells which (15 data loss,
    14 unavailable, 10 aborted, 8 resource exhausted, ...).

    Attributes:
        code (int): The status number.
    """


# Shown as postventa.ValidationError (where users find them), not postventa._errors.
for _cls in (Error, ValidationError, NotFoundError, StorageError):
    _cls.__module__ = "postventa"
del _cls
