# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: hr_onboarding
short_description: What the glpi.glpi.hr_onboarding role computes between its tasks
version_added: 0.1.0
description:
  - Internal to the role glpi.glpi.hr_onboarding, not a stable interface. From the role's inputs and the
    results its tasks registered, computes one value - the filters of its listings, the plan of each
    user, the check of every input before the first write, the C(users) of its glpi_user task, the
    assignments of its glpi_item tasks, the message it fails with, or its result fact.
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
    choices: [assets, asset_itemtypes, user_filters, asset_filters, trash_needed, plans, ref_itemtypes,
              unfound_itemtypes, foreign_owners, check, user_elements, assignments, failure, result]
"""

EXAMPLES = r"""
- name: Check every input of the role (in the role's tasks)
  ansible.builtin.set_fact:
    __hr_onboarding_checked: "{{ __hr_onboarding_state | glpi.glpi.hr_onboarding('check') }}"
"""

RETURN = r"""
_value:
  description: The value asked for.
  type: raw
"""

from ansible_collections.glpi.glpi.plugins.plugin_utils.hr_onboarding import onboarding


class FilterModule(object):
    def filters(self):
        return {'hr_onboarding': onboarding}
