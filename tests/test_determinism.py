"""CI runs every property test on the same examples; a developer's run still explores."""

import os

from hypothesis import settings


def test_property_tests_are_derandomized_in_ci():
    if os.environ.get("HYPOTHESIS_PROFILE"):
        return  # someone chose a profile by hand
    assert settings.default.derandomize is bool(os.environ.get("CI"))
    assert (settings.default.database is None) is bool(os.environ.get("CI"))
