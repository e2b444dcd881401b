# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""glpi_user over GLPI 11's v2 API (``Administration/User``), the single form and ``users:``.

The decisions are glpi_user's own (``user_state.user_task``: the fields, ``state: disabled``,
dates; ``add_password``; ``resource.changed_fields``; the emails plan of ``SubItems``), over
another transport:

* one listing reads every user of the task: ``username=in=(...)`` (RSQL, 100 logins a request),
  then the exact, case-sensitive compare on the client; an active user before a trashed one.
  The rows carry the users' addresses (``emails``), so comparing them costs no request;
* writes: ``POST`` (GLPI answers 302 with the id), ``PATCH`` of the changed properties only
  (``is_deleted: false`` restores), ``DELETE`` (trash), ``DELETE ?force=true`` (purge); with
  ``users:`` in parallel requests (``PARALLEL`` at a time) where v1 sends bulk requests;
* the login is the ``username`` property, the password goes in ``password`` and ``password2``
  (write-only: never read, never shown), dropdowns (location, title, category) by id or exact name.

GLPI 11.0.6's v2 API has no endpoint for a user's authorizations (``Profile_User``), group
memberships (``Group_User``) nor for the addresses of another user (``emails`` is read-only):
``profiles``, ``purge_profiles``, ``groups``, ``purge_groups``, ``groups_id`` and the default
profile / entity (``profiles_id``, ``entities_id``: GLPI keeps them only when the user has such an
authorization, which v2 cannot read) fail naming the option before anything is written; ``emails``
is compared, and fails naming the option when the addresses differ.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


from ansible_collections.glpi.glpi.plugins.module_utils import column_limits, validate
from ansible_collections.glpi.glpi.plugins.module_utils.diffs import item_diff, object_key
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiError, GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_items import rsql_value
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_write import HlItemWriter, parallel, raise_first
from ansible_collections.glpi.glpi.plugins.module_utils.api_choice import not_over_v2
from ansible_collections.glpi.glpi.plugins.module_utils.resource import changed_fields
from ansible_collections.glpi.glpi.plugins.module_utils.user_state import SubItems, add_password, reported_fields, user_task
from ansible_collections.glpi.glpi.plugins.module_utils.users_bulk import batch_outcome, check_alone, labelled
from ansible_collections.glpi.glpi.plugins.module_utils.write_lock import WriteLock

PARALLEL = 8      # requests in flight with users:
NAMES_PER_READ = 100
WHY_NOT = "GLPI 11.0.6's v2 API has no endpoint for a user's %s"
UNSUPPORTED = (
    ("profiles", WHY_NOT % "authorizations (Profile_User)"),
    ("purge_profiles", WHY_NOT % "authorizations (Profile_User)"),
    ("groups", WHY_NOT % "group memberships (Group_User)"),
    ("purge_groups", WHY_NOT % "group memberships (Group_User)"),
    ("groups_id", "the default group (GLPI's v2 User has no such property)"),
    ("profiles_id", "the default profile (GLPI keeps it only for a profile the user has, and v2 cannot read "
                    "a user's authorizations)"),
    ("entities_id", "the default entity (GLPI keeps it only for an entity the user has a profile in, and v2 "
                    "cannot read a user's authorizations)"),
)
HIDDEN = ("password", "password2")


def refuse_unsupported(params):
    """Fail naming the first option v2 cannot serve, before anything is read or written."""
    for option, what in UNSUPPORTED:
        value = params.get(option)
        if value not in (None, False) and not (option in ("groups_id", "profiles_id", "entities_id") and value == ""):
            raise not_over_v2(option, what)
        if option in (params.get("fields") or {}):
            raise not_over_v2("fields.%s" % option, what)


class UserFields(HlItemWriter):
    """Legacy user fields -> (wanted values with links as ids, v2 body); each dropdown name is
    looked up once (HlItemWriter keeps the ids it found)."""

    def __init__(self, client):
        super(UserFields, self).__init__(client, {"itemtype": "User"})

    def body(self, fields):
        """(wanted legacy values, v2 body): the login is ``username``, booleans are booleans."""
        wanted, body = self.wanted_and_body(fields)
        for prop, value in list(body.items()):
            if self.schema.properties.get(prop, {}).get("type") == "boolean" and value is not None:
                body[prop] = bool(int(value))
        return wanted, body

    def legacy(self, row):
        """A v2 user row in the legacy shape (``name``; dropdowns as ids; emails apart)."""
        record = self.schema.to_legacy(row)
        record.pop("emails", None)
        return record

    def names(self, row):
        return self.schema.to_legacy(row, expand_dropdowns=True)


