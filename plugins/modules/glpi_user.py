#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: glpi_user
short_description: Manage GLPI users, their emails, profiles and groups
version_added: 0.1.0
description:
  - Creates, updates, disables, trashes or purges a GLPI user identified by its login
    (O(name)), through GLPI's legacy REST API.
  - Reconciles the user's email addresses (C(UserEmail)), profile authorizations
    (C(Profile_User)) and group memberships (C(Group_User)) with the lists you give.
  - Reads the current state first and writes only what differs; a second run of the same
    task writes nothing. Profiles, groups, entities, locations, titles and categories are
    given by name (or path, or id) and shown by name in the diff.
author:
  - glpi.glpi contributors (@glpi-ansible)
extends_documentation_fragment:
  - glpi.glpi.connection
  - glpi.glpi.attributes
attributes:
  check_mode:
    support: full
    details: Reads, plans and reports what it would write, links included; writes nothing.
  diff_mode:
    support: full
    details: Profiles, groups, entities and other dropdowns are shown by name; passwords never appear.
options:
  name:
    description:
      - The login of the user. It identifies the user; matching is exact (GLPI's search
        is case-insensitive, the module compares exactly afterwards).
      - Required unless O(users) is given.
    type: str
  state:
    description:
      - V(present) creates or updates the user; a user found in the trash is restored.
      - V(disabled) is V(present) with O(is_active=false) (the user cannot log in, everything
        else is kept); a missing user is created disabled.
      - V(absent) moves the user to the trash (restorable).
      - V(purged) deletes the user for good, from the trash or not.
      - O(state=present) leaves C(is_active) alone unless O(is_active) is given, so it does not
        re-enable a disabled user by itself.
    type: str
    choices: [present, absent, purged, disabled]
    default: present
  realname:
    description: Last name.
    type: str
  firstname:
    description: First name.
    type: str
  phone:
    description: Phone number.
    type: str
  mobile:
    description: Mobile phone number.
    type: str
  comment:
    description: Comment.
    type: str
  is_active:
    description:
      - Whether the user may log in. Cannot be V(true) with O(state=disabled).
    type: bool
  begin_date:
    description:
      - Start of validity of the account, C(YYYY-MM-DD) or C(YYYY-MM-DD HH:MM[:SS]).
    type: str
  end_date:
    description:
      - End of validity of the account, C(YYYY-MM-DD) or C(YYYY-MM-DD HH:MM[:SS]).
    type: str
  locations_id:
    description: Location, by name, full path (V(Paris > Floor 2)) or id.
    type: raw
  usertitles_id:
    description: Title (C(UserTitle)), by name or id.
    type: raw
  usercategories_id:
    description: Category (C(UserCategory)), by name or id.
    type: raw
  entities_id:
    description:
      - Default entity, by name, full path or id.
      - GLPI ignores a default entity the user has no profile in; the module refuses it
        before writing instead (the entity must be listed in O(profiles), already be one of
        the user's, or be below one given recursively).
    type: raw
  profiles_id:
    description:
      - Default profile, by name or id. It must be one of the user's profiles after the task
        (listed in O(profiles) or already assigned), as GLPI ignores any other.
    type: raw
  groups_id:
    description:
      - Default group, by name, full path or id. It must be one of the user's groups after the
        task (listed in O(groups) or already a membership), as GLPI ignores any other.
    type: raw
  fields:
    description:
      - Other fields of the GLPI C(User) itemtype by their GLPI name (C(registration_number),
        C(phone2), C(language), ...). Dropdown foreign keys take a name or an id.
      - A field may not be given both here and as an option of its own.
    type: dict
    default: {}
  user_password:
    description:
      - The password of the managed user (the connection's own password is O(password)).
      - Never logged, never shown in the diff or the results. GLPI never returns passwords, so
        the module cannot compare it; see O(update_password).
    type: str
  update_password:
    description:
      - V(on_create) sets O(user_password) only when the task creates the user, so runs stay
        idempotent.
      - V(always) sets it on every run, and the task then always reports a change.
    type: str
    choices: [on_create, always]
    default: on_create
  emails:
    description:
      - The user's email addresses. The first one is the default address.
      - The list is authoritative. Addresses not listed are removed, including those GLPI
        synchronised from a directory (they may come back at the next synchronisation).
        Addresses are compared case-insensitively, as GLPI's database does.
      - Not given (the default) leaves the addresses alone; V([]) removes them all.
    type: list
    elements: str
  profiles:
    description:
      - Profile authorizations (C(Profile_User)) the user must have.
      - Without O(purge_profiles), other authorizations are kept. GLPI accepts the same
        authorization twice; the module never adds one that exists.
      - When the task creates the user, the first entry is given to GLPI at creation (as the
        user form does), so GLPI does not add its default I(Self-Service) authorization.
        A user created without O(profiles) gets that default authorization, marked dynamic.
    type: list
    elements: dict
    suboptions:
      profile:
        description: The profile, by name or id.
        type: raw
        required: true
      entity:
        description: The entity, by name, full path or id. Default is the root entity (id 0).
        type: raw
        default: 0
      recursive:
        description:
          - Whether the authorization also applies to the sub-entities.
          - GLPI does not update an authorization in place; a change of O(profiles[].recursive)
            replaces the authorization.
        type: bool
        default: false
  purge_profiles:
    description:
      - Remove the authorizations that O(profiles) does not list, dynamic ones included (such
        as the I(Self-Service) authorization GLPI adds to a user created without a profile).
        Authorizations that GLPI's rules manage (LDAP, SSO) may come back at the user's next
        login; list them instead.
      - Also removes duplicate copies of a listed authorization.
    type: bool
    default: false
  groups:
    description:
      - Group memberships (C(Group_User)) the user must have. Each element is a group name
        (or path, or id), or a dictionary with C(group) and the optional
        C(is_manager) and C(is_userdelegate) flags.
      - "A dictionary has the keys C(group) (the group by name, full path or id; required),
        C(is_manager) (the user manages the group) and C(is_userdelegate) (the user is a
        delegatee of the group). Flags not given are not compared."
      - Without O(purge_groups), other memberships are kept.
    type: list
    elements: raw
  purge_groups:
    description:
      - Remove the memberships that O(groups) does not list, dynamic ones included.
    type: bool
    default: false
  users:
    description:
      - Manage many users in one task; each element takes the options of the single-user form
        (O(name), O(state), O(emails), O(profiles), O(groups), ...), with the same meaning and defaults.
      - Cannot be combined with the single-user options.
      - Every element is checked (its values, their column limits, the profiles, entities, groups and
        other names it gives) before anything is written; an error names C(users[i].<option>) and the value.
      - The users are read narrowed to their logins, their authorizations and memberships with one search
        each, their addresses with one search of the users' email column, and each distinct name is
        resolved once, so the reads do not grow with the tables; writes are bulk requests by verb,
        itemtype and chunk of 50. A user given two or more addresses that it all has already costs one
        read of them (GLPI's search does not say which address is the default).
      - A failure of some users fails the task after the others were written; RV(results) says which.
    type: list
    elements: dict
    suboptions:
        name:
          description:
            - The login of the user. It identifies the user; matching is exact (GLPI's search
              is case-insensitive, the module compares exactly afterwards).
          type: str
          required: true
        state:
          description:
            - V(present) creates or updates the user; a user found in the trash is restored.
            - V(disabled) is V(present) with O(is_active=false) (the user cannot log in, everything
              else is kept); a missing user is created disabled.
            - V(absent) moves the user to the trash (restorable).
            - V(purged) deletes the user for good, from the trash or not.
            - O(state=present) leaves C(is_active) alone unless O(is_active) is given, so it does not
              re-enable a disabled user by itself.
          type: str
          choices: [present, absent, purged, disabled]
          default: present
        realname:
          description: Last name.
          type: str
        firstname:
          description: First name.
          type: str
        phone:
          description: Phone number.
          type: str
        mobile:
          description: Mobile phone number.
          type: str
        comment:
          description: Comment.
          type: str
        is_active:
          description:
            - Whether the user may log in. Cannot be V(true) with O(state=disabled).
          type: bool
        begin_date:
          description:
            - Start of validity of the account, C(YYYY-MM-DD) or C(YYYY-MM-DD HH:MM[:SS]).
          type: str
        end_date:
          description:
            - End of validity of the account, C(YYYY-MM-DD) or C(YYYY-MM-DD HH:MM[:SS]).
          type: str
        locations_id:
          description: Location, by name, full path (V(Paris > Floor 2)) or id.
          type: raw
        usertitles_id:
          description: Title (C(UserTitle)), by name or id.
          type: raw
        usercategories_id:
          description: Category (C(UserCategory)), by name or id.
          type: raw
        entities_id:
          description:
            - Default entity, by name, full path or id.
            - GLPI ignores a default entity the user has no profile in; the module refuses it
              before writing instead (the entity must be listed in O(profiles), already be one of
              the user's, or be below one given recursively).
          type: raw
        profiles_id:
          description:
            - Default profile, by name or id. It must be one of the user's profiles after the task
              (listed in O(profiles) or already assigned), as GLPI ignores any other.
          type: raw
        groups_id:
          description:
            - Default group, by name, full path or id. It must be one of the user's groups after the
              task (listed in O(groups) or already a membership), as GLPI ignores any other.
          type: raw
        fields:
          description:
            - Other fields of the GLPI C(User) itemtype by their GLPI name (C(registration_number),
              C(phone2), C(language), ...). Dropdown foreign keys take a name or an id.
            - A field may not be given both here and as an option of its own.
          type: dict
          default: {}
        user_password:
          description:
            - The password of the managed user (the connection's own password is O(password)).
            - Never logged, never shown in the diff or the results. GLPI never returns passwords, so
              the module cannot compare it; see O(update_password).
          type: str
        update_password:
          description:
            - V(on_create) sets O(user_password) only when the task creates the user, so runs stay
              idempotent.
            - V(always) sets it on every run, and the task then always reports a change.
          type: str
          choices: [on_create, always]
          default: on_create
        emails:
          description:
            - The user's email addresses. The first one is the default address.
            - The list is authoritative. Addresses not listed are removed, including those GLPI
              synchronised from a directory (they may come back at the next synchronisation).
              Addresses are compared case-insensitively, as GLPI's database does.
            - Not given (the default) leaves the addresses alone; V([]) removes them all.
          type: list
          elements: str
        profiles:
          description:
            - Profile authorizations (C(Profile_User)) the user must have.
            - Without O(purge_profiles), other authorizations are kept. GLPI accepts the same
              authorization twice; the module never adds one that exists.
            - When the task creates the user, the first entry is given to GLPI at creation (as the
              user form does), so GLPI does not add its default I(Self-Service) authorization.
              A user created without O(profiles) gets that default authorization, marked dynamic.
          type: list
          elements: dict
          suboptions:
            profile:
              description: The profile, by name or id.
              type: raw
              required: true
            entity:
              description: The entity, by name, full path or id. Default is the root entity (id 0).
              type: raw
              default: 0
            recursive:
              description:
                - Whether the authorization also applies to the sub-entities.
                - GLPI does not update an authorization in place; a change of O(profiles[].recursive)
                  replaces the authorization.
              type: bool
              default: false
        purge_profiles:
          description:
            - Remove the authorizations that O(profiles) does not list, dynamic ones included (such
              as the I(Self-Service) authorization GLPI adds to a user created without a profile).
              Authorizations that GLPI's rules manage (LDAP, SSO) may come back at the user's next
              login; list them instead.
            - Also removes duplicate copies of a listed authorization.
          type: bool
          default: false
        groups:
          description:
            - Group memberships (C(Group_User)) the user must have. Each element is a group name
              (or path, or id), or a dictionary with C(group) and the optional
              C(is_manager) and C(is_userdelegate) flags.
            - "A dictionary has the keys C(group) (the group by name, full path or id; required),
              C(is_manager) (the user manages the group) and C(is_userdelegate) (the user is a
              delegatee of the group). Flags not given are not compared."
            - Without O(purge_groups), other memberships are kept.
          type: list
          elements: raw
        purge_groups:
          description:
            - Remove the memberships that O(groups) does not list, dynamic ones included.
          type: bool
          default: false
notes:
  - Over GLPI 11's v2 API (O(api_version=v2)) the user is read with one listing (RSQL on the login,
    with its addresses; O(users) reads every user with one listing per 100 logins) and written with
    one request per change, in parallel requests with O(users). GLPI 11.0.6's v2 API has no endpoint
    for a user's authorizations, group memberships or the addresses of another user, so O(profiles),
    O(purge_profiles), O(groups), O(purge_groups), O(groups_id), O(profiles_id) and O(entities_id)
    fail naming the option, and so do O(emails) that differ from the user's; nothing is written.
  - Tasks that run at the same time on one host (forks, parallel playbooks) for the same login take
    turns, through a lock file in C(~/.ansible/tmp/glpi_locks/) as in M(glpi.glpi.glpi_item), so the user is
    created once.
  - Needs a profile that may manage users (Super-Admin or Admin); GLPI lets a profile change
    the emails, activity and authorizations of users with fewer rights only.
  - Changes are written in an order GLPI accepts. New authorizations and memberships first,
    then the user (GLPI ignores a default profile, entity or group the user does not have yet),
    then removals.
seealso:
  - module: glpi.glpi.glpi_item
"""

EXAMPLES = r"""
- name: A technician with two addresses, in the Paris entity and its sub-entities
  glpi.glpi.glpi_user:
    name: jdoe
    realname: Doe
    firstname: Jane
    user_password: "{{ vault_jdoe_password }}"
    emails:
      - jane.doe@example.com
      - jdoe@example.org
    profiles:
      - profile: Technician
        entity: Root entity > Paris
        recursive: true
    groups:
      - Support
      - group: Support > Level 2
        is_manager: true
    profiles_id: Technician
    entities_id: Root entity > Paris

- name: Exactly these authorizations (removes GLPI's default Self-Service one too)
  glpi.glpi.glpi_user:
    name: jdoe
    profiles:
      - profile: Technician
        entity: Root entity
        recursive: true
    purge_profiles: true

- name: Reset a password on every run
  glpi.glpi.glpi_user:
    name: kiosk
    user_password: "{{ vault_kiosk_password }}"
    update_password: always

- name: Disable a leaver (keeps the account and its history)
  glpi.glpi.glpi_user:
    name: jdoe
    state: disabled

- name: Move to the trash
  glpi.glpi.glpi_user:
    name: jdoe
    state: absent

- name: Many users in one task (bulk reads and writes)
  glpi.glpi.glpi_user:
    users:
      - name: jdoe
        realname: Doe
        emails: [jane.doe@example.com]
        profiles:
          - profile: Technician
            entity: Root entity > Paris
        groups: [Support]
      - name: asmith
        realname: Smith
        emails: [alex.smith@example.com]
        groups: [Support]
      - name: leaver
        state: disabled
  register: onboarded

- name: What was done to each user
  ansible.builtin.debug:
    msg: "{{ onboarded.results | map(attribute='name') | zip(onboarded.results | map(attribute='action')) }}"
"""

RETURN = r"""
id:
  description: The id of the user (None in check mode for a creation, or when absent).
  returned: when O(users) is not used
  type: int
  sample: 42
action:
  description: What was done to the user itself (V(create), V(update), V(restore), V(trash), V(purge), V(unchanged)).
  returned: when O(users) is not used
  type: str
  sample: update
changed_fields:
  description:
    - The user fields written (or, in check mode, to be written). V(user_password) appears as
      C(password), without its value.
  returned: when O(users) is not used
  type: list
  elements: str
  sample: [realname, profiles_id]
user:
  description: The user as GLPI returns it after the task (GLPI never returns passwords or tokens).
  returned: when the user exists and O(users) is not used
  type: dict
  sample: {id: 42, name: jdoe, realname: Doe, is_active: 1}
changes:
  description:
    - What changed in the emails, authorizations and memberships, by name, for each of
      O(emails), O(profiles) and O(groups) that was given.
  returned: when O(state) is V(present) or V(disabled) and O(users) is not used
  type: dict
  sample:
    profiles:
      added: [{profile: Technician, entity: Root entity, recursive: true}]
      updated: []
      removed: [{profile: Self-Service, entity: Root entity, recursive: false, dynamic: true}]
results:
  description: One entry per element of O(users), in order.
  returned: when O(users) is used
  type: list
  elements: dict
  contains:
    index:
      description: Position of the element in O(users).
      type: int
    name:
      description: The login, as the element gives it.
      type: str
    id:
      description: The id of the user (None in check mode for a creation, or when absent).
      type: int
    action:
      description: As RV(action), or V(failed).
      type: str
    changed:
      description: Whether this user, its emails, authorizations or memberships were (in check mode, would be) written.
      type: bool
    changed_fields:
      description: As RV(changed_fields).
      type: list
    changes:
      description: As RV(changes), for an element whose state is V(present) or V(disabled).
      type: dict
    error:
      description: Why this element failed, when it did.
      type: str
summary:
  description: Counts of the elements of O(users) by action.
  returned: when O(users) is used
  type: dict
  sample: {create: 2, unchanged: 10}
"""

from ansible_collections.glpi.glpi.plugins.module_utils.module import run_module
from ansible_collections.glpi.glpi.plugins.module_utils import users
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_users import run_user_v2


def run(module, client):
    return users.run(module, client)


def argument_spec():
    spec = user_options()
    element = dict(spec, name=dict(type="str", required=True))
    spec["users"] = dict(type="list", elements="dict", options=element)
    return spec


def user_options():
    return dict(
        name=dict(type="str"),
        state=dict(type="str", default="present", choices=["present", "absent", "purged", "disabled"]),
        realname=dict(type="str"),
        firstname=dict(type="str"),
        phone=dict(type="str"),
        mobile=dict(type="str"),
        comment=dict(type="str"),
        is_active=dict(type="bool"),
        begin_date=dict(type="str"),
        end_date=dict(type="str"),
        locations_id=dict(type="raw"),
        usertitles_id=dict(type="raw"),
        usercategories_id=dict(type="raw"),
        entities_id=dict(type="raw"),
        profiles_id=dict(type="raw"),
        groups_id=dict(type="raw"),
        fields=dict(type="dict", default={}),
        user_password=dict(type="str", no_log=True),
        update_password=dict(type="str", default="on_create", choices=["on_create", "always"], no_log=False),
        emails=dict(type="list", elements="str"),
        profiles=dict(type="list", elements="dict", options=dict(
            profile=dict(type="raw", required=True),
            entity=dict(type="raw", default=0),
            recursive=dict(type="bool", default=False),
        )),
        purge_profiles=dict(type="bool", default=False),
        groups=dict(type="list", elements="raw"),
        purge_groups=dict(type="bool", default=False),
    )


def main():
    run_module(argument_spec(), run, run_v2=run_user_v2, required_one_of=[("name", "users")])


if __name__ == "__main__":
    main()
