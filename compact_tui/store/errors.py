"""Errors the store raises; each message is written for the person who will read it."""

from __future__ import annotations


class StoreError(Exception):
    """Base class for problems with the data file."""


class UnreadableStoreError(StoreError):
    """The file exists but cannot be trusted: we must not write over it."""


class StoreShapeError(UnreadableStoreError):
    """The file is JSON but not a compact-tui store (wrong shape, missing ids...)."""


class NewerFormatError(UnreadableStoreError):
    """The file was written by a newer compact-tui: read nothing from it, write nothing over
    it, and ask for an upgrade."""


class ReadOnlyStoreError(StoreError):
    """An edit was attempted while the store is open read-only."""


class UnknownRecordError(StoreError, KeyError):
    """An update or delete named a record that does not exist."""
