"""Files written inside a transaction that fails must not stay behind in storage.

Storage (local disk or S3) is not part of the database transaction: a row rolled back leaves
its file with nothing pointing at it. Code that saves files and then may fail collects them
here; if the block raises, they are deleted before the error goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

log = logging.getLogger(__name__)


@contextmanager
def deleted_if_failed() -> Iterator[list]:
    """Yield a list; append each ``FieldFile`` saved in the block. On an exception they are
    deleted from their storage (a deletion that fails is logged, the first error is raised)."""
    written: list = []
    try:
        yield written
    except BaseException:
        for field_file in written:
            if not field_file.name:
                continue
            try:
                field_file.storage.delete(field_file.name)
            except Exception:  # noqa: BLE001 - the original error matters more
                log.exception("could not delete %s after a failed write", field_file.name)
        raise
