"""The gate reads the one-line lists (対応言語, a procedure's 持ち物, the 該当する事情 of both) as each engine
hands them back: SQLite gives the JSON text, PostgreSQL's driver the decoded list. Both refuse a
text off one line, name the field in Japanese, and keep the directory unchanged."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from dvdesk.domain import integrity
from dvdesk.domain.integrity_findings import DirectoryRefused
from dvdesk.domain.models import Procedure, Service


@pytest.mark.pg_quick("the JSON lists come back decoded from the PostgreSQL driver, as text from SQLite")
@pytest.mark.parametrize(
    ("model", "key", "column", "value", "said"),
    [
        (Service, "test.svc.law", "languages", ["英語\n中国語"], "対応言語: 制御文字"),
        (Procedure, "test.proc.shienshochi", "what_to_bring", ["印" * 201], "持ち物（1行に1つ）: 長すぎます"),
        (Procedure, "test.proc.shienshochi", "circumstances", ["childrn"], "該当する事情: 使えない値があります"),
        (Service, "test.svc.law", "circumstances", ["foreign"], "該当する事情: 使えない値があります（foreign）"),
    ],
    ids=["languages", "what_to_bring", "circumstances", "service_circumstances"],
)
def test_the_gate_refuses_a_list_text_on_either_engine(any_mini_db, model, key, column, value, said):
    with any_mini_db.read() as session:
        assert integrity.check(session) == []  # the lists as the fixture holds them pass
    with pytest.raises(DirectoryRefused) as refused, any_mini_db.write() as session:
        row = session.scalar(select(model).where(model.key == key))
        setattr(row, column, value)
    assert said in str(refused.value)
    with any_mini_db.read() as session:
        assert getattr(session.scalar(select(model).where(model.key == key)), column) != value
        assert session.execute(text("SELECT 1")).scalar() == 1
