"""One base exception; the CLI turns every AdvisorError into one clear line and a non-zero exit."""

from __future__ import annotations


class AdvisorError(Exception):
    """An error the user can act on. ``str(err)`` is the one line the CLI prints."""

    exit_code = 2


class InputError(AdvisorError):
    """A file, directory, URL or argument the user gave cannot be used."""


class SourceError(AdvisorError):
    """A cluster, bundle or JVM could not be read (connection refused, TLS, 401, bad JSON...)."""

    exit_code = 3


class NothingUsableError(AdvisorError):
    """Input was read but nothing usable came out of it (e.g. no GC events in any file)."""

    exit_code = 4
