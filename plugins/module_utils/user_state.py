# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What glpi_user wants of one user, shared by the single form (users.py) and ``users:``
(users_bulk.py): its fields, its emails / authorizations / memberships resolved and planned
(SubItems), and the checks GLPI would otherwise answer with a silent no-op."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.glpi.glpi.plugins.module_utils import column_limits, validate
from ansible_collections.glpi.glpi.plugins.module_utils.dropdowns import looks_like_id
from ansible_collections.glpi.glpi.plugins.module_utils.ensure import Task
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.subitems import SubItemSpec, plan_subitems

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

    def __init__(self, client, resolver, params, diff_names, reader=None):
        self.client = client
        # reader(user_id, spec): the user's current rows (users: hands in the batch's one listing).
        self.reader = reader or (lambda user_id, spec: client.get_sub_items("User", user_id, spec.itemtype))
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
        return self.reader(user_id, spec)

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


def check_defaults(client, task, subitems, user_id, ancestors=None):
    """GLPI silently ignores a default profile, group or entity the user does not have:
    refuse it before writing rather than report a change on every run. ``ancestors(entity_id)``
    defaults to entity_ancestors (a batch passes a cached one)."""
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
            if not recursive.intersection((ancestors or (lambda ident: entity_ancestors(client, ident)))(entity)):
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


def user_task(index, params):
    """The Ensurer task of one user (the single form's params, or an element of users:): its
    fields checked, matched by login; state disabled is a present user with is_active 0."""
    fields = user_fields(params) if params["state"] in ("present", "disabled") else {"name": params["name"]}
    validate.date_range("begin_date", fields.get("begin_date"), "end_date", fields.get("end_date"))
    return Task(index, fields, ["name"], {"disabled": "present"}.get(params["state"], params["state"]))


def first_profile_on_create(task, subitems):
    """As GLPI's user form does: the first authorization to add comes with the creation, so GLPI
    does not add its default (dynamic Self-Service) one. Returns it, or None."""
    adds = subitems.plans["profiles"].adds if "profiles" in subitems.plans else []
    if task.action != "create" or not adds:
        return None
    task.changes.update(_profiles_id=adds[0]["profiles_id"], _entities_id=adds[0]["entities_id"],
                        _is_recursive=adds[0]["is_recursive"])
    return adds[0]


def reported_fields(changed_fields):
    """The changed fields a result names: not the form-only ``_`` keys nor password2."""
    return [field for field in changed_fields if not field.startswith("_") and field != "password2"]
