# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bring a batch of GLPI objects to their desired state: validate everything,
read the current state, plan, then write with one bulk request per verb and
chunk. Check mode stops after the plan; nothing is written."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.glpi.glpi.plugins.module_utils import column_limits
from ansible_collections.glpi.glpi.plugins.module_utils.diffs import item_diff, keyed_diff, object_key
from ansible_collections.glpi.glpi.plugins.module_utils.dropdowns import DropdownResolver, settle
from ansible_collections.glpi.glpi.plugins.module_utils.errors import (
    GlpiBatchError, GlpiConflictError, GlpiError, GlpiInputError, GlpiPartialError, lost_cause)
from ansible_collections.glpi.glpi.plugins.module_utils.resource import (
    Finder, Match, changed_fields, check_dynamic, check_fields, item_sha1, listed_as_read, managed_view)
from ansible_collections.glpi.glpi.plugins.module_utils.write_lock import WriteLock

# Above this many tasks, one narrowed read of the batch (Finder.narrow) beats one search per task.
PRELOAD_THRESHOLD = 10

STATES = ("present", "absent", "purged", "restored")


class Task:
    """One desired object: what the user asked for, as validated input."""

    def __init__(self, index, fields, match_keys, state="present", ident=None, expected_sha1=None):
        self.index = index
        self.fields = dict(fields or {})
        self.match_keys = list(match_keys or [])
        self.state = state
        self.ident = ident
        self.expected_sha1 = expected_sha1
        # Filled by planning.
        self.resolved = None
        self.current = None
        self.action = None
        self.changes = {}
        self.outcome_id = None
        self.error = None
        self.item = None
        self.read_by_id = False  # current is a GET Itemtype/id answer, not a listing row
        self.out_of_reach = False  # moved outside the session's entities: GLPI answers 403 to a read

    @property
    def label(self):
        if self.ident is not None:
            return "id=%s" % self.ident
        return ", ".join("%s=%r" % (key, self.fields.get(key)) for key in self.match_keys)

    def short_label(self):
        """The element's index and match keys, long values cut: for messages about a batch."""
        if self.ident is not None:
            return "items[%d] (id=%s)" % (self.index, self.ident)
        keys = ", ".join("%s=%r" % (key, _cut(self.fields.get(key))) for key in self.match_keys)
        return "items[%d] (%s)" % (self.index, keys) if keys else "items[%d]" % self.index


def _cut(value, width=40):
    text = value if isinstance(value, str) else "%s" % (value,)
    return text if len(text) <= width else text[:width] + "..."


WRITE_ACTIONS = ("create", "update", "restore", "trash", "purge")


def decide(state, current, wanted, itemtype="", label=""):
    """(action, changes) for one object, whichever API read it: ``current`` is its record in the
    legacy shape (None when nothing matches), ``wanted`` the resolved fields the task set. Fields
    compare after normalising both sides (``resource.changed_fields``); an itemtype without a
    trash (no ``is_deleted``) can only be purged."""
    in_trash = bool(current and current.get("is_deleted"))
    if state in ("present", "restored"):
        if current is None:
            if state == "restored":
                raise GlpiInputError("no %s in the trash matches %s" % (itemtype, label), option="state", value="restored")
            return "create", dict(wanted)
        changes = changed_fields(current, wanted)
        return ("restore" if in_trash else ("update" if changes else "unchanged")), changes
    if state == "absent":
        if current is None or in_trash:
            return "unchanged", {}
        return ("trash" if "is_deleted" in current else "purge"), {}
    return ("purge" if current is not None else "unchanged"), {}


