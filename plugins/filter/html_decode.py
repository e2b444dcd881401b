# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: html_decode
short_description: Undo GLPI's storage encoding of a string
version_added: 0.1.0
description:
  - GLPI stores C(&), C(<), C(>) and quotes of text fields HTML-encoded (C(&#38;), C(&#60;), C(&lt;), ...) and
    the API returns them that way; this gives the text as it was written.
  - The same decoding the collection's modules use when they compare values and return results, so it is
    only needed on text read with O(glpi.glpi.glpi_item_info#module:raw_text) (or the lookup's C(raw_text)) or
    obtained outside the collection (for example with M(ansible.builtin.uri)).
author:
  - glpi.glpi contributors (@glpi-ansible)
options:
  _input:
    description: A value read from GLPI's API.
    type: raw
    required: true
"""

EXAMPLES = r"""
- name: The login as written
  ansible.builtin.debug:
    msg: "{{ 'a &#38; b' | glpi.glpi.html_decode }}"   # a & b
"""

RETURN = r"""
_value:
  description: The decoded text; an empty string for null.
  type: str
"""

from ansible_collections.glpi.glpi.plugins.module_utils.text import html_decode as _decode


def html_decode(value):
    return _decode('' if value is None else str(value))


class FilterModule(object):
    def filters(self):
        return {'html_decode': html_decode}
