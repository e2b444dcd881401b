# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: glpi_lookup
short_description: Read GLPI items from templates
version_added: 0.1.0
description:
  - Returns GLPI objects of the itemtypes given as terms, by O(id), by exact O(fields) values,
    or every object (optionally filtered with O(filters)).
  - O(fields) follows the matching rules of M(glpi.glpi.glpi_item) and
    M(glpi.glpi.glpi_item_info) (exact comparison, dropdown names resolved, more than one match
    is an error listing the ids).
  - Takes the same connection options and C(GLPI_*) environment variables as the modules.
  - The lookup runs on the controller.
author:
  - glpi.glpi contributors (@glpi-ansible)
extends_documentation_fragment:
  - glpi.glpi.connection.plugins
  - glpi.glpi.raw_text
options:
  _terms:
    description: GLPI itemtypes (V(Computer), V(Location), ...).
    type: list
    elements: str
    required: true
  id:
    description:
      - Return the object with this id (nothing when it does not exist or is not visible).
    type: int
  fields:
    description:
      - Return the one object whose fields equal these values (nothing when none matches).
      - Dropdown foreign keys (C(locations_id)) take a name, a completename path or an id.
    type: dict
  filters:
    description:
      - Return every object whose fields contain these patterns, with GLPI's C(searchText) rules
        (case-insensitive substring, V(^) and V($) anchor).
      - A pattern with C(&), C(<) or C(>), which GLPI 10.0 never matches, is searched by its longest part
        without them and compared on the client with the same rules.
    type: dict
  is_deleted:
    description:
      - List the objects in the trash instead of the active ones (without O(id) and O(fields)).
    type: bool
    default: false
  expand_dropdowns:
    description:
      - Show dropdown fields by name instead of id.
    type: bool
    default: false
notes:
  - Use C(query()) (or C(wantlist=true)) to always get a list; C(lookup()) gives the object itself
    when there is exactly one.
  - Text is plain on GLPI 10.0 and 11.0 alike (C(a & b), not C(a &#38; b)); see O(raw_text).
seealso:
  - module: glpi.glpi.glpi_item_info
  - module: glpi.glpi.glpi_search
"""

EXAMPLES = r"""
- name: The id of a location, by its path
  ansible.builtin.debug:
    msg: "{{ lookup('glpi.glpi.glpi_lookup', 'Location', fields={'completename': 'Paris > Floor 2'}).id }}"

- name: One computer by id, dropdowns by name
  ansible.builtin.debug:
    msg: "{{ lookup('glpi.glpi.glpi_lookup', 'Computer', id=42, expand_dropdowns=true).locations_id }}"

- name: Loop over every computer whose name starts with web
  ansible.builtin.debug:
    msg: "{{ item.name }}"
  loop: "{{ query('glpi.glpi.glpi_lookup', 'Computer', filters={'name': '^web'}) }}"

- name: Connection options given explicitly (otherwise GLPI_URL, GLPI_APP_TOKEN, GLPI_USER_TOKEN, ...)
  ansible.builtin.debug:
    msg: "{{ query('glpi.glpi.glpi_lookup', 'Manufacturer', url='https://glpi.example.com',
             app_token=vault_app_token, user_token=vault_user_token) | map(attribute='name') }}"
"""

RETURN = r"""
_list:
  description: The objects found, for every term in order (dicts as GLPI returns them).
  type: list
  elements: dict
"""

from ansible.errors import AnsibleError, AnsibleLookupError
from ansible.plugins.lookup import LookupBase
from ansible.utils.display import Display

from ansible_collections.glpi.glpi.plugins.module_utils.api_choice import make_client
from ansible_collections.glpi.glpi.plugins.module_utils.client import HAS_REQUESTS
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_items import reader_for
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiError
from ansible_collections.glpi.glpi.plugins.plugin_utils.connection import DisplayLog, options_from_plugin
from ansible_collections.glpi.glpi.plugins.module_utils.text import plain_text

display = Display()


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        if not HAS_REQUESTS:
            raise AnsibleError('the glpi.glpi.glpi_lookup plugin needs the Python library "requests" on the controller')
        self.set_options(var_options=variables, direct=kwargs)
        self._check_call(terms, kwargs)
        ident = self.get_option('id')
        fields = self.get_option('fields')
        filters = self.get_option('filters')
        if sum(1 for value in (ident, fields, filters) if value not in (None, {})) > 1:
            raise AnsibleLookupError('glpi_lookup: id, fields and filters are mutually exclusive')
        results = []
        client = None
        try:
            client = make_client(options_from_plugin(self.get_option), log=DisplayLog(display), v2=True)
            for itemtype in terms:
                reader = reader_for(client, str(itemtype), expand_dropdowns=self.get_option('expand_dropdowns'))
                if ident is not None:
                    record = reader.by_id(ident)
                elif fields:
                    record = reader.by_fields(fields)
                else:
                    results.extend(reader.all(filters=filters, is_deleted=self.get_option('is_deleted')))
                    continue
                if record is not None:
                    results.append(record)
        except GlpiError as exc:
            raise AnsibleLookupError('glpi_lookup: %s' % exc)
        finally:
            if client is not None:
                client.close()
        return results if self.get_option('raw_text') else plain_text(results)

    def _check_call(self, terms, kwargs):
        """Ansible keeps keywords the plugin does not declare without a word: refuse them (a typo
        such as fileds= would otherwise list every object), and a call without an itemtype."""
        unknown = sorted(set(kwargs) - set(self.get_options()))
        if unknown:
            raise AnsibleLookupError('glpi_lookup: unknown option %s (options: %s)'
                                     % (', '.join(repr(name) for name in unknown), ', '.join(sorted(self.get_options()))))
        if not terms:
            raise AnsibleLookupError('glpi_lookup: give the itemtype as the first term, e.g. '
                                     "lookup('glpi.glpi.glpi_lookup', 'Computer', id=1)")
