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
"""

RETURN = r"""
id:
  description: The id of the user (None in check mode for a creation, or when absent).
  returned: always
  type: int
  sample: 42
action:
  description: What was done to the user itself (V(create), V(update), V(restore), V(trash), V(purge), V(unchanged)).
  returned: always
  type: str
  sample: update
changed_fields:
  description:
    - The user fields written (or, in check mode, to be written). V(user_password) appears as
      C(password), without its value.
  returned: always
  type: list
  elements: str
  sample: [realname, profiles_id]
user:
  description: The user as GLPI returns it after the task (GLPI never returns passwords or tokens).
  returned: when the user exists
  type: dict
  sample: {id: 42, name: jdoe, realname: Doe, is_active: 1}
changes:
  description:
    - What changed in the emails, authorizations and memberships, by name, for each of
      O(emails), O(profiles) and O(groups) that was given.
  returned: when O(state) is V(present) or V(disabled)
  type: dict
  sample:
    profiles:
      added: [{profile: Technician, entity: Root entity, recursive: true}]
      updated: []
      removed: [{profile: Self-Service, entity: Root entity, recursive: false, dynamic: true}]
"""

import re

from ansible_collections.glpi.glpi.plugins.module_utils import column_limits
from ansible_collections.glpi.glpi.plugins.module_utils.diffs import item_diff
from ansible_collections.glpi.glpi.plugins.module_utils.dropdowns import looks_like_id
from ansible_collections.glpi.glpi.plugins.module_utils.ensure import Ensurer, Task
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiError, GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.module import GlpiModule
from ansible_collections.glpi.glpi.plugins.module_utils.subitems import SubItemSpec, SubItemWriter, plan_subitems
from ansible_collections.glpi.glpi.plugins.module_utils import validate

FIELD_OPTIONS = ("realname", "firstname", "phone", "mobile", "comment", "is_active", "begin_date", "end_date",
                 "locations_id", "usertitles_id", "usercategories_id", "entities_id", "profiles_id", "groups_id")

EMAILS = SubItemSpec("UserEmail", "users_id", ["email"], fields=["is_default"], resend_fields=["email"],
                     normalize={"email": lambda text: text.lower()}, option="emails")
PROFILES = SubItemSpec("Profile_User", "users_id", ["profiles_id", "entities_id"], fields=["is_recursive"],
                       replace_fields=["is_recursive"], option="profiles")
GROUPS = SubItemSpec("Group_User", "users_id", ["groups_id"], fields=["is_manager", "is_userdelegate"],
                     option="groups")

_DATE_ONLY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class SubItems:
    """The desired emails / profiles / groups of one user, resolved, read and planned."""

    def __init__(self, client, resolver, params, diff_names):
        self.client = client
        self.resolver = resolver
        self.params = params
        self.diff_names = diff_names
        self.known = {}  # (field, id) -> name given by the user: no read to show it
        self.specs = [spec for spec, option in ((EMAILS, "emails"), (PROFILES, "profiles"), (GROUPS, "groups"))
                      if params[option] is not None]
        self.desired = dict((spec.option, self._desired(spec)) for spec in self.specs)
        self.plans = {}

    # -- desired state (names resolved before anything is written) -------------
    def _desired(self, spec):
        entries = self.params[spec.option]
        if spec is EMAILS:
            for index, email in enumerate(entries):
                if "@" not in (email or "").strip(" @"):
                    raise GlpiInputError("emails[%d]: %r is not an email address" % (index, email),
                                         option="emails[%d]" % index, value=email)
            column_limits.check("UserEmail", [("emails[%d]" % index, {"email": email.strip()})
                                              for index, email in enumerate(entries)], option="emails",
                                version=column_limits.version_of(self.client))
            return [dict({"email": email.strip()}, **({"is_default": 1} if index == 0 else {}))
                    for index, email in enumerate(entries)]
        if spec is PROFILES:
            return [{"profiles_id": self._id("profiles_id", "Profile", entry["profile"], "profiles[%d].profile" % index),
                     "entities_id": self._id("entities_id", "Entity", entry["entity"], "profiles[%d].entity" % index),
                     "is_recursive": 1 if entry["recursive"] else 0}
                    for index, entry in enumerate(entries)]
        return [self._group(entry, index) for index, entry in enumerate(entries)]

    def _group(self, entry, index):
        option = "groups[%d]" % index
        if not isinstance(entry, dict):
            entry = {"group": entry}
        unknown = sorted(set(entry) - set(["group", "is_manager", "is_userdelegate"]))
        if unknown or entry.get("group") in (None, ""):
            raise GlpiInputError("%s: expected a group name or {group, is_manager, is_userdelegate}, got %r"
                                 % (option, entry), option=option, value=entry)
        wanted = {"groups_id": self._id("groups_id", "Group", entry["group"], option + ".group")}
        for flag in ("is_manager", "is_userdelegate"):
            if entry.get(flag) is not None:
                if not isinstance(entry[flag], bool):
                    raise GlpiInputError("%s.%s: expected true or false, got %r" % (option, flag, entry[flag]),
                                         option="%s.%s" % (option, flag), value=entry[flag])
                wanted[flag] = 1 if entry[flag] else 0
        return wanted

    def _id(self, field, itemtype, value, option):
        if looks_like_id(value):
            return int(value)
        if not isinstance(value, str) or not value.strip():
            raise GlpiInputError("%s: expected a name or an id, got %r" % (option, value), option=option, value=value)
        try:
            ident = self.resolver.resolve(field, itemtype, value)
        except GlpiInputError as error:
            reason = error.message.split(": ", 1)[-1]
            raise GlpiInputError("%s: %s" % (option, reason), option=option, value=value)
        self.known[(field, ident)] = value
        return ident

    # -- current state and plans -----------------------------------------------
    def read(self, user_id, spec):
        if user_id is None:
            return []
        return self.client.get_sub_items("User", user_id, spec.itemtype)

    def plan(self, user_id, specs=None):
        for spec in specs or self.specs:
            purge = {"emails": True, "profiles": self.params["purge_profiles"],
                     "groups": self.params["purge_groups"]}[spec.option]
            self.plans[spec.option] = plan_subitems(spec, self.read(user_id, spec), self.desired[spec.option], purge)

    def final_rows(self, option, user_id):
        """The rows of ``option`` once planned writes are done (read when not managed)."""
        if option in self.plans:
            return self.plans[option].after_rows()
        return self.read(user_id, {"profiles": PROFILES, "groups": GROUPS}[option])

    @property
    def changed(self):
        return any(plan.changed for plan in self.plans.values())

    # -- names for diffs and results ----------------------------------------------
    def name(self, field, value, read=True):
        if (field, value) in self.known:
            return self.known[(field, value)]
        if read or self.diff_names:
            return self.resolver.name_of(field, value)
        return value

    def label(self, option, row, read=True):
        if option == "emails":
            return {"email": row.get("email"), "default": bool(row.get("is_default"))}
        if option == "profiles":
            label = {"profile": self.name("profiles_id", row.get("profiles_id"), read),
                     "entity": self.name("entities_id", row.get("entities_id"), read),
                     "recursive": bool(row.get("is_recursive"))}
        else:
            label = {"group": self.name("groups_id", row.get("groups_id"), read),
                     "is_manager": bool(row.get("is_manager")), "is_userdelegate": bool(row.get("is_userdelegate"))}
        if row.get("is_dynamic"):
            label["dynamic"] = True
        return label

    def views(self):
        before, after = {}, {}
        for option, plan in self.plans.items():
            current = plan.kept + plan.deletes + plan.unmanaged
            rows = plan.after_rows()
            if option == "emails" and self.desired["emails"]:
                # Setting the default unsets the others (GLPI does it, not the plan).
                default = EMAILS.key_of(self.desired["emails"][0])
                rows = [dict(row, is_default=1 if EMAILS.key_of(row) == default else 0) for row in rows]
            before[option] = _sorted([self.label(option, row, read=False) for row in current])
            after[option] = _sorted([self.label(option, row, read=False) for row in rows])
        return before, after

    def summary(self):
        return dict((option, plan.summary(lambda row, option=option: self.label(option, row)))
                    for option, plan in self.plans.items())


def _sorted(labels):
    return sorted(labels, key=lambda label: (not label.get("default", False), repr(sorted(label.items()))))


def user_fields(params):
    fields = dict(params["fields"] or {})
    for option in FIELD_OPTIONS:
        if params[option] is None:
            continue
        if option in fields:
            raise GlpiInputError("%s is given both as an option and in fields" % option, option="fields", value=option)
        fields[option] = params[option]
    for reserved in ("name", "id", "password", "password2"):
        if reserved in fields:
            raise GlpiInputError("fields: '%s' cannot be set through fields (use the %s option)"
                                 % (reserved, "user_password" if reserved.startswith("password") else "name"),
                                 option="fields", value=reserved)
    for option in ("begin_date", "end_date"):
        # GLPI stores a datetime: a date alone would look changed on every run.
        if isinstance(fields.get(option), str) and _DATE_ONLY_RE.match(fields[option].strip()):
            fields[option] = fields[option].strip() + " 00:00:00"
    if params["state"] == "disabled":
        if params["is_active"]:
            raise GlpiInputError("is_active=true contradicts state=disabled", option="is_active", value=True)
        fields["is_active"] = 0
    for option in ("is_active",):
        if isinstance(fields.get(option), bool):
            fields[option] = 1 if fields[option] else 0
    fields["name"] = params["name"]
    return fields


def check_defaults(client, task, subitems, user_id):
    """GLPI silently ignores a default profile, group or entity the user does not have:
    refuse it before writing rather than report a change on every run."""
    wanted = task.resolved
    changing = task.changes if task.action != "create" else wanted
    for field, links in (("profiles_id", "profiles"), ("groups_id", "groups")):
        if not changing.get(field) or (task.action == "create" and links not in subitems.plans):
            continue
        if wanted[field] not in set(row[field] for row in subitems.final_rows(links, user_id)):
            raise GlpiInputError(
                "%s: %s is not one of the user's %s; add it to %s"
                % (field, subitems.name(field, wanted[field]), links, links), option=field, value=wanted[field])
    entity = changing.get("entities_id")
    if entity and (task.action != "create" or "profiles" in subitems.plans):
        links = subitems.final_rows("profiles", user_id)
        if entity not in set(row["entities_id"] for row in links):
            recursive = set(row["entities_id"] for row in links if row.get("is_recursive"))
            if not recursive.intersection(entity_ancestors(client, entity)):
                raise GlpiInputError(
                    "entities_id: the user has no profile in %s; add one to profiles"
                    % subitems.name("entities_id", entity), option="entities_id", value=entity)


def entity_ancestors(client, entity_id):
    ancestors, seen = [], set([entity_id])
    current = client.get_item("Entity", entity_id)
    while current and current.get("id") != 0:
        parent = current.get("entities_id")
        if parent is None or parent in seen:
            break
        seen.add(parent)
        ancestors.append(parent)
        current = client.get_item("Entity", parent) if parent != 0 else None
    return ancestors


def add_password(task, params):
    """GLPI hashes a password only when password2 comes with it."""
    password = params["user_password"]
    if not password:
        return
    if task.action == "create" or (params["update_password"] == "always" and task.action in ("update", "restore", "unchanged")):
        task.changes["password"] = password
        task.changes["password2"] = password
        if task.action == "unchanged":
            task.action = "update"


def ensure_present(module, client, ensurer, task):
    params = module.params
    subitems = SubItems(client, ensurer.dropdowns, params, module.diff_mode_wanted)
    user_id = (task.current or {}).get("id")
    subitems.plan(user_id)
    check_defaults(client, task, subitems, user_id)
    add_password(task, params)
    creating = task.action == "create"
    first_profile = subitems.plans["profiles"].adds[0] if creating and "profiles" in subitems.plans and \
        subitems.plans["profiles"].adds else None
    if first_profile:
        # As GLPI's user form does: the first authorization comes with the creation,
        # so GLPI does not add its default (dynamic Self-Service) one.
        task.changes.update(_profiles_id=first_profile["profiles_id"], _entities_id=first_profile["entities_id"],
                            _is_recursive=first_profile["is_recursive"])
    writer = SubItemWriter(client, module.check_mode)
    views_before, views_after = subitems.views()
    summary = None
    try:
        if not creating:
            for plan in subitems.plans.values():
                writer.add(plan, user_id)
        ensurer.apply([task])
        if task.error:
            raise GlpiError("GLPI refused to %s user %s: %s" % (task.action, params["name"], task.error))
        if creating and not module.check_mode:
            user_id = task.outcome_id
            if first_profile:
                # Plan the rest against what GLPI actually created.
                subitems.plan(user_id, [PROFILES])
            for plan in subitems.plans.values():
                writer.add(plan, user_id)
        summary = subitems.summary()
        for plan in subitems.plans.values():
            writer.update(plan)
        for plan in subitems.plans.values():
            writer.delete(plan)
    except GlpiError as error:
        written = writer.written > 0 or task.outcome_id is not None
        module.fail_json(msg=str(error), changed=written, error=error.to_dict())
    result = ensurer.results([task], fetch_items=True, diff_names=module.diff_mode_wanted)[0]
    if creating and first_profile and not module.check_mode:
        summary["profiles"]["added"].insert(0, subitems.label("profiles", first_profile))
    result["before"].update(views_before)
    result["after"].update(views_after)
    return result, subitems.changed, summary


def ensure_absent(module, ensurer, task):
    """Trash (absent) or purge (purged) the user; its links stay with a trashed user."""
    ensurer.apply([task])
    if task.error:
        raise GlpiError("GLPI refused to %s user %s: %s" % (task.action, module.params["name"], task.error))
    return ensurer.results([task])[0]


def run(module, client):
    params = module.params
    present = params["state"] in ("present", "disabled")
    fields = user_fields(params) if present else {"name": params["name"]}
    validate.date_range("begin_date", fields.get("begin_date"), "end_date", fields.get("end_date"))
    ensurer = Ensurer(client, "User", check_mode=module.check_mode, warn=module.warn, option="glpi_user")
    state = {"disabled": "present"}.get(params["state"], params["state"])
    task = Task(0, fields, ["name"], state)
    with ensurer.write_lock([task]):  # parallel forks on one login take turns (no duplicate user)
        return ensure_user(module, client, ensurer, task)


def ensure_user(module, client, ensurer, task):
    params = module.params
    present = params["state"] in ("present", "disabled")
    task = ensurer.plan([task])[0]
    summary = None
    if present:
        result, links_changed, summary = ensure_present(module, client, ensurer, task)
    else:
        result, links_changed = ensure_absent(module, ensurer, task), False
    outcome = {
        "changed": bool(result["changed"] or links_changed),
        "id": result["id"],
        "action": result["action"],
        "changed_fields": [field for field in result["changed_fields"]
                           if not field.startswith("_") and field != "password2"],
        "user": result["item"],
        "diff": item_diff(result["before"], result["after"]),
    }
    if summary is not None:
        outcome["changes"] = summary
    if result["item"] is None or params["state"] == "purged":
        outcome.pop("user")
    return outcome


def argument_spec():
    return dict(
        name=dict(type="str", required=True),
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
    GlpiModule(argument_spec()).execute(run)


if __name__ == "__main__":
    main()
