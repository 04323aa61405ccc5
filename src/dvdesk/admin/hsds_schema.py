"""Checking an HSDS document against the HSDS 3.1 JSON schemas (the tests' check of the export;
the program does not ship the schemas)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def validate_document(doc: dict[str, Any], schema_dir: Path) -> list[str]:
    """Every way ``doc`` breaks the HSDS JSON schemas in ``schema_dir`` (empty = valid).

    Needs the ``jsonschema`` package (a test dependency: the app does not ship the schemas).
    """
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in Path(schema_dir).glob("*.json")}
    registry = Registry().with_resources(
        (name, Resource.from_contents(body, default_specification=DRAFT202012)) for name, body in schemas.items()
    )
    problems = []
    for list_name, schema_name in (
        ("taxonomies", "taxonomy.json"),
        ("taxonomy_terms", "taxonomy_term.json"),
        ("organizations", "organization.json"),
        ("services", "service.json"),
    ):
        validator = jsonschema.Draft202012Validator(
            {"$ref": schema_name}, registry=registry, format_checker=jsonschema.FormatChecker()
        )
        for i, item in enumerate(doc.get(list_name, [])):
            for error in validator.iter_errors(item):
                where = "/".join(str(p) for p in error.absolute_path)
                problems.append(f"{list_name}[{i}] {where}: {error.message}")
    return problems
