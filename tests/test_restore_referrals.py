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
    assert "紹介記録" not in err
    assert main(["referrals", "list"]) == 0
    listed = capsys.readouterr().out
    assert "R8-0001" in listed and "R8-0002" in listed
