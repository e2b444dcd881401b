# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""glpi_user's ``users:``: many users, with their emails, authorizations and memberships, in one task.

Every element is checked (input, column limits, names of profiles, entities, groups and other
dropdowns) before the first write. Reads do not grow with the table: the users are read narrowed
to their logins (Finder.narrow), their Profile_User and Group_User rows with one search by user
(narrow_read.linked_rows), their addresses with one search of the users' email column; each
distinct name is resolved once. A user given two or more addresses that are already all there costs
one read of them (the search does not say which is the default). Writes are bulk requests by verb,
itemtype and chunk. A failure leaves the other users written, and the results say which."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.glpi.glpi.plugins.module_utils import column_limits
from ansible_collections.glpi.glpi.plugins.module_utils import validate
from ansible_collections.glpi.glpi.plugins.module_utils.diffs import keyed_diff, object_key
from ansible_collections.glpi.glpi.plugins.module_utils.ensure import PRELOAD_THRESHOLD, Ensurer
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiBatchError, GlpiError, GlpiInputError, GlpiPartialError
from ansible_collections.glpi.glpi.plugins.module_utils.narrow_read import column_by_id, linked_rows
from ansible_collections.glpi.glpi.plugins.module_utils.resource import Match
from ansible_collections.glpi.glpi.plugins.module_utils.subitems import update_body
from ansible_collections.glpi.glpi.plugins.module_utils.text import html_decode
from ansible_collections.glpi.glpi.plugins.module_utils.user_state import (
    EMAILS, GROUPS, PROFILES, SubItems, add_password, check_defaults, entity_ancestors, first_profile_on_create, reported_fields,
    user_task)

# The single-user options and their defaults: with users:, none may be given.
SINGLE_OPTIONS = {"name": None, "state": "present", "realname": None, "firstname": None, "phone": None, "mobile": None,
                  "comment": None, "is_active": None, "begin_date": None, "end_date": None, "locations_id": None,
                  "usertitles_id": None, "usercategories_id": None, "entities_id": None, "profiles_id": None,
                  "groups_id": None, "fields": {}, "user_password": None, "update_password": "on_create",
                  "emails": None, "profiles": None, "purge_profiles": False, "groups": None, "purge_groups": False}
CHUNK = 50


def check_alone(params):
    given = sorted(option for option, default in SINGLE_OPTIONS.items()
                   if params.get(option) is not None and params.get(option) != default)
    if given:
        raise GlpiInputError("users cannot be combined with %s: give them in each element of users" % ", ".join(given),
                             option="users", value=given)


def labelled(index, action, *args):
    """``action(*args)``, its input errors named ``users[index].<option>`` (a dropdown's error says
    ``users.<field>``: the Ensurer's option, without the index)."""
    try:
        return action(*args)
    except GlpiInputError as error:
        prefix = "users[%d]" % index
        option, message = error.option or "", error.message
        if option.startswith("users."):
            option, message = option[len("users."):], message.replace("users.", "", 1)
        if not option:
            raise GlpiInputError("%s: %s" % (prefix, message), option=prefix, value=error.value)
        if not message.startswith(option):
            message = "%s: %s" % (option, message)
        raise GlpiInputError("%s.%s" % (prefix, message), option="%s.%s" % (prefix, option), value=error.value)


class Element:
    """One element of users: and what became of it."""

    def __init__(self, index, params):
        self.index = index
        self.params = params
        self.present = params["state"] in ("present", "disabled")
        self.subitems = None
        self.first_profile = None
        self.views = ({}, {})
        self.summary = None
        self.error = None
        self.written = False
        self.task = labelled(index, user_task, index, params)

    @property
    def user_id(self):
        return self.task.outcome_id or (self.task.current or {}).get("id")

    def fail(self, error):
        if self.error is None:
            self.error = str(error)


