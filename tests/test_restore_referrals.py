"""A restore puts the whole database back as the backup had it, referral log included: referrals
recorded after that backup leave the list. They are kept in the before-restore backup, and the
restore now says how many left and how to get them back (it said only 「復元しました」), and the
backup list shows how many referrals each backup holds."""

from conftest import MINI
from dvdesk.cli import main
from dvdesk.storage import backup


def test_a_restore_names_the_referrals_it_takes_out_of_the_log(monkeypatch, capsys, tmp_path):
    db = tmp_path / "desk.sqlite3"
    monkeypatch.setenv("DVDESK_DB", str(db))
    assert main(["load", "--dir", str(MINI)]) == 0
    before = backup.take(db, "manual")
    for case in ("R8-0001", "R8-0002"):
        assert main(["referrals", "add", "--case", case, "--counselor", "相談員A", "--department", "test.center"]) == 0
    capsys.readouterr()

    assert main(["backups"]) == 0
    listing = capsys.readouterr().out
    assert "紹介記録 0" in listing

    assert main(["restore", str(before)]) == 0
    out, err = capsys.readouterr()
    assert "復元しました" in out
    assert "紹介記録 2件 はこのバックアップにない" in err and "dvdesk restore " in err
    safety = err.split("dvdesk restore ", 1)[1].rstrip("）\n")

    assert main(["restore", safety]) == 0  # the way back it names brings them back, and says nothing lost
    out, err = capsys.readouterr()
    assert "消えました" not in err and "このバックアップの時点に戻りました" not in err
    assert "一覧になかった紹介記録 2件 が、このバックアップから一覧に戻りました" in err
    assert main(["referrals", "list"]) == 0
    listed = capsys.readouterr().out
    assert "R8-0001" in listed and "R8-0002" in listed


def test_a_restore_names_the_counts_and_status_moves_it_takes_back(monkeypatch, capsys, tmp_path):
    """Monthly counts entered and referral moves made after the backup leave with the restore too;
    they were left unsaid, so a month of counts vanished from the statistics without a word."""
    import datetime as dt

    from dvdesk.app.statistics import Statistics
    from dvdesk.domain.casework_models import Channel
    from dvdesk.storage.db import open_database

    db = tmp_path / "desk.sqlite3"
    monkeypatch.setenv("DVDESK_DB", str(db))
    assert main(["load", "--dir", str(MINI)]) == 0
    assert main(["referrals", "add", "--case", "R8-0001", "--counselor", "相談員A", "--department", "test.center"]) == 0
    before = backup.take(db, "manual")
    assert main(["referrals", "status", "1", "contacted"]) == 0
    opened = open_database(db, fill=False)
    month = dt.date.today().replace(day=1)
    Statistics(opened).save_month_counts(month, "住宅課", True, {("housing", Channel.PHONE): 4})
    opened.close()
    capsys.readouterr()

    assert main(["restore", str(before)]) == 0
    out, err = capsys.readouterr()
    assert "紹介記録" not in err  # the referral itself is in the backup
    assert "相談件数の入力 1件" in err and "紹介の状況の変更 1件" in err and "dvdesk restore " in err


def test_a_restore_of_the_state_it_was_taken_from_says_nothing_is_gone(monkeypatch, capsys, tmp_path):
    db = tmp_path / "desk.sqlite3"
    monkeypatch.setenv("DVDESK_DB", str(db))
    assert main(["load", "--dir", str(MINI)]) == 0
    before = backup.take(db, "manual")
    capsys.readouterr()
    assert main(["restore", str(before)]) == 0
    assert capsys.readouterr().err == ""


def test_a_restore_says_a_deleted_referral_comes_back(monkeypatch, capsys, tmp_path):
    """A referral deleted after the backup (entered by mistake) came back into the log and the
    statistics without a word: the restore named only what left the log."""
    from dvdesk.app.referrals import Referrals
    from dvdesk.storage.db import open_database

    db = tmp_path / "desk.sqlite3"
    monkeypatch.setenv("DVDESK_DB", str(db))
    assert main(["load", "--dir", str(MINI)]) == 0
    for case in ("R8-0001", "R8-0002"):
        assert main(["referrals", "add", "--case", case, "--counselor", "相談員A", "--department", "test.center"]) == 0
    before = backup.take(db, "manual")
    opened = open_database(db, fill=False)
    [mistake] = [v for v in Referrals(opened).list() if v.case_ref == "R8-0002"]
    Referrals(opened).delete(mistake.id)
    opened.close()
    capsys.readouterr()

    assert main(["restore", str(before)]) == 0
    err = capsys.readouterr().err
    assert "一覧になかった紹介記録 1件 が、このバックアップから一覧に戻りました" in err, err
    assert "purge-backups" in err


