"""A refusal for size names two different figures: a sheet whose XML inflated to 128.4 MB was
refused with 「展開すると 128 MB、上限 128 MB」 (h19: a million-row .xlsx), which reads as no reason
at all. When MB would print the same figure twice, both are printed in bytes."""

import zipfile

import pytest

from dvdesk.domain import bounds


def test_a_zip_just_over_its_limit_names_two_different_figures(tmp_path):
    path = tmp_path / "a.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b" " * (bounds.MB + 400_000))
    with zipfile.ZipFile(path) as zf, pytest.raises(bounds.TooLarge) as err:
        bounds.check_zip(zf, bounds.MB)
    assert "展開すると 1,448,576 バイト、上限 1,048,576 バイト" in str(err.value)


def test_a_file_just_over_its_limit_names_two_different_figures(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"x" * (bounds.MB + 1))
    with pytest.raises(bounds.TooLarge, match="1,048,577 バイト、上限 1,048,576 バイト"):
        bounds.check_size(path, bounds.MB)


def test_figures_far_apart_stay_in_mb(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"x" * (3 * bounds.MB))
    with pytest.raises(bounds.TooLarge, match="3 MB、上限 1 MB"):
        bounds.check_size(path, bounds.MB)
