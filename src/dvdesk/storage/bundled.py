"""Loading the bundled directory (resources/directory/*.toml) into the database.

Loading is validated first and applied second: every file is parsed and every record checked
(``bundle_files``: required fields, keys unique across files) before anything is written, and the
write is one transaction (``bundle_writer``: known enum values, references that resolve). A bad
record stops the load with a message that names the file and the record, and the database is left
exactly as it was.

Records are matched by ``key``, so loading twice changes nothing the second time.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dvdesk.domain.integrity import DirectoryRefused, summary
from dvdesk.domain.models import Meta
from dvdesk.domain.rules import municipality_check_digit as municipality_check_digit  # also imported from here
from dvdesk.storage import directory_lock, search_index, translation_files, vocabulary
from dvdesk.storage.bundle_files import Record, read_bundle
from dvdesk.storage.bundle_files import directory_dir as directory_dir  # also imported from here
from dvdesk.storage.bundle_writer import BundleWriter
from dvdesk.storage.errors import BundleError as BundleError  # there: the CLI catches it without this module

if TYPE_CHECKING:  # db imports this module on first start
    from sqlalchemy.orm import Session

    from dvdesk.storage.db import Database

DATA_FORMAT = "1"


def _vocabulary(records: list[Record]) -> vocabulary.Groups:
    return vocabulary.groups_of({"group": [r.data for r in records]})


@contextlib.contextmanager
def _refused_as_bundle_error() -> Iterator[None]:
    try:
        yield
    except DirectoryRefused as exc:
        raise BundleError(f"the bundled directory breaks a rule: {summary(exc.findings)}") from None


@dataclass(frozen=True)
class LoadReport:
    municipalities: int
    organizations: int
    services: int
    procedures: int
    needs: int
    indexed: int


def load_into(
    db: Database, folder: Path | None = None, before_commit: Callable[[Session], None] | None = None
) -> LoadReport:
    """Validate the bundle, then write it in one transaction. Raises BundleError, changing nothing.
    ``before_commit`` runs last inside that transaction (``admin.reload`` records there what the
    load wrote over)."""
    bundle = read_bundle(folder)
    with _refused_as_bundle_error(), db.write() as session:
        directory_lock.take(session)  # ``dvdesk load`` over a server: not into another administrator's import
        loader = BundleWriter(session)
        loader.service_keys = {r.text("key") for r, _, _ in bundle.services}
        loader.needs_(bundle.needs)
        loader.synonyms_(bundle.synonyms)
        loader.municipalities_(bundle.municipalities)
        loader.organizations_(bundle.organizations)
        loader.plans_(bundle.plans)
        loader.services_(bundle.services)
        loader.procedures_(bundle.procedures)
        translation_files.apply(session, bundle.translations)
        session.flush()
        indexed = search_index.rebuild(session)
        # The vocabulary loaded is the one this release ships: a later update merges from it.
        vocabulary.remember(session, _vocabulary(bundle.synonyms))
        session.merge(Meta(key="data_format", value=DATA_FORMAT))
        session.merge(Meta(key="bundled_loaded_at", value=dt.datetime.now().isoformat(timespec="seconds")))
        if before_commit is not None:
            session.flush()
            before_commit(session)
        return LoadReport(
            municipalities=len(bundle.municipalities),
            organizations=len(bundle.organizations),
            services=len(bundle.services),
            procedures=len(bundle.procedures),
            needs=len(bundle.needs),
            indexed=indexed,
        )
