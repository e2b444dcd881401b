# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reconcile a list of sub-items of one parent (a user's UserEmail, Profile_User
or Group_User rows, a computer's disks, ...) with a desired list.

A :class:`SubItemSpec` says how rows are recognised (key fields), which other
fields are compared, and which differences cannot be updated in place (GLPI
forbids updating them, so the row is replaced). :func:`plan_subitems` compares
and returns a :class:`SubItemPlan` (adds, updates, deletes); nothing is written
until :class:`SubItemWriter` applies it, one bulk request per verb, in the order
the caller needs (adds before the parent update, deletes after, for example).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError, GlpiPartialError
from ansible_collections.glpi.glpi.plugins.module_utils.text import comparable, html_decode


class SubItemSpec:
    """How the rows of one sub-itemtype are compared.

    ``itemtype``: the sub-itemtype (``Profile_User``); ``parent_field``: its
    foreign key to the parent (``users_id``); ``key_fields``: the fields that
    identify a row (``profiles_id``, ``entities_id``); ``fields``: the other
    fields compared when the desired entry gives them; ``replace_fields``: fields
    GLPI does not let an update change, so a difference deletes the row and adds
    a new one; ``resend_fields``: fields every update must carry even unchanged
    (GLPI's UserEmail refuses an update without its ``email``), sent as stored;
    ``normalize``: optional ``{field: callable}`` applied to both sides of a key
    before comparing (``str.lower`` for emails); ``protect``: optional
    ``callable(row)``, true for rows never deleted; ``option``: the module
    option, for error messages.
    """

    def __init__(self, itemtype, parent_field, key_fields, fields=(), replace_fields=(),
                 normalize=None, protect=None, option=None, resend_fields=()):
        self.itemtype = itemtype
        self.parent_field = parent_field
        self.key_fields = list(key_fields)
        self.fields = list(fields)
        self.replace_fields = frozenset(replace_fields)
        self.resend_fields = list(resend_fields)
        self.normalize = dict(normalize or {})
        self.protect = protect
        self.option = option or itemtype

    def key_of(self, row):
        key = []
        for field in self.key_fields:
            value = row.get(field)
            if field in self.normalize and value is not None:
                value = self.normalize[field](comparable(value))
            key.append(comparable(value))
        return tuple(key)


class SubItemPlan:
    """What reconciling would write. ``adds``: bodies without the parent id;
    ``updates``: (row, changes) pairs; ``deletes``: rows; ``kept``: current rows
    that match a desired entry; ``unmanaged``: current rows left alone."""

    def __init__(self, spec):
        self.spec = spec
        self.adds = []
        self.updates = []
        self.deletes = []
        self.kept = []
        self.unmanaged = []

    @property
    def changed(self):
        return bool(self.adds or self.updates or self.deletes)

    def after_rows(self):
        """The rows the parent will have once the plan is applied (adds without id)."""
        rows = []
        for row in self.kept:
            changes = dict(next((c for r, c in self.updates if r is row), {}))
            rows.append(dict(row, **changes))
        rows.extend(dict(body) for body in self.adds)
        rows.extend(self.unmanaged)
        return rows

    def summary(self, label):
        """{'added': [...], 'updated': [...], 'removed': [...]} of labels, for results."""
        return {
            "added": [label(body) for body in self.adds],
            "updated": [label(dict(row, **changes)) for row, changes in self.updates],
            "removed": [label(row) for row in self.deletes],
        }