class Links:
    """The current emails, authorizations and memberships of the batch's users, read once."""

    def __init__(self, client):
        self.client = client
        self.rows = {}
        self.emails = {}  # user id -> its addresses, lower case, as GLPI's search shows them

    def load(self, user_ids, specs):
        user_ids = sorted(set(user_ids))
        for spec in specs:
            if spec is EMAILS:
                self._emails(user_ids)
                continue
            rows = linked_rows(self.client, spec.itemtype, "%s.User.name" % spec.itemtype, user_ids)
            if rows is None:
                continue
            for ident in user_ids:
                self.rows[(spec.itemtype, ident)] = []
            for row in rows:
                self.rows.setdefault((spec.itemtype, int(row["users_id"])), []).append(row)

    def _emails(self, user_ids):
        found = column_by_id(self.client, "User", user_ids, "User.UserEmail.email") or {}
        self.emails = dict((ident, sorted(html_decode(value).strip().lower() for value in values if value))
                           for ident, values in found.items())

    def read(self, user_id, spec):
        key = (spec.itemtype, user_id)
        if key not in self.rows:
            self.rows[key] = self.client.get_sub_items("User", user_id, spec.itemtype)
        return self.rows[key]

    def reader(self, element):
        """The reader of one element's SubItems: its addresses come from the search when the
        search shows exactly the one address it wants (nothing to write, and a lone address is
        GLPI's default); otherwise they are read."""
        wanted = [email.strip().lower() for email in element.params["emails"] or []]

        def read(user_id, spec):
            if spec is EMAILS and len(wanted) <= 1 and self.emails.get(user_id) == wanted:
                return [{"id": None, "users_id": user_id, "email": address, "is_default": 1} for address in wanted]
            return self.read(user_id, spec)
        return read


class Batch:
    def __init__(self, module, client, ensurer, elements):
        self.module = module
        self.client = client
        self.ensurer = ensurer
        self.elements = elements
        self.links = Links(client)
        self.ancestors = {}

    def run(self):
        tasks = [element.task for element in self.elements]
        if 0 < len(tasks) <= PRELOAD_THRESHOLD:  # above it plan() narrows by itself
            self.ensurer.finder.narrow([Match(["name"], {"name": task.fields["name"]}) for task in tasks])
        self.ensurer.plan(tasks)
        present = [element for element in self.elements if element.present]
        self.links.load([element.user_id for element in present if element.user_id], self._specs(present))
        for element in present:
            self._plan(element)
        if not self.module.check_mode:
            self._write(present)
        return self._outcome()

    @staticmethod
    def _specs(elements):
        def wants(*options):
            return any(element.params[option] is not None for element in elements for option in options)
        return [spec for spec, options in ((EMAILS, ("emails",)), (PROFILES, ("profiles", "profiles_id", "entities_id")),
                                           (GROUPS, ("groups", "groups_id"))) if wants(*options)]

    def _plan(self, element):
        task, index = element.task, element.index
        element.subitems = labelled(index, SubItems, self.client, self.ensurer.dropdowns, element.params,
                                    self.module.diff_mode_wanted, self.links.reader(element))
        element.subitems.plan(element.user_id)
        labelled(index, check_defaults, self.client, task, element.subitems, element.user_id, self._ancestors)
        add_password(task, element.params)
        element.first_profile = first_profile_on_create(task, element.subitems)
        element.views = element.subitems.views()

    def _ancestors(self, entity_id):
        if entity_id not in self.ancestors:
            self.ancestors[entity_id] = entity_ancestors(self.client, entity_id)
        return self.ancestors[entity_id]

    # -- writes, in the single form's order --------------------------------------------------
    def _write(self, present):
        existing = [element for element in present if element.task.action != "create"]
        self._links("add", existing)
        self.ensurer.apply([element.task for element in self.elements if element.error is None])
        for element in self.elements:
            if element.task.error:
                element.fail("GLPI refused to %s user %s: %s" % (element.task.action, element.params["name"],
                                                                 element.task.error))
        created = [element for element in present if element.task.action == "create" and element.error is None]
        with_first = [element for element in created if element.first_profile]
        if with_first:  # plan the rest against what GLPI created
            self.links.load([element.user_id for element in with_first], [PROFILES])
            for element in with_first:
                element.subitems.plan(element.user_id, [PROFILES])
        self._links("add", created)
        for element in present:
            element.summary = element.subitems.summary()
            if element.first_profile and element.error is None:
                element.summary["profiles"]["added"].insert(0, element.subitems.label("profiles", element.first_profile))
        self._links("update", present)
        self._links("delete", present)

    def _links(self, verb, elements):
        for spec in (EMAILS, PROFILES, GROUPS):
            rows = []
            for element in elements:
                plan = element.subitems.plans.get(spec.option)
                if plan is not None and element.error is None:
                    rows.extend((element, body) for body in _bodies(verb, plan, element.user_id))
            for start in range(0, len(rows), CHUNK):
                self._send(verb, spec, rows[start:start + CHUNK])

    def _send(self, verb, spec, rows):
        payload = [body for _element, body in rows]
        try:
            if verb == "add":
                answer = self.client.add(spec.itemtype, payload)
            elif verb == "update":
                answer = self.client.update(spec.itemtype, payload)
            else:
                answer = self.client.delete(spec.itemtype, payload, force_purge=True)
        except GlpiPartialError as error:
            answer = error.results
        except GlpiError as error:
            for element, _body in rows:
                element.fail("%s: GLPI refused to %s %s rows: %s" % (spec.option, verb, spec.itemtype, error))
            return
        for (element, _body), result in zip(rows, answer if isinstance(answer, list) else [answer]):
            element.written = element.written or _accepted(result)
            if not _accepted(result):
                message = result.get("message") if isinstance(result, dict) else None
                reason = ": %s" % message if message else ""
                element.fail("%s: GLPI refused to %s a %s row%s" % (spec.option, verb, spec.itemtype, reason))

    # -- results ----------------------------------------------------------------------------------
    def _outcome(self):
        results = self.ensurer.results([element.task for element in self.elements],
                                       diff_names=self.module.diff_mode_wanted)
        entries, summary, diff_entries = [], {}, []
        for element, result in zip(self.elements, results):
            entry = _entry(element, result, self.module.check_mode)
            summary[entry["action"]] = summary.get(entry["action"], 0) + 1
            entries.append(entry)
            before, after = dict(result["before"]), dict(result["after"])
            before.update(element.views[0])
            after.update(element.views[1])
            diff_entries.append((object_key("User", result["id"], element.index), before, after))
        return batch_outcome(entries, summary, diff_entries)


