#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: glpi_ticket
short_description: Open, update, solve, close or remove GLPI tickets idempotently
version_added: 0.1.0
description:
  - Manages one GLPI ticket found by its title (O(name)) among the tickets whose status is in
    O(match_statuses), or by O(id).
  - Made for monitoring systems that open a ticket when an alert fires, add news while it
    lasts and solve it when it recovers, and for playbooks generally. A second run of the same
    task writes nothing.
  - Compares only the fields the task gives, after normalising both sides the way GLPI stores
    them, and adds the requesters, observers, assignees, groups, items and followup that are
    missing. Links are never removed.
  - All names (users, groups, category, location, entity, items) are resolved before anything
    is written; an unknown one fails the task naming the option and the value.
author:
  - glpi.glpi contributors (@glpi-ansible)
extends_documentation_fragment:
  - glpi.glpi.connection
  - glpi.glpi.attributes
attributes:
  check_mode:
    support: full
    details: Reads, plans and reports the fields, links, followup and solution it would write; writes nothing.
  diff_mode:
    support: full
    details: Fields by option name with levels and dropdowns by name, the status, and the followup, solution and links to add.
options:
  name:
    description:
      - The title of the ticket. Without O(id) it identifies the ticket, compared exactly (GLPI's
        search is case-insensitive; the module compares the exact text afterwards, HTML-decoded,
        leading and trailing spaces ignored).
      - When several tickets have this title and a status in O(match_statuses), the task fails and
        lists their ids, unless O(several_matches=newest).
      - Without O(ticket_entity) (and without O(entity) with O(entity_recursive)), tickets are looked
        for in every entity the session sees.
      - With O(id), the title the ticket must have.
    type: str
  id:
    description:
      - Act on the ticket with this id instead of looking it up by O(name), whatever its status.
      - With O(state=present), a ticket found in the trash is restored.
    type: int
  state:
    description:
      - V(present) creates the ticket when none matches, else updates the fields that differ and
        adds the missing links and followup.
      - V(solved) gives the matching ticket a solution (O(solution), GLPI's C(ITILSolution)) unless
        it is already solved or closed; GLPI then sets the status to I(solved), or to I(closed)
        when the entity closes solved tickets immediately (C(autoclose_delay) 0). When no ticket
        matches, nothing is done and nothing is created. The fields, links and followup given
        are applied first.
      - V(closed) closes the matching ticket (status I(closed)), after adding O(solution) when it
        is given and the ticket is not solved yet. Like V(solved), it creates nothing.
      - V(absent) moves the matching ticket to the trash; with O(purge) it is deleted for good,
        from the trash too.
    type: str
    choices: [present, solved, closed, absent]
    default: present
  several_matches:
    description:
      - What to do when several tickets match O(name) and O(match_statuses).
      - V(fail) fails the task before anything is written, with the ids of the matching tickets;
        then give O(id), or O(ticket_entity) when they are in different entities.
      - V(newest) acts on the newest of them (the highest id); RV(matched) and RV(matched_ids)
        still say which tickets matched.
    type: str
    choices: [fail, newest]
    default: fail
  match_statuses:
    description:
      - The statuses a ticket found by O(name) may have, by number or name (V(new)/V(incoming) 1,
        V(assigned) 2, V(planned) 3, V(pending)/V(waiting) 4, V(solved) 5, V(closed) 6).
      - Default is the open ones (1, 2, 3, 4), and with O(state=closed) the solved ones (5) too.
        So once an alert's ticket is solved, the next alert with the same title opens a new ticket.
      - Not used with O(id).
    type: list
    elements: raw
  content:
    description:
      - The description of the ticket. Compared HTML-decoded, with CRLF read as LF and
        surrounding whitespace ignored.
    type: str
  type:
    description: Whether the ticket is an incident or a request. GLPI's default is the entity's ticket type.
    type: str
    choices: [incident, request]
  urgency:
    description:
      - 1 to 5, or V(very_low), V(low), V(medium), V(high), V(very_high).
    type: raw
  impact:
    description:
      - 1 to 5, or V(very_low), V(low), V(medium), V(high), V(very_high).
    type: raw
  priority:
    description:
      - 1 to 6, or V(very_low), V(low), V(medium), V(high), V(very_high), V(major).
      - Without it GLPI computes the priority from the urgency and the impact (its priority matrix).
      - GLPI recomputes the priority when the urgency changes, even when a priority is given with it;
        the module then sets the priority again, in the same task.
    type: raw
  category:
    description:
      - The ITIL category (C(ITILCategory)), by name, complete name (V(Monitoring > Disks)) or id.
        V(0) removes the category.
    type: raw
  location:
    description:
      - The location, by name, complete name (V(Paris > Floor 2)) or id. V(0) removes the location.
    type: raw
  ticket_entity:
    description:
      - The entity of a ticket the task creates, by name, complete name or id. Without it GLPI
        uses the session's active entity (see O(entity)).
      - Tickets are then looked for in this entity only. The entity of an existing ticket is
        never changed.
      - Without it, and when O(entity) is set with O(entity_recursive), tickets are looked for
        in O(entity) only, not in its sub-entities.
    type: raw
  items:
    description:
      - Assets and other items the ticket is about (C(Item_Ticket)). Missing links are added;
        links to items not listed are kept.
    type: list
    elements: dict
    suboptions:
      itemtype:
        description: The GLPI itemtype, as GLPI spells it (V(Computer), V(NetworkEquipment), V(Printer)).
        type: str
        required: true
      name:
        description: The item's name, compared exactly. Two items with that name fail the task; give O(items[].id).
        type: str
      id:
        description: The item's id.
        type: int
  requesters:
    description:
      - Users (logins, or ids as integers) who must be requesters of the ticket. Missing ones are
        added, others are kept.
      - When the task creates the ticket, they are its only requesters (GLPI adds no default
        requester to a ticket created through its API).
    type: list
    elements: raw
  observers:
    description: Users (logins, or ids as integers) who must observe the ticket. Missing ones are added.
    type: list
    elements: raw
  assignees:
    description:
      - Users (logins, or ids as integers) who must be assigned to the ticket. Missing ones are added.
      - GLPI takes a new ticket to I(assigned) when a user or a group is assigned to it.
    type: list
    elements: raw
  requester_groups:
    description: Groups (names, complete names, or ids as integers) that must be requesters. Missing ones are added.
    type: list
    elements: raw
  assigned_groups:
    description: Groups (names, complete names, or ids as integers) that must be assigned. Missing ones are added.
    type: list
    elements: raw
  followup:
    description:
      - A followup (C(ITILFollowup)) the ticket must have. It is added only when the ticket has no
        followup with the same text (HTML-decoded, CRLF read as LF, surrounding whitespace
        ignored), so that a monitoring system re-running the same task adds it once.
      - Put what changes in the text (a value, a time) to add a followup per event.
      - Like GLPI's own form, a followup written by a requester of a pending ticket who is not
        assigned to it takes the ticket back to I(assigned) (or I(new) without assignee). When the
        account the task runs as is such a requester, RV(diff) shows the status change and the task
        warns. With O(state=solved) and O(state=closed) the followup never reopens the ticket.
      - GLPI refuses the text V(0); the task fails before writing anything.
      - Ignored with O(state=absent).
    type: str
  followup_private:
    description: Whether a followup the task adds is private.
    type: bool
    default: false
  solution:
    description:
      - The text of the solution given with O(state=solved) (required then), and with
        O(state=closed) to a ticket that is not solved yet. Ignored otherwise.
    type: str
  purge:
    description: With O(state=absent), delete the ticket for good instead of moving it to the trash.
    type: bool
    default: false
  tickets:
    description:
      - Manage many tickets in one task; each element is a dictionary of the options of the one-ticket
        form (O(name) or O(id), O(state), O(content), O(items), O(observers), O(match_statuses), ...), with
        the same meaning and defaults; the connection options are the task's.
      - Cannot be combined with O(name) or O(id); the task's other ticket options do not apply to the elements.
      - Every element is checked and its names (users, groups, category, items, ...) resolved before anything
        is written, each distinct name read once; an error names C(tickets[i]). Then each ticket is looked for
        and written as a task of its own would, in order, in one module run (no Ansible cost per ticket).
      - A failure of some tickets fails the task after the others were written; RV(results) says which.
    type: list
    elements: dict
notes:
  - Needs a profile that may create and update tickets, add followups and solve tickets
    (Technician, Supervisor, Admin, Super-Admin). A profile without the I(change priority) right
    cannot set a priority when it creates a ticket; the module then sets it with an update.
  - Links and followups are never removed, and existing followups are never edited.
  - The fields a task gives are set back on every run, also after someone changed them in GLPI;
    give only the fields the task owns.
  - Over GLPI 11's v2 API (O(api_version=v2), see the connection options) the module takes the same
    options and returns the same results (the ticket in the legacy API's shape, C(status) as its number);
    it reads and writes C(Assistance/Ticket), its C(TeamMember) (requesters, observers, assignees, users
    and groups) and its C(Timeline) (followups, solutions). A ticket is created with its fields, then its
    team and its followup, one request each.
  - Over v2, O(items) fails before anything is written (GLPI 11.0.6 has no v2 route for a ticket's items),
    O(entity) must be an id, and a followup given with O(state=solved) or O(state=closed) cannot ask GLPI
    not to reopen the ticket (v2 drops that input), so run such tasks as an account that is not a requester.
seealso:
  - module: glpi.glpi.glpi_item
  - module: glpi.glpi.glpi_search
"""

EXAMPLES = r"""
- name: An alert fires - open the ticket (or add nothing when it is already open)
  glpi.glpi.glpi_ticket:
    name: "[PROBLEM] web-01: disk /var above 90%"
    content: "Triggered by the monitoring system. Runbook: https://wiki.example.com/disk-full"
    type: incident
    urgency: high
    impact: medium
    category: Monitoring > Disks
    items:
      - itemtype: Computer
        name: web-01
    # The account the task runs as is better not a requester: GLPI reopens a pending ticket
    # its requester answers, so its next followup would take the ticket back from pending.
    observers: [noc-oncall]
    assigned_groups: [Linux admins]

- name: The alert is still active - add the news once
  glpi.glpi.glpi_ticket:
    name: "[PROBLEM] web-01: disk /var above 90%"
    followup: "{{ ansible_date_time.iso8601 }}: /var at 97%"

- name: The alert recovers - solve the ticket (nothing happens when none is open)
  glpi.glpi.glpi_ticket:
    name: "[PROBLEM] web-01: disk /var above 90%"
    state: solved
    solution: "Recovered: /var back at 62%."

- name: Close a known ticket, solving it on the way
  glpi.glpi.glpi_ticket:
    id: 4242
    state: closed
    solution: Replaced the disk.

- name: Tickets of one sub-entity, from a session that sees the whole tree
  glpi.glpi.glpi_ticket:
    entity: Root entity
    entity_recursive: true
    ticket_entity: Root entity > Paris
    name: Printer out of toner
    priority: low

- name: Several tickets with this title are open (opened by hand too) - update the newest
  glpi.glpi.glpi_ticket:
    name: "[PROBLEM] web-01: disk /var above 90%"
    several_matches: newest
    followup: "{{ ansible_date_time.iso8601 }}: /var at 98%"

- name: Many tickets in one task (one module run; the names they share are read once)
  glpi.glpi.glpi_ticket:
    tickets:
      - name: "[hr:access:amartin] Access for Alice Martin"
        match_statuses: [new, assigned, planned, pending, solved, closed]
        observers: [amartin]
        category: Accounts
      - name: "[hr:computer:amartin] Computer for Alice Martin"
        match_statuses: [new, assigned, planned, pending, solved, closed]
        items: [{itemtype: Computer, name: LAPTOP-0042}]
  register: opened

- name: Remove a ticket opened by mistake
  glpi.glpi.glpi_ticket:
    name: test ticket
    state: absent
    purge: true
"""

RETURN = r"""
id:
  description: The id of the ticket (None when no ticket matched, or in check mode for a creation).
  returned: always, when O(tickets) is not used
  type: int
  sample: 4242
action:
  description:
    - What was done to the ticket itself - V(create), V(update), V(restore), V(solve), V(close),
      V(trash), V(purge) or V(unchanged). Links and followups are reported apart.
  returned: always, when O(tickets) is not used
  type: str
  sample: update
created:
  description: Whether the task created the ticket (or would, in check mode).
  returned: always, when O(tickets) is not used
  type: bool
matched:
  description: How many tickets matched O(name) and O(match_statuses) (1 or 0 with O(id)).
  returned: always, when O(tickets) is not used
  type: int
  sample: 1
matched_ids:
  description: Their ids, newest first; the first one is the ticket the task acted on (with O(several_matches=newest)).
  returned: always, when O(tickets) is not used
  type: list
  elements: int
  sample: [4242]
changed_fields:
  description: The options whose ticket field was (or would be) written.
  returned: always, when O(tickets) is not used
  type: list
  elements: str
  sample: [urgency, category]
followup_added:
  description: Whether a followup was (or would be) added.
  returned: always, when O(tickets) is not used
  type: bool
solution_added:
  description: Whether a solution was (or would be) added.
  returned: always, when O(tickets) is not used
  type: bool
links_added:
  description: The links added (or to add) per option, as the task named them.
  returned: always, when O(tickets) is not used
  type: dict
  sample: {requesters: [monitoring], items: [{itemtype: Computer, name: web-01}]}
ticket:
  description:
    - The ticket as GLPI returns it after the task, also after O(state=absent) moved it to the trash
      (the current ticket when unchanged or in check mode).
    - Its C(names) key holds readable values that cost no request - C(status), C(type),
      C(urgency), C(impact), C(priority), and C(category), C(location), C(entity) when the task
      named them (None for none).
  returned: when a ticket matched or was created (not in check mode for a creation, not after a purge)
  type: dict
  sample: {id: 4242, name: "[PROBLEM] web-01: disk /var above 90%", status: 2,
           names: {status: assigned, type: incident, urgency: high, category: Monitoring > Disks}}
results:
  description: One entry per element of O(tickets), in order.
  returned: when O(tickets) is used
  type: list
  elements: dict
  contains:
    index:
      description: Position of the element in O(tickets).
      type: int
    name:
      description: The title the element gives.
      type: str
    id:
      description: The id of the ticket (None when none matched, or in check mode for a creation).
      type: int
    action:
      description: As RV(action), or V(failed).
      type: str
    created:
      description: As RV(created).
      type: bool
    changed:
      description: Whether this ticket was (in check mode, would be) written.
      type: bool
    solution_added:
      description: As RV(solution_added).
      type: bool
    matched_ids:
      description: As RV(matched_ids).
      type: list
      elements: int
    error:
      description: Why this element failed, when it did (else None).
      type: str
summary:
  description: Counts of the elements of O(tickets) by action.
  returned: when O(tickets) is used
  type: dict
  sample: {create: 2, unchanged: 10}
diff:
  description:
    - Before and after of the fields the task manages (by option name), the status with
      O(state=solved) and O(state=closed) and whenever the writes changed it (a followup that
      reopened the ticket, an assignment that took a new ticket to I(assigned)), and in C(after)
      the followup, solution and links to add.
    - Check mode cannot foresee the status changes GLPI makes on its own.
  returned: always, when O(tickets) is not used
  type: dict
"""

from ansible_collections.glpi.glpi.plugins.module_utils.diffs import item_diff
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiError
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_tickets import HlTicketClient, HlTicketTask, check_params
from ansible_collections.glpi.glpi.plugins.module_utils.module import run_module
from ansible_collections.glpi.glpi.plugins.module_utils.tickets_bulk import run_many
from ansible_collections.glpi.glpi.plugins.module_utils.tickets import (
    CLOSED, SOLVED, TicketPlan, TicketRequest, TicketTask, locate, normalize_text, option_of, readable, view)


def ensure_present(task, ticket):
    module, client, request = task.module, task.client, task.request
    if ticket is None:
        task.result.update(changed=True, action="create", created=True, followup_added=bool(request.followup),
                           changed_fields=sorted(option_of(field) for field in request.fields),
                           links_added=request.links_given())
        after = view(request, request.fields, set(request.fields))
        task.result["diff"] = item_diff({}, task.with_additions(after, request.followup))
        if module.check_mode:
            return task.finish(None)
        ticket_id = task.create()
        task.result["id"] = ticket_id
        return task.finish(task.reread(ticket_id))
    plan = TicketPlan(client, request, ticket)
    restore = bool(ticket.get("is_deleted"))
    task.report_plan(ticket, plan, "restore" if restore else ("update" if plan.changes else "unchanged"))
    if module.check_mode or not task.result["changed"]:
        return task.finish(ticket)
    task.apply_plan(ticket, plan, {"is_deleted": 0} if restore else None)
    current = task.reread(ticket["id"])
    task.report_status(ticket, current)  # a requester's followup reopens a pending ticket
    return task.finish(current)


def ensure_solved(task, ticket):
    """state=solved and state=closed: fields, links and followup, then the solution, then the status.

    The followup is sent with ``_no_reopen``: written by a requester of a pending, solved or
    closed ticket it would otherwise reopen the ticket, and refuse its solution, on the way to
    the status the task asks for."""
    module, client, request = task.module, task.client, task.request
    target = task.params["state"]
    if ticket is None:
        return task.finish(None)
    plan = TicketPlan(client, request, ticket)
    status = ticket.get("status")
    solve = status not in (SOLVED, CLOSED) and (target == "solved" or task.params["solution"] is not None)
    close = target == "closed" and status != CLOSED
    action = "close" if close else ("solve" if solve else ("update" if plan.changes else "unchanged"))
    task.report_plan(ticket, plan, action)
    task.result["solution_added"] = solve
    task.result["diff"]["before"]["status"] = readable("status", status)
    task.result["diff"]["after"]["status"] = "closed" if close else ("solved" if solve else task.result["diff"]["before"]["status"])
    if solve:
        task.result["diff"]["after"]["solution"] = normalize_text(task.params["solution"])
    if module.check_mode or not task.result["changed"]:
        return task.finish(ticket)
    task.apply_plan(ticket, plan, keep_status=True)
    if solve:
        task.write("solution", client.add, "ITILSolution", {"itemtype": "Ticket", "items_id": ticket["id"],
                                                            "content": task.params["solution"]})
    current = task.reread(ticket["id"])
    if close and current is not None and current.get("status") != CLOSED:
        task.write("status closed", client.update, "Ticket", {"id": ticket["id"], "status": CLOSED})
        current = client.get_item("Ticket", ticket["id"])
    if current is not None:
        task.result["diff"]["after"]["status"] = readable("status", current.get("status"))
    return task.finish(current)


def ensure_absent(task, ticket):
    purge = task.params["purge"]
    if ticket is None or (ticket.get("is_deleted") and not purge):
        return task.finish(ticket)
    before = view(task.request, ticket, set(task.request.fields) | set(["name"]))
    task.result.update(changed=True, id=ticket["id"], action="purge" if purge else "trash",
                       diff=item_diff(before, {}))
    if task.module.check_mode:
        return task.finish(None if purge else ticket)
    task.write("purge" if purge else "trash", task.client.delete, "Ticket", {"id": ticket["id"]}, force_purge=purge)
    return task.finish(None if purge else task.client.get_item("Ticket", ticket["id"]))


def run(module, client):
    if module.params.get("tickets") is not None:
        return run_many(module, client, lambda one, client, request: run_with(one, client, TicketTask, request), element_spec())
    return run_with(module, client, TicketTask)


def run_with(module, client, task_class, request=None):
    """The task with ``task_class`` (TicketTask over the legacy API, HlTicketTask over v2); with
    ``request``, the options already checked (an element of ``tickets``)."""
    params = module.params
    request = request or TicketRequest(client, params)
    ticket, ids = locate(client, request, params)
    task = task_class(module, client, request)
    task.matched(ticket, ids)
    ensure = {"present": ensure_present, "solved": ensure_solved, "closed": ensure_solved}.get(params["state"], ensure_absent)
    try:
        return ensure(task, ticket)
    except GlpiError as error:
        # The task fails with changed=true once something was written, and says what.
        raise error.after_writes(task.done)


def run_v2(module, client):
    """The same task over GLPI 11's v2 API (hlapi_tickets.py)."""
    if module.params.get("tickets") is not None:
        return run_many(module, HlTicketClient(client), lambda one, client, request: run_with(one, client, HlTicketTask, request),
                        element_spec(), prepare=check_params)
    check_params(module.params)
    return run_with(module, HlTicketClient(client), HlTicketTask)


def argument_spec():
    spec = ticket_options()
    spec["tickets"] = dict(type="list", elements="dict")
    return spec


ONE_TICKET_RULES = dict(required_one_of=[("name", "id")], required_if=[("state", "solved", ["solution"])])


def element_spec():
    """The options and rules of one ticket, which each element of ``tickets`` is checked against."""
    return dict(ONE_TICKET_RULES, argument_spec=ticket_options())


def ticket_options():
    return dict(
        name=dict(type="str"),
        id=dict(type="int"),
        state=dict(type="str", default="present", choices=["present", "solved", "closed", "absent"]),
        match_statuses=dict(type="list", elements="raw"),
        content=dict(type="str"),
        type=dict(type="str", choices=["incident", "request"]),
        urgency=dict(type="raw"),
        impact=dict(type="raw"),
        priority=dict(type="raw"),
        category=dict(type="raw"),
        location=dict(type="raw"),
        ticket_entity=dict(type="raw"),
        items=dict(type="list", elements="dict", options=dict(
            itemtype=dict(type="str", required=True),
            name=dict(type="str"),
            id=dict(type="int"),
        ), mutually_exclusive=[("name", "id")], required_one_of=[("name", "id")]),
        requesters=dict(type="list", elements="raw"),
        observers=dict(type="list", elements="raw"),
        assignees=dict(type="list", elements="raw"),
        requester_groups=dict(type="list", elements="raw"),
        assigned_groups=dict(type="list", elements="raw"),
        followup=dict(type="str"),
        followup_private=dict(type="bool", default=False),
        solution=dict(type="str"),
        purge=dict(type="bool", default=False),
        several_matches=dict(type="str", default="fail", choices=["fail", "newest"]),
    )


def main():
    run_module(argument_spec(), run, run_v2=run_v2, required_one_of=[("name", "id", "tickets")],
               mutually_exclusive=[("tickets", "name"), ("tickets", "id")], required_if=[("state", "solved", ["solution"])])


if __name__ == "__main__":
    main()