class Ensurer:
    def __init__(self, client, itemtype, check_mode=False, allow_dynamic_changes=False,
                 chunk_size=50, warn=None, option="fields", create_missing_dropdowns=False):
        self.client = client
        self.itemtype = itemtype
        self.check_mode = check_mode
        self.allow_dynamic_changes = allow_dynamic_changes
        self.chunk_size = max(1, int(chunk_size))
        self.warn = warn or (lambda message: None)
        self.option = option
        self.finder = Finder(client, itemtype)
        self.dropdowns = DropdownResolver(client, option_name=option, create_missing=create_missing_dropdowns)
        self.created_dropdowns = []

    def run(self, tasks, vet=None):
        """plan() then apply() under write_lock(tasks). ``vet(planned_tasks)`` may refuse the plan
        (raise) before any write."""
        with self.write_lock(tasks):
            return self._plan_vet_apply(tasks, vet)

    def write_lock(self, tasks):
        """The write locks of these objects (by their match values or id), so that parallel forks
        ensuring the same objects take turns (write_lock.py): the second reads what the first
        created or changed (no duplicate, expected_sha1 holds). Check mode writes nothing: no lock."""
        objects = [] if self.check_mode else [task.label for task in tasks]
        return WriteLock(self.client.base_url, self.itemtype, objects,
                         debug=getattr(getattr(self.client, "log", None), "debug", None))

    def _plan_vet_apply(self, tasks, vet):
        planned = self.plan(tasks)
        if vet is not None:
            vet(planned)
        return self.apply(planned)

    # -- planning ---------------------------------------------------------
    def plan(self, tasks):
        """Validate and read everything; raise before any write on bad input."""
        # A batch names its elements and the option; a single task the fields at fault.
        batch = self.option == "items"
        option, version = ("items" if batch else None), column_limits.version_of(self.client)
        column_limits.check(self.itemtype, [(task.short_label() if batch else None, task.fields)
                                            for task in tasks if task.state in ("present", "restored")],
                            option=option, version=version)
        if len(tasks) > PRELOAD_THRESHOLD and not all(task.ident is not None for task in tasks):
            self._read_batch(tasks)
        for task in tasks:
            if task.state not in STATES:
                raise GlpiInputError("state: '%s' is not one of %s" % (task.state, ", ".join(STATES)),
                                     option="state", value=task.state)
            task.resolved = self.dropdowns.resolve_fields(task.fields)
            self._read_current(task)
            self._decide(task)
        for value in self.dropdowns.pending:  # created first in apply(): their names must fit too
            column_limits.check(value.itemtype, [(None, {"name": value.name})], option=option, version=version)
        return tasks

    def _read_batch(self, tasks):
        """One narrowed read for the tasks found by their match keys (values as written: the
        narrowing keys are the itemtype's own text columns, never a dropdown)."""
        matches = []
        for task in tasks:
            if task.ident is None:
                keys = [key for key in task.match_keys if key in task.fields]
                matches.append(Match(keys, dict((key, task.fields[key]) for key in keys)))
        self.finder.narrow(matches)

    def _read_current(self, task):
        if task.ident is not None:
            row = self.finder.by_id(task.ident)
            task.current = row
            task.read_by_id = True
            if row is None and task.state in ("present", "restored"):
                raise GlpiInputError("id: %s %s does not exist" % (self.itemtype, task.ident),
                                     option="id", value=task.ident)
            return
        match = Match.from_fields(task.match_keys, task.resolved, option="match")
        active, trashed = self.finder.one(match)
        task.current = active or trashed
        task.read_by_id = self.finder.read_by_id(task.current)

    def _decide(self, task):
        current = task.current
        if task.state == "present":
            check_fields(self.itemtype, task.resolved, self.finder.known_fields(current), self.option)
        task.action, task.changes = decide(task.state, current, task.resolved, self.itemtype, task.label)
        if task.action in ("update", "restore") and task.changes:
            check_dynamic(self.itemtype, current, task.changes, self.allow_dynamic_changes)
        if task.expected_sha1 and current is not None and task.action != "unchanged":
            self._check_sha1(task)

    def _check_sha1(self, task):
        actual = self.client.get_item(self.itemtype, task.current["id"], get_sha1=True)
        if actual != task.expected_sha1:
            raise GlpiConflictError(
                "%s %s changed since it was read (sha1 %s, expected %s): nothing was written; read it again"
                % (self.itemtype, task.current["id"], actual, task.expected_sha1))

    # -- writing ----------------------------------------------------------
    def apply(self, tasks):
        if self.check_mode:
            self.created_dropdowns = [str(value) for value in self.dropdowns.pending]
            return tasks
        self._create_pending_dropdowns(tasks)
        self._write("create", [t for t in tasks if t.action == "create"])
        self._write("update", [t for t in tasks if t.action in ("update", "restore")])
        self._write("trash", [t for t in tasks if t.action == "trash"])
        self._write("purge", [t for t in tasks if t.action == "purge"])
        return tasks

    def _create_pending_dropdowns(self, tasks):
        """Dropdowns named but missing (create_missing_dropdowns) exist before any item
        refers to them; only now, after every item was validated."""
        if not self.dropdowns.pending:
            return
        self.created_dropdowns = self.dropdowns.create_pending()
        for task in tasks:
            task.resolved = dict((key, settle(value)) for key, value in (task.resolved or {}).items())
            task.changes = dict((key, settle(value)) for key, value in task.changes.items())

    def _write(self, verb, tasks):
        for start in range(0, len(tasks), self.chunk_size):
            chunk = tasks[start:start + self.chunk_size]
            try:
                if verb == "create":
                    self._create(chunk)
                elif verb == "update":
                    self._update(chunk)
                else:
                    self._delete(chunk, purge=(verb == "purge"))
            except GlpiError as error:
                for task in chunk:
                    if task.error is None and task.outcome_id is None:
                        task.error = str(error)

    def _payload(self, chunk, bodies):
        return bodies[0] if len(chunk) == 1 else bodies

    def _create(self, chunk):
        bodies = [dict(task.changes) for task in chunk]
        try:
            answer = self.client.add(self.itemtype, self._payload(chunk, bodies))
        except GlpiPartialError as error:
            answer = error.results
        except GlpiError as error:
            if not getattr(error, "maybe_applied", False):
                raise
            # The answer was lost (e.g. nginx's 502 on a large bulk add although GLPI
            # created everything): look instead of creating again. What is not found yet
            # is reported, never re-sent: GLPI may still be committing it (a 504 leaves
            # PHP running), and a second POST would make duplicates. A re-run converges.
            self.warn("GLPI's answer to a create was lost (%s); checking what was created" % error)
            for task in self._recover_created(chunk):
                task.error = ("the create request reached GLPI but its answer was lost (%s), and the object is not "
                              "visible yet: it may still appear; run the task again to converge (it will not "
                              "create it twice)" % lost_cause(error))
            return
        answers = answer if isinstance(answer, list) else [answer]
        for task, result in zip(chunk, answers):
            ident = result.get("id") if isinstance(result, dict) else None
            if ident:
                task.outcome_id = int(ident)
            else:
                task.error = (result or {}).get("message") or "GLPI did not create it"

    def _recover_created(self, chunk):
        finder = Finder(self.client, self.itemtype)
        left = []
        for task in chunk:
            active, _trashed = finder.one(Match.from_fields(task.match_keys, task.resolved))
            if active:
                task.outcome_id = int(active["id"])
            else:
                left.append(task)
        return left

    def _update(self, chunk):
        bodies = []
        for task in chunk:
            body = dict(task.changes)
            body["id"] = task.current["id"]
            if task.action == "restore":
                body["is_deleted"] = 0
            bodies.append(body)
        try:
            answer = self.client.update(self.itemtype, self._payload(chunk, bodies))
        except GlpiPartialError as error:
            answer = error.results
        self._mark_by_id(chunk, answer, "update")

    def _delete(self, chunk, purge):
        bodies = [{"id": task.current["id"]} for task in chunk]
        try:
            answer = self.client.delete(self.itemtype, self._payload(chunk, bodies), force_purge=purge)
        except GlpiPartialError as error:
            answer = error.results
        self._mark_by_id(chunk, answer, "purge" if purge else "trash")

    @staticmethod
    def _mark_by_id(chunk, answer, verb):
        """GLPI answers [{"<id>": true|false, "message": ...}]; a missing id is simply absent."""
        status = {}
        for entry in answer if isinstance(answer, list) else [answer]:
            if not isinstance(entry, dict):
                continue
            message = entry.get("message")
            for key, value in entry.items():
                if key != "message":
                    status[str(key)] = (value, message)
        for task in chunk:
            ok, message = status.get(str(task.current["id"]), (False, "no answer from GLPI for this id"))
            if ok:
                task.outcome_id = int(task.current["id"])
            else:
                task.error = message or "GLPI refused to %s it" % verb

    # -- reporting --------------------------------------------------------
    def results(self, tasks, fetch_items=False, diff_names=False, with_items=True):
        """One dict per task (``task_result``). ``with_items=False``: no ``item`` nor ``sha1`` (a
        batch reports neither; the sha1 of 1,000 rows costs more than reading them)."""
        for task in tasks:
            if fetch_items and self._reread(task):
                task.item = self.client.get_item(self.itemtype, task.outcome_id or task.current["id"])
            elif task.action == "unchanged" or self.check_mode:
                task.item = task.current
        names = self.dropdowns.name_of if diff_names else None
        return [task_result(task, names, with_items) for task in tasks]

    def _reread(self, task):
        """Whether the reported item must be read again: after a write, and when the current
        state came from a listing row that differs from GET Itemtype/id (GLPI 11.0: then its
        sha1 would not be GLPI's get_sha1)."""
        if task.error is not None or task.out_of_reach:
            return False
        if not self.check_mode and task.action in ("create", "update", "restore"):
            return True
        listed = task.current is not None and not task.read_by_id and not listed_as_read(self.itemtype, task.current)
        return listed and (task.action == "unchanged" or self.check_mode)


