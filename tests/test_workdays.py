"""The working-day calendar: shipped data per year (2019-2026), the "N days before" rule,
user years, and a year nobody knows (refused, never guessed)."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest

from yishi import workdays
from yishi.workdays import CalendarMissing, count, is_working, latest

D = dt.date


@pytest.fixture(autouse=True)
def _no_cache():
    workdays._CACHE.clear()
    yield
    workdays._CACHE.clear()


def test_every_published_year_is_shipped_and_reads():
    files = sorted(p.stem for p in workdays.PACKAGED.glob("*.toml"))
    assert files == [str(y) for y in range(2019, 2027)]
    for year in range(2019, 2027):
        cal = workdays.year(year)
        assert cal.source.startswith("国务院办公厅关于") and str(year) in cal.source
        assert all(d.weekday() >= 5 for d in cal.workdays), year  # make-up days are weekends
        assert not cal.workdays & cal.holidays


# (a day, working?) per year, from the State Council notices: 国庆 and 春节 with their 调休
KNOWN = [
    (D(2024, 9, 29), True),
    (D(2024, 10, 1), False),
    (D(2024, 10, 7), False),
    (D(2024, 10, 8), True),
    (D(2024, 10, 12), True),
    (D(2024, 10, 13), False),
    (D(2024, 2, 4), True),
    (D(2024, 2, 18), True),
    (D(2024, 2, 16), False),
    (D(2019, 9, 29), True),
    (D(2019, 10, 12), True),
    (D(2019, 5, 5), True),
    (D(2020, 2, 1), False),  # 春节 extended to 2月2日: the 2月1日 make-up day fell away
    (D(2020, 10, 8), False),
    (D(2020, 10, 10), True),
    (D(2021, 9, 18), True),
    (D(2021, 9, 26), True),
    (D(2021, 10, 9), True),
    (D(2022, 10, 8), True),
    (D(2022, 10, 9), True),
    (D(2022, 1, 29), True),
    (D(2023, 10, 6), False),
    (D(2023, 10, 7), True),
    (D(2023, 10, 8), True),
    (D(2025, 1, 26), True),
    (D(2025, 2, 4), False),
    (D(2025, 2, 8), True),
    (D(2025, 10, 8), False),
    (D(2025, 9, 28), True),
    (D(2025, 10, 11), True),
    (D(2026, 1, 4), True),
    (D(2026, 2, 14), True),
    (D(2026, 2, 23), False),
    (D(2026, 2, 28), True),
    (D(2026, 9, 20), True),
    (D(2026, 10, 10), True),
    (D(2026, 10, 7), False),
    (D(2026, 5, 9), True),
    (D(2024, 3, 5), True),
    (D(2024, 3, 9), False),  # an ordinary Tuesday and Saturday
]


@pytest.mark.parametrize(("day", "working"), KNOWN)
def test_holidays_and_make_up_days(day, working):
    assert is_working(day) is working


def test_spec_example_across_national_day():
    """notice_days = 2, working days: sent 2024-09-29 (a make-up Sunday) is in time for
    2024-10-08, sent 2024-09-30 is late."""
    meeting = D(2024, 10, 8)
    assert count(D(2024, 9, 29), meeting, "working") == 2
    assert count(D(2024, 9, 30), meeting, "working") == 1
    assert latest(meeting, 2, "working") == D(2024, 9, 29)
    assert latest(meeting, 1, "working") == D(2024, 9, 30)
    # calendar days: the sending day counted, the meeting day not
    assert count(D(2024, 10, 6), meeting) == 2 and latest(meeting, 2) == D(2024, 10, 6)
    assert latest(meeting, 0, "working") == meeting


def test_after_days_end_on_the_nth_working_day():
    assert workdays.add(D(2024, 9, 30), 1, "working") == D(2024, 10, 8)
    assert workdays.add(D(2024, 12, 20), 15) == D(2025, 1, 4)


def test_a_year_nobody_ships_is_refused_naming_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    with pytest.raises(CalendarMissing) as caught:
        is_working(D(2031, 5, 6))
    text = caught.value.message("en")
    assert str(tmp_path / "yishi" / "calendar" / "2031.toml") in text
    assert "2031" in caught.value.message("zh") and "2026" in text
    assert count(D(2031, 5, 1), D(2031, 5, 6)) == 5  # calendar days need no calendar


def test_a_user_adds_a_year_in_their_own_file(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    folder = tmp_path / "yishi" / "calendar"
    folder.mkdir(parents=True)
    (folder / "2031.toml").write_text(
        'year = 2031\nsource = "国务院办公厅关于2031年部分节假日安排的通知"\n'
        'holidays = [{ name = "劳动节", from = 2031-05-01, to = 2031-05-05 }]\n'
        "workdays = [2031-05-10]\n",
        encoding="utf-8",
    )
    assert not is_working(D(2031, 5, 5)) and is_working(D(2031, 5, 10))
    assert 2031 in workdays.known_years()
    (folder / "2032.toml").write_text("year = 2031\n", encoding="utf-8")
    with pytest.raises(workdays.InputError, match="2032"):
        is_working(D(2032, 1, 5))


def test_matches_chinese_calendar_where_installed():
    """A cross-check only: yishi never uses chinese_calendar at run time."""
    cc = pytest.importorskip("chinese_calendar")
    for year in range(2019, 2027):
        day = D(year, 1, 1)
        while day.year == year:
            assert is_working(day) == cc.is_workday(day), day
            day += dt.timedelta(days=1)


def test_data_files_are_plain_toml_with_the_documented_keys():
    for path in workdays.PACKAGED.glob("*.toml"):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert set(data) == {"year", "source", "holidays", "workdays"}, path
        assert all(set(h) == {"name", "from", "to"} for h in data["holidays"])
