"""``modelmap migrate``: rewrite a legacy list-format file in the mapping format.

The rewrite edits the text at node positions, so comments, quoting and key order survive,
and every result is re-loaded and compared with the planned data before it is returned.
"""

from __future__ import annotations

from modelmap.migrate.core import (
    MigrateOptions,
    Migration,
    is_legacy,
    migrate_bytes,
    migrate_file,
)
from modelmap.migrate.files import (
    FileStamp,
    check_unchanged,
    unified_diff,
    write_atomic,
    write_back,
    write_new,
)

__all__ = [
    "FileStamp",
    "MigrateOptions",
    "Migration",
    "check_unchanged",
    "is_legacy",
    "migrate_bytes",
    "migrate_file",
    "unified_diff",
    "write_atomic",
    "write_back",
    "write_new",
]
