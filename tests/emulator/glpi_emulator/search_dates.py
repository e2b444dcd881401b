# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Date values of search criteria as GLPI reads them (HTTP-independent).

* ``compute``: Html::computeGenericDateTimeSearch (10.0.12 and 11.0.6): NOW, TODAY,
  BEGINMONTH / BEGINYEAR / ENDMONTH / ENDYEAR (any other value holding BEGIN or END is the
  first day of the month), LAST<day> (``strtotime("LAST MONDAY")``; a day PHP cannot read is
  1970-01-01 on 10.0 and a TypeError, HTTP 500, on 11.0), ``[-]N`` + MINUTE / HOUR / DAY /
  WEEK / MONTH / YEAR from the current minute (PHP's mktime carries overflowing fields over);
  anything else is left as it is (so ``yesterday`` stays ``yesterday``).
* ``valid_contains_11``: 11.0's QueryBuilder::getInputValidationPattern for ``contains`` on a
  date option: digits, ``-`` (and ``:`` and spaces on a datetime), an optional ``<``/``>``
  operator, or NULL; anything else matches nothing.
* ``bound``: the date text MySQL reads in ``col < 'value'`` (``T`` or an offset ignored).
"""

from __future__ import annotations

import datetime
import re
from typing import Optional

_UNITS = ("YEAR", "MONTH", "WEEK", "DAY", "HOUR", "MINUTE")
_WEEKDAYS = {"MON": 0, "TUE": 1, "WED": 2, "THU": 3, "FRI": 4, "SAT": 5, "SUN": 6}
_LAST_UNITS = {"DAY": 1, "WEEK": 7}
_CONTAINS_11 = {
    "datetime": re.compile(r"^(NULL|null|(\s*((>|<|>=|<=)\s*)?([\d:\- ]+|-?\s*\d+(\.\d+)?)\s*))$"),
    "date": re.compile(r"^(NULL|null|(\s*((>|<|>=|<=)\s*)?([\d\-]+|-?\s*\d+(\.\d+)?)\s*))$"),
}
_BOUND_RE = re.compile(r"^\s*(\d{2,4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2})(?::(\d{1,2})(?::(\d{1,2}))?)?)?")
# Search::addWhere's "relative number of months": its "." is any character, so "2026-12" is one
# too, and MySQL computes INTERVAL 2026-12 MONTH.
_INTERVAL_RE = re.compile(r"^\s*(-?)\s*([0-9]+)((.)([0-9]+))?\s*$")


class UnreadableDay(Exception):
    """strtotime() gave false where GLPI 11.0 wants an int (PHP TypeError)."""


def force_day(datatype: str, value: str) -> bool:
    """Search::addWhere: a datetime keeps its time unless the value names BEGIN, LAST or DAY."""
    return datatype != "datetime" or any(word in value for word in ("BEGIN", "LAST", "DAY"))


def _mktime(hour, minute, second, month, day, year) -> datetime.datetime:
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    shift = datetime.timedelta(days=day - 1, hours=hour, minutes=minute, seconds=second)
    return datetime.datetime(year, month, 1) + shift


def _last(value: str, now: datetime.datetime, version: str) -> datetime.datetime:
    words = value.replace("LAST", "LAST ").split()
    name = words[1][:3] if len(words) == 2 and words[0] == "LAST" else ""
    full = {"MON": "MONDAY", "TUE": "TUESDAY", "WED": "WEDNESDAY", "THU": "THURSDAY", "FRI": "FRIDAY",
            "SAT": "SATURDAY", "SUN": "SUNDAY"}
    if name in _WEEKDAYS and words[1] in (name, full[name]):
        back = (now.weekday() - _WEEKDAYS[name]) % 7 or 7
        return now - datetime.timedelta(days=back)
    if len(words) == 2 and words[1] in _LAST_UNITS:
        return now - datetime.timedelta(days=_LAST_UNITS[words[1]])
    if version != "10.0":
        raise UnreadableDay(value)
    return datetime.datetime(1970, 1, 1)


def compute(value: str, day_only: bool, now: datetime.datetime, version: str = "10.0") -> str:
    fmt = "%Y-%m-%d" if day_only else "%Y-%m-%d %H:%M:%S"
    if value == "NOW":
        return now.strftime(fmt)
    if value == "TODAY":
        return now.strftime("%Y-%m-%d")
    if "BEGIN" in value or "END" in value:
        month, day = now.month, 1
        if value == "BEGINYEAR":
            month = 1
        elif value == "ENDYEAR":
            month, day = 12, 31
        elif value == "ENDMONTH":
            day = (_mktime(0, 0, 0, now.month + 1, 1, now.year) - datetime.timedelta(days=1)).day
        return _mktime(0, 0, 0, month, day, now.year).strftime(fmt)
    if "LAST" in value:
        found = _last(value, now, version)
        return _mktime(0, 0, 0, found.month, found.day, found.year).strftime(fmt)
    match = re.match(r"^(-?)(\d+)(\w+)$", value)
    if match and match.group(3) in _UNITS:
        count = int(match.group(2)) * (-1 if match.group(1) else 1)
        fields = {"YEAR": 0, "MONTH": 0, "DAY": 0, "HOUR": 0, "MINUTE": 0}
        unit = match.group(3)
        if unit == "WEEK":
            fields["DAY"] = 7 * count
        else:
            fields[unit] = count
        if unit in ("HOUR", "MINUTE"):
            fmt = "%Y-%m-%d %H:%M:%S"
        return _mktime(now.hour + fields["HOUR"], now.minute + fields["MINUTE"], 0, now.month + fields["MONTH"],
                       now.day + fields["DAY"], now.year + fields["YEAR"]).strftime(fmt)
    return value


def valid_contains_11(datatype: str, value: str) -> bool:
    return bool(_CONTAINS_11["datetime" if datatype == "datetime" else "date"].match(value))


def bound(value: str) -> Optional[str]:
    """The date MySQL reads from ``value`` in a comparison, as text SQLite compares the same way."""
    match = _BOUND_RE.match(value)
    if not match:
        return "0000-00-00 00:00:00"   # MariaDB reads a string it cannot parse as the zero date
    year, month, day, hour, minute, second = match.groups()
    text = "%04d-%02d-%02d" % (int(year), int(month), int(day))
    if hour is not None:
        text += " %02d:%02d:%02d" % (int(hour), int(minute or 0), int(second or 0))
    return text


def interval(value: str) -> Optional[int]:
    """The months of ``col < ADDDATE(NOW(), INTERVAL value MONTH)``, or None when ``value`` is no number."""
    match = _INTERVAL_RE.match(value)
    if not match:
        return None
    first = int(match.group(2))
    if match.group(3):
        op, second = match.group(4), int(match.group(5))
        first = first - second if op == "-" else first + second if op == "+" else first
    return -first if match.group(1) else first


def add_months(now: datetime.datetime, months: int) -> datetime.datetime:
    """MySQL's ADDDATE(NOW(), INTERVAL n MONTH): the day is clamped to the month's last day."""
    first = _mktime(now.hour, now.minute, now.second, now.month + months, 1, now.year)
    last_day = (_mktime(0, 0, 0, first.month + 1, 1, first.year) - datetime.timedelta(days=1)).day
    return first.replace(day=min(now.day, last_day))
