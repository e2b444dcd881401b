# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: search_prefix
short_description: A GLPI searchText pattern that narrows a listing to some values
version_added: 0.1.0
description:
  - The values' common leading characters, lower case, anchored (V(^abc); GLPI's searchText ignores case),
    the value itself for a single one (V(^abc$)), or an empty string when they share no leading character.
  - C(&), C(<) and C(>) end the prefix (GLPI stores them encoded), and so does leading space.
  - Used by the HR roles to read one listing per itemtype instead of one item per person.
author:
  - glpi.glpi contributors (@glpi-ansible)
options:
  _input:
    description: The values (logins, names, serials, ids).
    type: list
    elements: raw
    required: true
"""

EXAMPLES = r"""
- name: Narrow a user listing to the logins of a run
  glpi.glpi.glpi_item_info:
    itemtype: User
    filters:
      name: "{{ ['jdoe', 'jdupont'] | glpi.glpi.search_prefix }}"   # ^jd
"""

RETURN = r"""
_value:
  description: The searchText pattern, or an empty string.
  type: str
"""

_PREFIX_STOPS = '&<>'


def search_prefix(values):
    texts = [str(value).lower() for value in values or []]
    if not texts:
        return ''
    first, last = min(texts), max(texts)
    prefix = ''
    for index, char in enumerate(first):
        if last[index:index + 1] != char or char in _PREFIX_STOPS:
            break
        prefix += char
    if len(texts) == 1 and prefix == first and first == first.strip():
        return '^%s$' % prefix
    if prefix and prefix[:1].strip():
        return '^%s' % prefix.strip()
    return ''


class FilterModule(object):
    def filters(self):
        return {'search_prefix': search_prefix}