def plan_subitems(spec, current, desired, purge=False):
    """Compare ``current`` rows with ``desired`` entries (dicts holding the key
    fields and optionally ``spec.fields``; names already resolved to ids).

    A desired entry matching a current row keeps it (and updates the differing
    fields); one matching nothing is added. With ``purge``, current rows matching
    no entry are deleted, and so are extra copies of a matched row (GLPI accepts
    duplicate relations); protected rows never are. Raises GlpiInputError when two
    entries have the same key, before anything is written.
    """
    plan = SubItemPlan(spec)
    wanted = []
    seen = {}
    for index, entry in enumerate(desired):
        key = spec.key_of(entry)
        if key in seen:
            raise GlpiInputError(
                "%s: entries #%d and #%d name the same %s (%s)"
                % (spec.option, seen[key], index, spec.itemtype,
                   ", ".join("%s=%s" % (f, entry.get(f)) for f in spec.key_fields)),
                option=spec.option, value=index)
        seen[key] = index
        wanted.append((key, entry))

    by_key = {}
    for row in sorted(current, key=lambda r: int(r.get("id") or 0)):
        by_key.setdefault(spec.key_of(row), []).append(row)

    for key, entry in wanted:
        rows = by_key.pop(key, [])
        if not rows:
            plan.adds.append(_body(spec, entry))
            continue
        row, extra = rows[0], rows[1:]
        changes = dict((field, entry[field]) for field in spec.fields
                       if field in entry and comparable(entry[field]) != comparable(row.get(field)))
        if any(field in spec.replace_fields for field in changes):
            plan.deletes.append(row)
            plan.adds.append(_body(spec, entry))
        else:
            plan.kept.append(row)
            if changes:
                plan.updates.append((row, changes))
        _leftovers(plan, extra, purge)
    for rows in by_key.values():
        _leftovers(plan, rows, purge)
    return plan


def _body(spec, entry):
    return dict((field, entry[field]) for field in spec.key_fields + spec.fields if field in entry)


def _leftovers(plan, rows, purge):
    for row in rows:
        if purge and not (plan.spec.protect and plan.spec.protect(row)):
            plan.deletes.append(row)
        else:
            plan.unmanaged.append(row)


def update_body(spec, row, changes):
    body = dict((field, html_decode(row[field])) for field in spec.resend_fields if field in row)
    body.update(changes, id=row["id"])
    return body


class SubItemWriter:
    """Applies plans with one bulk request per verb; nothing in check mode.

    ``written`` counts the requests sent, so a caller can tell whether a failure
    happened after something was already changed."""

    def __init__(self, client, check_mode=False):
        self.client = client
        self.check_mode = check_mode
        self.written = 0

    def add(self, plan, parent_id):
        """POST the planned adds; returns the new ids in order."""
        if self.check_mode or not plan.adds:
            return []
        bodies = [dict(body, **{plan.spec.parent_field: parent_id}) for body in plan.adds]
        answer = self._send(plan, "add", bodies)
        answers = answer if isinstance(answer, list) else [answer]
        return [row.get("id") if isinstance(row, dict) else None for row in answers]

    def update(self, plan):
        if self.check_mode or not plan.updates:
            return
        self._send(plan, "update", [update_body(plan.spec, row, changes) for row, changes in plan.updates])

    def delete(self, plan):
        if self.check_mode or not plan.deletes:
            return
        # Relations and sub-items such as Profile_User have no trash: purge.
        self._send(plan, "delete", [{"id": row["id"]} for row in plan.deletes])

    def _send(self, plan, verb, bodies):
        payload = bodies[0] if len(bodies) == 1 else bodies
        self.written += 1
        try:
            if verb == "add":
                return self.client.add(plan.spec.itemtype, payload)
            if verb == "update":
                return self.client.update(plan.spec.itemtype, payload)
            return self.client.delete(plan.spec.itemtype, payload, force_purge=True)
        except GlpiPartialError as error:
            messages = sorted(set(str(row.get("message")) for row in error.results
                                  if isinstance(row, dict) and row.get("message")))
            reasons = (": " + "; ".join(messages)) if messages else ""
            raise GlpiPartialError(
                "%s: GLPI refused to %s some %s rows%s" % (plan.spec.option, verb, plan.spec.itemtype, reasons),
                results=error.results, method=error.method, path=error.path, status=error.status)