def email_rows(row):
    return [{"id": email.get("id"), "users_id": row.get("id"), "email": email.get("email"),
             "is_default": 1 if email.get("is_default") else 0} for email in (row or {}).get("emails") or []]


def read_users(client, fielder, names):
    """{login: v2 row} of the logins (exact compare; an active user before a trashed one)."""
    found = {}
    unique = sorted(set(names))
    for start in range(0, len(unique), NAMES_PER_READ):
        chunk = unique[start:start + NAMES_PER_READ]
        rsql = "username=in=(%s)" % ",".join(rsql_value(name, "name") for name in chunk)
        for row in client.list(fielder.schema.endpoint, rsql=rsql):
            name = row.get("username")
            if name in chunk:
                found.setdefault(name, []).append(row)
    chosen = {}
    for name, rows in found.items():
        active = [row for row in rows if not row.get("is_deleted")]
        pick = active or rows
        if len(pick) > 1:
            raise GlpiInputError("name: %d users are named %r (ids %s)" % (len(pick), name, ", ".join(
                str(row["id"]) for row in pick)), option="name", value=name)
        chosen[name] = pick[0]
    return chosen


class UserPlan:
    """One user (the single form, or an element of users:): decided, then written."""

    def __init__(self, index, params, fielder, diff_names, in_batch=False):
        self.index = index
        self.params = params
        self.fielder = fielder
        self.in_batch = in_batch
        self.checked(refuse_unsupported, params)
        self.task = self.checked(user_task, index, params)
        self.present = params["state"] in ("present", "disabled")
        self.wanted, self.body = self.checked(fielder.body, self.task.fields) if self.present else \
            ({"name": params["name"]}, {})
        self.row = None
        self.subitems = self.checked(SubItems, fielder.client, None, params, diff_names,
                                     lambda user_id, spec: email_rows(self.row)) if self.present else None
        self.error = None
        self.item = None

    def checked(self, action, *args):
        """``action(*args)``; with users:, its input errors name ``users[index].<option>``."""
        return labelled(self.index, action, *args) if self.in_batch else action(*args)

    def decide(self, row):
        self.checked(self._decide, row)

    def _decide(self, row):
        task = self.task
        self.row = row
        task.current = self.fielder.legacy(row) if row else None
        in_trash = bool(task.current and task.current.get("is_deleted"))
        if self.present:
            task.changes = dict(self.wanted) if row is None else changed_fields(task.current, self.wanted)
            task.action = "create" if row is None else ("restore" if in_trash else ("update" if task.changes else "unchanged"))
            add_password(task, self.params)
            self.subitems.plan(row.get("id") if row else None)
            plan = self.subitems.plans.get("emails")
            if plan is not None and plan.changed:
                raise not_over_v2("emails", "writing a user's email addresses (GLPI 11.0.6's v2 API shows "
                                  "them read-only; these differ: %s)" % _email_changes(plan))
        elif task.state == "absent":
            task.action = "unchanged" if row is None or in_trash else "trash"
        else:
            task.action = "purge" if row is not None else "unchanged"

    def write(self, client):
        """The request of this user's action; sets task.outcome_id / self.item, or self.error."""
        task, endpoint = self.task, self.fielder.schema.endpoint
        try:
            if task.action == "create":
                body = dict(self.body, **self._password())
                task.outcome_id = client.request("POST", endpoint, json_body=body, expected=(200, 201, 302)).body.get("id")
            elif task.action in ("update", "restore"):
                patch = dict((prop, value) for prop, value in self.body.items()
                             if self.fielder.schema.legacy_name(prop) in task.changes)
                patch.update(self._password())
                if task.action == "restore":
                    patch["is_deleted"] = False
                self.item = client.request("PATCH", "%s/%d" % (endpoint, task.current["id"]), json_body=patch).body
                task.outcome_id = task.current["id"]
            elif task.action in ("trash", "purge"):
                client.request("DELETE", "%s/%d" % (endpoint, task.current["id"]), expected=(200, 204),
                               params={"force": "true"} if task.action == "purge" else None)
                task.outcome_id = task.current["id"]
        except GlpiError as error:
            self.error = "GLPI refused to %s user %s: %s" % (task.action, self.params["name"], error)

    def _password(self):
        return dict((key, self.task.changes[key]) for key in HIDDEN if key in self.task.changes)

    # -- results -------------------------------------------------------------------------------
    def views(self):
        """(before, after) of the fields the task sets, dropdowns by name, no password."""
        task = self.task
        managed = sorted(field for field in self.wanted if field not in HIDDEN)
        names = self.fielder.names(self.row) if self.row else {}
        before = dict((field, names.get(field, (task.current or {}).get(field))) for field in managed) if task.current else {}
        if task.action in ("trash", "purge") or (task.action == "unchanged" and task.current is None):
            after = {}
        else:
            after = dict(before)
            for field in task.changes:
                if field in managed:
                    after[field] = self.task.fields.get(field, task.changes[field])
        if self.subitems is not None:
            links_before, links_after = self.subitems.views()
            before.update(links_before if task.current else {})
            after.update(links_after)
        return before, after

    @property
    def ident(self):
        return self.task.outcome_id or (self.task.current or {}).get("id")

    def outcome(self, check_mode):
        task = self.task
        changed_list = reported_fields(sorted(task.changes)) if task.action in ("create", "update", "restore") else []
        written = task.action != "unchanged" and (check_mode or self.error is None)
        entry = {"id": self.ident, "action": "failed" if self.error else task.action, "changed": written,
                 "changed_fields": changed_list}
        if self.present:
            entry["changes"] = self.subitems.summary()
        return entry


