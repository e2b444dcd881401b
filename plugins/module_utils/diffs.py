# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``diff`` every module returns, in the one shape Ansible's callbacks render.

The default callback (``CallbackBase._get_diff``) takes a dict with ``before`` and
``after`` that are each a string, a dict (shown as sorted JSON or YAML) or None, or a
list of such dicts. Anything else (a list of dicts as ``before``, for example) makes
``v2_on_file_diff`` fail and no diff is shown. Every module builds its diff here: one
object is ``{"before": {...}, "after": {...}}``; several objects (bulk tasks, massive
actions) are one such dict whose sides are keyed by object (``"Computer 12"``), with only
the objects that change, so that ``diff.after["Computer 12"]`` also reads well in a playbook."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def item_diff(before, after):
    """The diff of one object; a missing side (None: created or removed) is ``{}``."""
    return {"before": dict(before or {}), "after": dict(after or {})}


def keyed_diff(entries):
    """The diff of several objects: ``entries`` are ``(key, before, after)``, each side a dict of
    fields or a plain value (a massive action's ``trash`` / ``active`` / ``absent``), None read
    as ``{}``; objects whose two sides are equal are left out (the callback would only repeat them)."""
    diff = {"before": {}, "after": {}}
    for key, before, after in entries:
        before, after = {} if before is None else before, {} if after is None else after
        if before != after:
            diff["before"][key] = before
            diff["after"][key] = after
    return diff


def object_key(itemtype, ident, index=None):
    """``Computer 12``; an object without an id yet (created in check mode, or a failed
    create) is ``Computer #3`` after its place in the task's list."""
    if ident is not None:
        return "%s %s" % (itemtype, ident)
    return "%s #%s" % (itemtype, index)