def batch_outcome(entries, summary, diff_entries):
    """The result of users: (also over v2, hlapi_users.py); GlpiBatchError carrying it when an element failed."""
    outcome = {"changed": any(entry["changed"] for entry in entries), "results": entries, "summary": summary,
               "diff": keyed_diff(diff_entries)}
    failed = [entry for entry in entries if entry["error"]]
    if failed:
        raise GlpiBatchError("%d of %d users failed: %s" % (len(failed), len(entries), "; ".join(
            "users[%d] (%s): %s" % (entry["index"], entry["name"], entry["error"]) for entry in failed[:10])),
            result=outcome, written=["users[%d] %s id %s" % (entry["index"], entry["name"], entry["id"])
                                     for entry in entries if entry["changed"]])
    return outcome


def _bodies(verb, plan, user_id):
    if verb == "add":
        return [dict(body, **{plan.spec.parent_field: user_id}) for body in plan.adds]
    if verb == "update":
        return [update_body(plan.spec, row, changes) for row, changes in plan.updates]
    return [{"id": row["id"]} for row in plan.deletes]


def _accepted(result):
    """A row of GLPI's answer to a bulk add ({"id": n}) or update / delete ({"<id>": true})."""
    if not isinstance(result, dict):
        return False
    if "id" in result:
        return bool(result["id"])
    return all(value for key, value in result.items() if key != "message")


def _entry(element, result, check_mode):
    error = element.error or result["error"]
    planned = bool(result["changed"] or (element.subitems is not None and element.subitems.changed))
    written = element.written or (element.task.outcome_id is not None and element.task.action != "unchanged")
    entry = {
        "index": element.index,
        "name": element.params["name"],
        "id": result["id"],
        "action": "failed" if error else result["action"],
        "changed": planned if check_mode or not error else written,
        "changed_fields": reported_fields(result["changed_fields"]),
        "error": error,
    }
    if element.present:
        entry["changes"] = element.summary if element.summary is not None else element.subitems.summary()
    return entry


def run_bulk(module, client):
    params = module.params
    check_alone(params)
    ensurer = Ensurer(client, "User", check_mode=module.check_mode, warn=module.warn, option="users")
    elements = [Element(index, element) for index, element in enumerate(params["users"])]
    validate.no_duplicates("users", [(element.index, (("name", element.params["name"].lower()),)) for element in elements])
    column_limits.check("User", [("users[%d] (name=%r)" % (element.index, element.params["name"]), element.task.fields)
                                 for element in elements if element.present], option="users",
                        version=column_limits.version_of(client))
    for element in elements:
        if element.present:
            labelled(element.index, ensurer.dropdowns.resolve_fields, element.task.fields)
    with ensurer.write_lock([element.task for element in elements]):
        return Batch(module, client, ensurer, elements).run()