def _email_changes(plan):
    shown = ["+%s" % body["email"] for body in plan.adds] + ["-%s" % row["email"] for row in plan.deletes]
    shown += ["%s (default)" % row["email"] for row, _changes in plan.updates]
    return ", ".join(shown)


def _lock(client, plans, check_mode):
    labels = [] if check_mode else [plan.task.label for plan in plans]
    return WriteLock(client.root + "/apirest.php", "User", labels, debug=client.log.debug)


def _prepare(client):
    # Column limits and email checks ask the server's version: over v2 it is GLPI 11.
    if getattr(client, "_glpi_version_text", None) is None:
        setattr(client, "_glpi_version_text", "11.0")


def run_single(module, client):
    params = module.params
    _prepare(client)
    fielder = UserFields(client)
    plan = UserPlan(0, params, fielder, module.diff_mode_wanted)
    if plan.present:
        column_limits.check("User", [(None, plan.task.fields)], version=column_limits.version_of(client))
    with _lock(client, [plan], module.check_mode):
        plan.decide(read_users(client, fielder, [params["name"]]).get(params["name"]))
        if not module.check_mode and plan.task.action != "unchanged":
            plan.write(client)
            if plan.error:
                raise GlpiError(plan.error)
    before, after = plan.views()
    outcome = dict(plan.outcome(module.check_mode), diff=item_diff(before, after))
    user = _final_item(client, fielder, plan, module.check_mode)
    if user is not None:
        outcome["user"] = user
    return outcome


def _final_item(client, fielder, plan, check_mode):
    if plan.task.action == "purge":
        return None
    if check_mode or plan.task.action == "unchanged":
        return plan.task.current
    if plan.task.action == "trash" or plan.error:
        return None
    if plan.item is None and plan.ident is not None:
        plan.item = client.get("%s/%d" % (fielder.schema.endpoint, plan.ident))
    return fielder.legacy(plan.item) if plan.item else None


def run_bulk(module, client):
    params = module.params
    check_alone(params)
    _prepare(client)
    fielder = UserFields(client)
    plans = [UserPlan(index, element, fielder, module.diff_mode_wanted, in_batch=True)
             for index, element in enumerate(params["users"])]
    validate.no_duplicates("users", [(plan.index, (("name", plan.params["name"].lower()),)) for plan in plans])
    column_limits.check("User", [("users[%d] (name=%r)" % (plan.index, plan.params["name"]), plan.task.fields)
                                 for plan in plans if plan.present], option="users",
                        version=column_limits.version_of(client))
    with _lock(client, plans, module.check_mode):
        rows = read_users(client, fielder, [plan.params["name"] for plan in plans])
        for plan in plans:
            plan.decide(rows.get(plan.params["name"]))
        todo = [plan for plan in plans if plan.task.action != "unchanged"]
        if not module.check_mode and todo:
            list(raise_first(parallel(lambda plan: plan.write(client), todo, workers=PARALLEL)))
    return _bulk_outcome(plans, module.check_mode)


def _bulk_outcome(plans, check_mode):
    entries, summary, diffs = [], {}, []
    for plan in plans:
        entry = dict(plan.outcome(check_mode), index=plan.index, name=plan.params["name"], error=plan.error)
        summary[entry["action"]] = summary.get(entry["action"], 0) + 1
        entries.append(entry)
        before, after = plan.views()
        diffs.append((object_key("User", entry["id"], plan.index), before, after))
    return batch_outcome(entries, summary, diffs)


def run_user_v2(module, client):
    """glpi_user's ``run`` over v2: the single form, or ``users:``."""
    if module.params.get("users") is not None:
        return run_bulk(module, client)
    return run_single(module, client)
