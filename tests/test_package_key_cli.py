"""`dvdesk package-key create NAME --passphrase` as the README gives it: the same passphrase and name
make the same key on every PC, and a passphrase nobody can type (no terminal) is one line."""

from __future__ import annotations

import getpass

from dvdesk.admin import package_key
from dvdesk.cli import main


def _no_terminal(prompt: str = "") -> str:
    raise EOFError  # what getpass raises when its input is closed (a script, a scheduled task)


def test_a_passphrase_with_no_terminal_is_one_line_and_no_key(isolated_home, monkeypatch, capsys):
    monkeypatch.delenv("DVDESK_KEY_PASSPHRASE", raising=False)
    monkeypatch.setattr(getpass, "getpass", _no_terminal)
    code = main(["package-key", "create", "高岡市", "--passphrase"])
    err = capsys.readouterr().err
    assert code == 1
    assert "予期しないエラー" not in err and "DVDESK_KEY_PASSPHRASE" in err
    assert [line for line in err.splitlines() if line.strip()] == [err.strip()]
    assert package_key.load() is None


def test_the_same_passphrase_and_name_make_the_same_key_on_another_pc(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DVDESK_KEY_PASSPHRASE", "高岡市の相談窓口の合言葉 2026")
    fingerprints = []
    for pc in ("pc1", "pc2"):
        monkeypatch.setenv("DVDESK_HOME", str(tmp_path / pc))
        assert main(["package-key", "create", "高岡市", "--passphrase"]) == 0
        fingerprints.append(package_key.load().fingerprint)
    assert fingerprints[0] == fingerprints[1]
