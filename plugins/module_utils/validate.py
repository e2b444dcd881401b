# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks of user input that GLPI would accept silently (or a library would crash on), made
before any request: each raises GlpiInputError naming the option and the value."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import re

from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError

_SHA1_RE = re.compile(r'^[0-9a-fA-F]{40}$')
_DATETIME_FORMATS = ('%Y-%m-%d', '%Y-%m-%d %H:%M', '%Y-%m-%d %H:%M:%S')


def at_least(option, value, minimum):
    """``value`` (an int option, None when unset) is >= ``minimum``."""
    if value is not None and value < minimum:
        raise GlpiInputError('%s must be at least %s, got %s' % (option, minimum, value), option=option, value=value)


def sha1(option, value):
    """None, or GLPI's get_sha1: 40 hexadecimal digits."""
    if value is not None and not _SHA1_RE.match(value):
        raise GlpiInputError('%s must be the 40 hexadecimal digits of a sha1 (from glpi_item_info or glpi_item), got %r'
                             % (option, value), option=option, value=value)


def parse_datetime(option, value):
    """A datetime from ``YYYY-MM-DD`` or ``YYYY-MM-DD HH:MM[:SS]`` (None stays None)."""
    if value is None or value == '':
        return None
    text = str(value).strip()
    for fmt in _DATETIME_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise GlpiInputError('%s: %r is not a date (YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS])' % (option, value),
                         option=option, value=value)


def date_range(begin_option, begin, end_option, end):
    """Both parse, and ``end`` is not before ``begin``."""
    first, last = parse_datetime(begin_option, begin), parse_datetime(end_option, end)
    if first is not None and last is not None and last < first:
        raise GlpiInputError('%s %r is before %s %r' % (end_option, end, begin_option, begin), option=end_option, value=end)


def email(option, value):
    """None, '' or an address with a local part and a domain (GLPI keeps anything, PHPMailer then refuses it)."""
    if value is None or value == '':
        return
    local, _at, domain = str(value).strip().rpartition('@')
    if not local or not domain or any(c.isspace() for c in str(value).strip()):
        raise GlpiInputError('%s: %r is not an email address' % (option, value), option=option, value=value)


def number_between(option, value, low, high):
    """None, '' or a number in [low, high] (coordinates)."""
    if value is None or value == '':
        return
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = None
    if number is None or not low <= number <= high:
        raise GlpiInputError('%s: %r is not a number between %s and %s' % (option, value, low, high), option=option, value=value)


def no_duplicates(option, entries):
    """``entries``: (index, key) pairs, key None when it cannot be compared; two equal keys fail."""
    seen = {}
    for index, key in entries:
        if key is None:
            continue
        if key in seen:
            raise GlpiInputError('%s[%d] and %s[%d] name the same object (%s): give it once'
                                 % (option, seen[key], option, index, ', '.join('%s=%r' % pair for pair in key)),
                                 option='%s[%d]' % (option, index), value=dict(key))
        seen[key] = index
