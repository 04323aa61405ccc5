"""Print the Japanese a translator works from, with its fingerprint (a developer/administrator tool).

    python scripts/translation_sources.py [KEY_PREFIX…] [--stale LANG]

For each procedure, service, organisation and need (optionally only those whose key starts with
one of the prefixes), and for the discreet wording of procedures and services (KEY#discreet),
prints a TOML block for resources/directory/translations/LANG.toml: key, source_hash, and the
Japanese fields as comments. With ``--stale LANG``, only the records whose
translation into LANG is missing or no longer matches its Japanese.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import tempfile
from pathlib import Path

from sqlalchemy import select

from dvdesk.domain import translations as tr
from dvdesk.domain.checklist import procedure_item, service_item
from dvdesk.domain.disclosure import Audience, item_for
from dvdesk.domain.models import Need, Organization, Procedure, Service
from dvdesk.domain.translation_models import Translation
from dvdesk.storage.bundled import load_into
from dvdesk.storage.db import open_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("prefix", nargs="*")
    parser.add_argument("--stale")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "t.sqlite3", fill=False)
        load_into(db)
        with db.read() as s:
            have = {}
            if args.stale:
                have = {
                    t.record_key: t.source_hash
                    for t in s.scalars(select(Translation).where(Translation.lang == args.stale))
                }
            items = [procedure_item(p) for p in s.scalars(select(Procedure).where(Procedure.retired.is_(False)))]
            items += [service_item(s, k) for k in s.scalars(select(Service.key).where(Service.retired.is_(False)))]
            orgs = [(o.key, o.name) for o in s.scalars(select(Organization).where(Organization.retired.is_(False)))]
            orgs += [(n.key, n.label_ja) for n in s.scalars(select(Need).where(Need.retired.is_(False)))]
            items += [
                dataclasses.replace(item_for(i, Audience.CLIENT, discreet=True), key=i.key + tr.DISCREET)
                for i in list(items)
                if i.discreet_name
            ]
            for item in items:
                if args.prefix and not item.key.startswith(tuple(args.prefix)):
                    continue
                digest = tr.item_fingerprint(item)
                if args.stale and have.get(item.key) == digest:
                    continue
                print(f'[[translation]]\nkey = "{item.key}"\nsource_hash = "{digest}"')
                for name in ("name", "description", "what_to_bring", "caution", "hours"):
                    value = getattr(item, name)
                    if value:
                        print(f"# {name}: {json.dumps(value, ensure_ascii=False)}")
                print()
            for key, name in orgs:
                if args.prefix and not key.startswith(tuple(args.prefix)):
                    continue
                digest = tr.department_fingerprint(name)
                if args.stale and have.get(key) == digest:
                    continue
                print(f'[[translation]]\nkey = "{key}"\nsource_hash = "{digest}"\n# name: {name}\n')


if __name__ == "__main__":
    main()
