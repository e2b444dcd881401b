# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: hr_offboarding
short_description: What the glpi.glpi.hr_offboarding role computes between its tasks
version_added: 0.1.0
description:
  - Internal to the role glpi.glpi.hr_offboarding, not a stable interface. From the role's inputs and the
    results its tasks registered, computes one value - the filters of its listings, the check of
    every input before the first write, the C(users) of its glpi_user task, the ids of its massive
    actions, the message it fails with, or its result fact.
author:
  - glpi.glpi contributors (@glpi-ansible)
options:
  _input:
    description: The role's inputs and registered results (see the role's vars/main.yml).
    type: dict
    required: true
  what:
    description: The value to compute.
    type: str
    required: true
    choices: [user_filters, trash_needed, asset_itemtypes, asset_filters, check, user_elements, by_itemtype, failure, result]
"""

EXAMPLES = r"""
- name: Check every input of the role (in the role's tasks)
  ansible.builtin.set_fact:
    __hr_offboarding_checked: "{{ __hr_offboarding_state | glpi.glpi.hr_offboarding('check') }}"
"""

RETURN = r"""
_value:
  description: The value asked for.
  type: raw
"""

from ansible_collections.glpi.glpi.plugins.plugin_utils.hr_offboarding import offboarding


class FilterModule(object):
    def filters(self):
        return {'hr_offboarding': offboarding}
