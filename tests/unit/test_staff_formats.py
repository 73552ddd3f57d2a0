"""The review pages' dates, months and numbers in the page's language, with a dash for what
is missing and the text as it is for what is not a date."""

from __future__ import annotations

import pytest
from flask import Flask
from flask_babel import Babel, force_locale

from server.staff_formats import month, number, when


@pytest.fixture
def context():
    app = Flask(__name__)
    Babel(app)
    with app.test_request_context():
        yield


@pytest.mark.parametrize(
    ("locale", "iso", "time", "shown"),
    [
        ("en_GB", "2025-05-07T10:00:00+00:00", True, "7 May 2025, 10:00"),
        ("en_GB", "2025-05-07T10:00:00+00:00", False, "7 May 2025"),
        ("cy", "2025-05-07T10:00:00+00:00", True, "7 Mai 2025, 10:00"),
        ("cy", "2025-12-31", True, "31 Rhag 2025"),
    ],
)
def test_a_time_in_the_page_s_language(context, locale, iso, time, shown):
    with force_locale(locale):
        assert when(iso, time) == f'<time datetime="{iso}">{shown}</time>'


@pytest.mark.parametrize("missing", [None, ""])
def test_a_missing_time_is_a_dash(context, missing):
    assert when(missing) == "–"


def test_a_time_that_is_not_a_date_is_shown_as_it_is_escaped(context):
    assert when("<b>soon</b>") == "&lt;b&gt;soon&lt;/b&gt;"


@pytest.mark.parametrize(
    ("value", "shown"), [(5.5, "5.5"), (12, "12"), (1234.5, "1,234.5"), (-0.25, "-0.25")]
)
def test_a_number_is_grouped_and_pointed(context, value, shown):
    with force_locale("cy"):
        assert number(value) == shown


@pytest.mark.parametrize("missing", [None, "n/a"])
def test_a_missing_number_is_a_dash(context, missing):
    assert number(missing) == "–"


@pytest.mark.parametrize(("locale", "shown"), [("en_GB", "May 2025"), ("cy", "Mai 2025")])
def test_a_month_in_the_page_s_language(context, locale, shown):
    with force_locale(locale):
        assert month("2025-05") == shown


def test_a_month_that_is_not_one_is_shown_as_it_is(context):
    assert month("2025-13") == "2025-13"