def _after_view(task, managed, names):
    if task.action in ("trash", "purge"):
        return {}
    if task.action == "unchanged" and task.current is None:
        return {}
    merged = dict(task.current or {})
    merged.update(task.resolved or {})
    return managed_view(merged, managed, names)


def task_result(task, names=None, with_items=True, sha1=item_sha1):
    """The result of one planned (and maybe written) task, whichever API wrote it: ``names``
    shows dropdown ids by name in before/after; ``sha1`` is GLPI's get_sha1 of the reported item
    (None over v2, which has no get_sha1)."""
    managed = sorted(task.resolved or {})
    return {
        "index": task.index,
        "id": task.outcome_id or (task.current or {}).get("id"),
        "action": task.action if task.error is None else "failed",
        "changed": task.error is None and task.action in WRITE_ACTIONS,
        "changed_fields": sorted(task.changes) if task.action in ("create", "update", "restore") else [],
        "before": managed_view(task.current, managed, names) if task.current is not None else {},
        "after": _after_view(task, managed, names),
        "item": task.item if with_items else None,
        "sha1": sha1(task.item) if task.item and with_items else None,
        "error": task.error,
    }


def outcome(itemtype, results, created_dropdowns, single):
    """glpi_item's result from the per-task results, whichever API: one object (``id``,
    ``item``, ``diff`` of its fields) or a batch (``results``, a diff keyed by object); a batch
    where some failed raises GlpiBatchError with that result and what was written."""
    summary = {}
    for result in results:
        summary[result["action"]] = summary.get(result["action"], 0) + 1
    out = {
        "changed": any(result["changed"] for result in results) or bool(created_dropdowns),
        "summary": summary,
        "created_dropdowns": created_dropdowns,
        "diff": keyed_diff((object_key(itemtype, r["id"], r["index"]), r["before"], r["after"]) for r in results),
    }
    failed = [result for result in results if result["error"]]
    if single:
        result = results[0]
        out.update(id=result["id"], action=result["action"], changed_fields=result["changed_fields"],
                   item=result["item"], sha1=result["sha1"], diff=item_diff(result["before"], result["after"]))
    else:
        out["results"] = [dict((k, v) for k, v in r.items() if k not in ("before", "after", "item", "sha1"))
                          for r in results]
    if failed:
        raise GlpiBatchError("%d of %d %s objects failed: %s" % (
            len(failed), len(results), itemtype, "; ".join("#%d: %s" % (r["index"], r["error"]) for r in failed[:10])),
            result=out, written=written(results, created_dropdowns))
    return out


def written(results, created_dropdowns):
    """What a failed task wrote (or would write in check mode): its changed objects and the dropdowns it created."""
    return (["#%d %s id %s" % (r["index"], r["action"], r["id"]) for r in results if r["changed"]] +
            ["dropdown %s" % name for name in created_dropdowns])