def test_a_restore_says_the_directory_edits_it_takes_back(monkeypatch, capsys, tmp_path):
    """An administrator's edits and imports made after the backup are undone by the restore; it
    said so for the casework only (a sheet imported this morning vanished without a word)."""
    from dvdesk.admin.editing import Editor
    from dvdesk.storage.db import open_database

    db = tmp_path / "desk.sqlite3"
    monkeypatch.setenv("DVDESK_DB", str(db))
    assert main(["load", "--dir", str(MINI)]) == 0
    before = backup.take(db, "manual")
    opened = open_database(db, fill=False)
    editor = Editor(opened, "管理 花子")
    for key, phone in (("test.svc.law", "0766-99-0001"), ("test.svc.kids", "0766-99-0002")):
        editor.save("service", {**editor.load("service", key), "phone": phone})
    opened.close()
    capsys.readouterr()

    assert main(["restore", str(before)]) == 0
    err = capsys.readouterr().err
    assert "ディレクトリの変更 2回（記録 2件）" in err and "dvdesk restore " in err, err


def _case_refs(path):
    import sqlite3

    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return sorted(r for (r,) in con.execute("SELECT case_ref FROM referrals"))
    finally:
        con.close()


def test_the_purge_leaves_the_referrals_a_restore_took_out_of_the_log(monkeypatch, capsys, tmp_path):
    """After a restore of an older backup, the referrals recorded since live only in the before-restore
    backup (the restore says so, and how to get them back). ``referrals purge-backups`` took them for
    deleted ones (absent from the log) and removed them from every backup: the way back was gone."""
    from dvdesk.app.referrals import Referrals
    from dvdesk.storage.db import open_database

    db = tmp_path / "desk.sqlite3"
    monkeypatch.setenv("DVDESK_DB", str(db))
    assert main(["load", "--dir", str(MINI)]) == 0
    before = backup.take(db, "manual")
    for case in ("R8-0001", "R8-0002"):
        assert main(["referrals", "add", "--case", case, "--counselor", "相談員A", "--department", "test.center"]) == 0
    assert main(["restore", str(before)]) == 0
    safety = capsys.readouterr().err.split("dvdesk restore ", 1)[1].split("）")[0]

    assert main(["referrals", "purge-backups"]) == 0
    out = capsys.readouterr().out
    assert _case_refs(safety) == ["R8-0001", "R8-0002"]
    assert "復元で一覧から外れた紹介記録 2件" in out, out

    assert main(["restore", safety]) == 0  # the way back still brings them back
    opened = open_database(db, fill=False)
    log = Referrals(opened)
    assert sorted(v.case_ref for v in log.list()) == ["R8-0001", "R8-0002"]
    [mistake] = [v for v in log.list() if v.case_ref == "R8-0002"]
    log.delete(mistake.id)  # back in the log and then deleted: a deleted one, the purge removes it
    opened.close()
    capsys.readouterr()
    assert main(["referrals", "purge-backups"]) == 0
    assert _case_refs(safety) == ["R8-0001"]


def test_the_way_back_of_a_restore_outlives_the_thinning_of_backups(monkeypatch, capsys, tmp_path):
    """The before-restore backup is the only file holding the referrals a restore took out of the log;
    ten later backups the same day (starts, imports) thinned it away without a word."""
    db = tmp_path / "desk.sqlite3"
    monkeypatch.setenv("DVDESK_DB", str(db))
    assert main(["load", "--dir", str(MINI)]) == 0
    assert main(["referrals", "add", "--case", "R8-0001", "--counselor", "相談員A", "--department", "test.center"]) == 0
    before = backup.take(db, "manual")
    assert main(["referrals", "add", "--case", "R8-0002", "--counselor", "相談員A", "--department", "test.center"]) == 0
    assert main(["restore", str(before)]) == 0
    safety = capsys.readouterr().err.split("dvdesk restore ", 1)[1].split("）")[0]
    for _ in range(backup.KEEP_RECENT + 1):
        backup.take(db, "manual")
    holders = [b.path for b in backup.list_backups(db) if "R8-0002" in _case_refs(b.path)]
    assert [str(p) for p in holders] == [safety]


def test_the_way_back_of_each_of_two_restores_outlives_the_thinning_of_backups(monkeypatch, capsys, tmp_path):
    """Two restores of the same day, each taking out another referral: each before-restore backup is the
    only file holding its own. The thinning kept the newest backup holding any referral a restore took
    out (2be2570), so the first restore's way back went with eleven later backups, R8-0002 with it."""
    db = tmp_path / "desk.sqlite3"
    monkeypatch.setenv("DVDESK_DB", str(db))
    add = ["referrals", "add", "--counselor", "相談員A", "--department", "test.center", "--case"]
    assert main(["load", "--dir", str(MINI)]) == 0
    assert main([*add, "R8-0001"]) == 0
    before = backup.take(db, "manual")
    assert main([*add, "R8-0002"]) == 0
    assert main(["restore", str(before)]) == 0  # takes R8-0002 out
    assert main([*add, "R8-0003"]) == 0
    _an_hour_later(db, "R8-0003")  # recorded later in the day (here within the same second as R8-0002)
    assert main(["restore", str(before)]) == 0  # takes R8-0003 out
    capsys.readouterr()
    for _ in range(backup.KEEP_RECENT + 1):
        backup.take(db, "manual")
    for case in ("R8-0002", "R8-0003"):
        assert [b for b in backup.list_backups(db) if case in _case_refs(b.path)], case


def _an_hour_later(db, case_ref):
    import sqlite3

    con = sqlite3.connect(db)
    try:
        con.execute("UPDATE referrals SET created_at = datetime(created_at, '+1 hour') WHERE case_ref = ?", (case_ref,))
        con.commit()
    finally:
        con.close()
