# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""glpi_ticket's ``tickets``: many tickets in one task run, each with the options of the
one-ticket form. Every element is checked and its names resolved (one resolver for all, so a
category, group or user that many tickets give is read once) before anything is written; then
each ticket is looked for and written as one task of the one-ticket form would. A failure of
some elements fails the task after the others were written; ``results`` says which."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.glpi.glpi.plugins.module_utils.dropdowns import DropdownResolver
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiBatchError, GlpiError, GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.tickets import TicketRequest


class ElementModule:
    """What the one-ticket code needs of the module, for one element of ``tickets``: its options
    on top of the task's (the connection options among them)."""

    def __init__(self, module, element):
        self.module = module
        self.params = dict((key, value) for key, value in module.params.items() if key != "tickets")
        self.params.update(element)

    @property
    def check_mode(self):
        return self.module.check_mode

    @property
    def diff_mode_wanted(self):
        return self.module.diff_mode_wanted

    def warn(self, message):
        self.module.warn(message)


def validated(index, element, validator):
    """The element with the defaults of the one-ticket form, checked as the module checks its options."""
    if not isinstance(element, dict):
        raise GlpiInputError("tickets[%d]: expected a dictionary of ticket options, got %r" % (index, element),
                             option="tickets[%d]" % index, value=element)
    outcome = validator.validate(element)
    if outcome.error_messages:
        raise GlpiInputError("tickets[%d]: %s" % (index, "; ".join(outcome.error_messages)), option="tickets[%d]" % index,
                             value=sorted(element))
    return outcome.validated_parameters


def requests(module, client, validator, prepare=None):
    """[(element module, request)] of every element, checked before any write; a bad element
    fails naming ``tickets[i].<option>``."""
    resolver = DropdownResolver(client, option_name="ticket")
    out = []
    for index, element in enumerate(module.params["tickets"]):
        one = ElementModule(module, validated(index, element, validator))
        try:
            if prepare is not None:
                prepare(one.params)
            out.append((one, TicketRequest(client, one.params, resolver)))
        except GlpiInputError as error:
            option = "tickets[%d].%s" % (index, error.option) if error.option else "tickets[%d]" % index
            raise GlpiInputError("tickets[%d]: %s" % (index, error.message), option=option, value=error.value)
    return out


def entry_of(index, one, result, error=None):
    entry = {"index": index, "name": one.params.get("name"), "id": result.get("id"), "action": result.get("action", "failed"),
             "created": bool(result.get("created")), "changed": bool(result.get("changed")),
             "solution_added": bool(result.get("solution_added")), "matched_ids": result.get("matched_ids", []),
             "error": None}
    if error is not None:
        entry.update(action="failed", changed=bool(error.changed), error=str(error))
    return entry


def run_many(module, client, run_one, spec, prepare=None):
    """The result of ``tickets``: ``run_one(element module, client, request)`` per element, each
    element checked against ``spec`` (the one-ticket form's options and rules: a dict with
    argument_spec, required_one_of, required_if, mutually_exclusive)."""
    validator = ArgumentSpecValidator(spec["argument_spec"], mutually_exclusive=spec.get("mutually_exclusive"),
                                      required_one_of=spec.get("required_one_of"), required_if=spec.get("required_if"))
    entries, summary = [], {}
    for index, (one, request) in enumerate(requests(module, client, validator, prepare)):
        try:
            entry = entry_of(index, one, run_one(one, client, request))
        except GlpiError as error:
            entry = entry_of(index, one, {}, error)
        entries.append(entry)
        summary[entry["action"]] = summary.get(entry["action"], 0) + 1
    outcome = {"changed": any(entry["changed"] for entry in entries), "results": entries, "summary": summary}
    failed = [entry for entry in entries if entry["error"]]
    if failed:
        raise GlpiBatchError("%d of %d tickets failed: %s" % (len(failed), len(entries), "; ".join(
            "tickets[%d] (%s): %s" % (entry["index"], entry["name"], entry["error"]) for entry in failed[:10])),
            result=outcome, written=["tickets[%d] %s id %s" % (entry["index"], entry["name"], entry["id"])
                                     for entry in entries if entry["changed"]])
    return outcome
