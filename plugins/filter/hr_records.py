# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: hr_records
short_description: The people the HR roles handle today, from a variable or an HR export (CSV or JSON)
version_added: 0.1.0
description:
  - Internal to the roles glpi.glpi.hr_onboarding and glpi.glpi.hr_offboarding, not a stable interface.
  - Reads the HR export named by the role's C(_file) variable on the controller (CSV with a header row,
    or JSON; UTF-8 with or without BOM), maps its columns to the fields of a person, validates every
    record against the role's JSON Schema, then sorts the people by their C(start_date) and C(end_date) -
    who the role handles today, who is skipped and why.
  - Never fails - returns the problems (each naming the file, the line or index, the field and the value)
    for the role to fail with before its first write.
author:
  - glpi.glpi contributors (@glpi-ansible)
options:
  _input:
    description: The role's input variables (see the role's tasks/records.yml).
    type: dict
    required: true
requirements:
  - jsonschema (on the controller, to read a file)
"""

EXAMPLES = r"""
- name: Read the people (in the role's tasks)
  ansible.builtin.set_fact:
    __hr_onboarding_records: "{{ {'role': 'onboarding', 'file': 'hr-people.csv'} | glpi.glpi.hr_records }}"
"""

RETURN = r"""
_value:
  description:
    - C(source), C(today), C(users) (the people to handle today; offboarding - their logins), C(skipped)
      (C(login), C(reason), C(source), C(start_date), C(end_date)), C(problems); onboarding also
      C(inactive) (the future starters created inactive), offboarding C(ignored) (people without end date).
  type: dict
"""

from ansible_collections.glpi.glpi.plugins.plugin_utils.hr_records import prepare


def hr_records(spec):
    return prepare(spec)


class FilterModule(object):
    def filters(self):
        return {'hr_records': hr_records}
