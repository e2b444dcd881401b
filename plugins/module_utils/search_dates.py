# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Date values of search criteria, checked before GLPI sees them.

GLPI's search engine (Search::addWhere, Html::computeGenericDateTimeSearch in 10.0.12 and
11.0.6) never refuses a date: ``2026-12-04T16:49:00`` with ``equals`` matches nothing,
``yesterday`` or ``now`` with ``lessthan`` adds no condition at all (every row). So a criterion
on a ``date``, ``datetime`` or ``date_delay`` search option takes only:

* ``YYYY-MM-DD``, ``YYYY-MM-DD HH:MM``, ``YYYY-MM-DD HH:MM:SS``, in the server's time;
* ISO 8601 (``2026-12-04T16:49:00``, ``...Z``, ``...+02:00``; fractions of a second dropped):
  without an offset it is the server's time, with one it is converted to the server's time
  (its UTC offset now, read once from getFullSession's ``glpi_currenttime`` and the answer's
  ``Date`` header);
* GLPI's relative forms, any case: ``NOW``, ``TODAY``, ``BEGINMONTH``, ``BEGINYEAR``,
  ``ENDMONTH``, ``ENDYEAR``, ``LASTMONDAY`` .. ``LASTSUNDAY``, ``[-]N`` + ``MINUTE``, ``HOUR``,
  ``DAY``, ``WEEK``, ``MONTH`` or ``YEAR`` (``-7DAY``, ``2WEEK``);
* with ``contains`` / ``notcontains``, which compare the text ``YYYY-MM-DD HH:MM:SS``: a part of
  it made of digits, ``-``, ``:`` and spaces (digits and ``-`` on a date without time, which
  GLPI 11.0 enforces), a full date as above, or ``NULL`` (no date).

``equals`` / ``notequals`` on a date without time compare whole days: a time or an HOUR / MINUTE
form is refused there (GLPI would compare a day with a time and match nothing).

API (search_query.SearchQuery calls it for every criterion on such an option)::

    date_value(value, datatype, searchtype, where, label, clock)   # GLPI's text, or GlpiInputError
    clock = ServerClock(client)          # clock.offset(): the server's UTC offset (timedelta)
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import email.utils
import re

from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError, GlpiResponseError

DATE_DATATYPES = frozenset(['date', 'datetime', 'date_delay'])
TEXT_SEARCHTYPES = ('contains', 'notcontains')
_WEEKDAYS = ('MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY')
_RELATIVE_RE = re.compile(r'^(NOW|TODAY|BEGINMONTH|BEGINYEAR|ENDMONTH|ENDYEAR|LAST(%s)|-?\d+(MINUTE|HOUR|DAY|WEEK|MONTH|YEAR))$'
                          % '|'.join(_WEEKDAYS))
_ABSOLUTE_RE = re.compile(r'^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?'
                          r'(Z|[+-]\d{2}(?::?\d{2})?)?)?$')
_FRAGMENT_RE = {'datetime': re.compile(r'^[\d:\- ]+$'), 'date': re.compile(r'^[\d\-]+$')}
FORMS = ('YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS], ISO 8601 (2026-12-04T16:49:00, with Z or +02:00: converted to the '
         "server's time), NOW, TODAY, BEGINMONTH, BEGINYEAR, ENDMONTH, ENDYEAR, LASTMONDAY..LASTSUNDAY, "
         '-7DAY, 2WEEK ([-]N with MINUTE, HOUR, DAY, WEEK, MONTH or YEAR)')


def date_value(value, datatype, searchtype, where, label, clock):
    """The value GLPI is sent for a criterion on a date option; GlpiInputError naming ``where``."""
    text = str(value).strip()
    upper = text.upper()
    if searchtype in TEXT_SEARCHTYPES:
        return _text_value(text, upper, datatype, where, label, clock)
    relative = _RELATIVE_RE.match(upper)
    if relative:
        if relative.group(3) in ('MINUTE', 'HOUR') and datatype != 'datetime' and searchtype in ('equals', 'notequals'):
            _refuse(where, label, text, '%s gives a time, and %s on a date without time compares whole days' % (upper, searchtype))
        return upper
    absolute = _absolute(text, where, label, clock)
    if absolute is None:
        _refuse(where, label, text, 'accepted: %s' % FORMS)
    if ' ' in absolute and datatype != 'datetime' and searchtype in ('equals', 'notequals'):
        _refuse(where, label, text, '%s on a date without time compares whole days: give YYYY-MM-DD' % searchtype)
    return absolute


def _text_value(text, upper, datatype, where, label, clock):
    if upper == 'NULL':
        return 'NULL'
    fragment = _FRAGMENT_RE['datetime' if datatype == 'datetime' else 'date']
    if fragment.match(text):
        return text
    absolute = _absolute(text, where, label, clock)   # ISO 8601: T, offset
    if absolute and fragment.match(absolute):
        return absolute
    _refuse(where, label, text, 'contains compares the text of the date (%s): give a part of it made of digits, -%s, '
            'or NULL for no date; relative forms (NOW, -7DAY) work with equals, notequals, lessthan and morethan'
            % ('YYYY-MM-DD HH:MM:SS' if datatype == 'datetime' else 'YYYY-MM-DD', ', : and spaces' if datatype == 'datetime' else ''))
    return None


def _absolute(text, where, label, clock):
    """``YYYY-MM-DD[ HH:MM:SS]`` in the server's time, or None when ``text`` is no such date."""
    match = _ABSOLUTE_RE.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        moment = datetime.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError as exc:
        _refuse(where, label, text, 'not a date (%s)' % exc)
    if hour is None:
        return moment.strftime('%Y-%m-%d')
    if zone:
        moment = _to_server_time(moment, zone, clock)
    return moment.strftime('%Y-%m-%d %H:%M:%S')


def _to_server_time(moment, zone, clock):
    if zone == 'Z':
        offset = datetime.timedelta(0)
    else:
        digits = zone[1:].replace(':', '')
        offset = datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
        if zone[0] == '-':
            offset = -offset
    return moment - offset + clock.offset()


def _refuse(where, label, value, why):
    raise GlpiInputError("%s: '%s' is not a date GLPI can search on %s: %s" % (where, value, label, why),
                         option=where, value=value)


class ServerClock:
    """The server's UTC offset, measured once: getFullSession's ``glpi_currenttime`` (the time
    GLPI compares with, in its timezone) minus the answer's ``Date`` header (UTC), to the
    nearest quarter of an hour."""

    def __init__(self, client):
        self.client = client
        self._offset = None

    def offset(self):
        if self._offset is None:
            resp = self.client.request('GET', 'getFullSession', expected=(200,))
            session = resp.body.get('session') if isinstance(resp.body, dict) else None
            local = (session or {}).get('glpi_currenttime')
            sent = resp.headers.get('Date')
            if not local or not sent:
                raise GlpiResponseError('cannot convert a date with a UTC offset: GLPI did not tell its time '
                                        '(glpi_currenttime of getFullSession, Date header)', method='GET',
                                        path='getFullSession', status=resp.status,
                                        hint="give the date in the server's time, without an offset")
            utc = email.utils.parsedate_to_datetime(sent).replace(tzinfo=None)
            seconds = (datetime.datetime.strptime(local, '%Y-%m-%d %H:%M:%S') - utc).total_seconds()
            self._offset = datetime.timedelta(minutes=15 * int(round(seconds / 900.0)))
        return self._offset
