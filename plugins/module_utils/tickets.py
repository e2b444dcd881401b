# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""GLPI tickets found by title: what glpi_ticket asks for, resolved and validated before any
write (:class:`TicketRequest`), the ticket it is about (:func:`locate`, through the resource
layer's Finder with a :class:`TicketMatch`), and the plan of what to write: fields, links to
users, groups and items, a followup (:class:`TicketPlan`).

Ticket facts used here (GLPI 10.0, Ticket.php / CommonITILObject.php): statuses 1-6
(new, assigned, planned, pending, solved, closed); urgency and impact 1-5, priority 1-6
(6 = major); type 1 incident, 2 request; actors are Ticket_User / Group_Ticket rows with
``type`` 1 requester, 2 assigned, 3 observer; items are Item_Ticket rows. A ticket's
``name`` and ``content`` are stored left-trimmed, HTML-encoded and with CRLF turned into LF.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from collections import namedtuple

from ansible_collections.glpi.glpi.plugins.module_utils import column_limits
from ansible_collections.glpi.glpi.plugins.module_utils.diffs import item_diff
from ansible_collections.glpi.glpi.plugins.module_utils.dropdowns import DropdownResolver, looks_like_id
from ansible_collections.glpi.glpi.plugins.module_utils.errors import (
    GlpiError, GlpiInputError, GlpiNotFoundError, GlpiPartialError, lost_cause)
from ansible_collections.glpi.glpi.plugins.module_utils.resource import Finder, Match
from ansible_collections.glpi.glpi.plugins.module_utils.subitems import SubItemPlan, SubItemSpec, SubItemWriter, plan_subitems
from ansible_collections.glpi.glpi.plugins.module_utils.text import comparable, html_decode

STATUSES = {"new": 1, "incoming": 1, "assigned": 2, "planned": 3, "pending": 4, "waiting": 4,
            "solved": 5, "closed": 6}
STATUS_NAMES = {1: "new", 2: "assigned", 3: "planned", 4: "pending", 5: "solved", 6: "closed"}
OPEN_STATUSES = [1, 2, 3, 4]
PENDING, SOLVED, CLOSED = 4, 5, 6
LEVELS = {"very_low": 1, "low": 2, "medium": 3, "high": 4, "very_high": 5, "major": 6}
LEVEL_NAMES = dict((number, name) for name, number in LEVELS.items())
TYPES = {"incident": 1, "request": 2}
TYPE_NAMES = {1: "incident", 2: "request"}
# Readable values of the numeric ticket fields.
VALUE_NAMES = {"status": STATUS_NAMES, "type": TYPE_NAMES, "urgency": LEVEL_NAMES, "impact": LEVEL_NAMES,
               "priority": LEVEL_NAMES}
REQUESTER, ASSIGNED, OBSERVER = 1, 2, 3

# An actor option: its link itemtype, actor field and itemtype, actor type, and the input key
# that gives such actors to a ticket being created.
Actor = namedtuple("Actor", "option link field itemtype kind create_key")
ACTORS = (
    Actor("requesters", "Ticket_User", "users_id", "User", REQUESTER, "_users_id_requester"),
    Actor("observers", "Ticket_User", "users_id", "User", OBSERVER, "_users_id_observer"),
    Actor("assignees", "Ticket_User", "users_id", "User", ASSIGNED, "_users_id_assign"),
    Actor("requester_groups", "Group_Ticket", "groups_id", "Group", REQUESTER, "_groups_id_requester"),
    Actor("assigned_groups", "Group_Ticket", "groups_id", "Group", ASSIGNED, "_groups_id_assign"),
)
# How the links of each option are recognised (also: one entry given twice is refused).
LINK_SPECS = dict((actor.option, SubItemSpec(actor.link, "tickets_id", [actor.field, "type"], option=actor.option))
                  for actor in ACTORS)
LINK_SPECS["items"] = SubItemSpec("Item_Ticket", "tickets_id", ["itemtype", "items_id"], option="items")
LINK_OPTIONS = tuple(actor.option for actor in ACTORS) + ("items",)

# The ticket fields the module manages: (GLPI field, option), in the order of diffs.
FIELDS = (("name", "name"), ("content", "content"), ("type", "type"), ("urgency", "urgency"),
          ("impact", "impact"), ("priority", "priority"), ("itilcategories_id", "category"),
          ("locations_id", "location"))
OPTIONS = dict(FIELDS)
DROPDOWNS = {"itilcategories_id": ("ITILCategory", "category"), "locations_id": ("Location", "location"),
             "entities_id": ("Entity", "ticket_entity")}


def normalize_text(value):
    """A title, description, followup or solution as GLPI compares it: HTML-decoded, CRLF as
    LF, surrounding whitespace ignored (GLPI left-trims titles and descriptions itself)."""
    if value is None:
        return None
    return html_decode("%s" % (value,)).replace("\r\n", "\n").strip()


def readable(field, value):
    """A status, type or level by name (the value itself when it has none)."""
    return VALUE_NAMES.get(field, {}).get(value, value)


def parse_status(value, option):
    if isinstance(value, int) and not isinstance(value, bool) and value in STATUS_NAMES:
        return value
    text = ("%s" % (value,)).strip().lower()
    if looks_like_id(text) and int(text) in STATUS_NAMES:
        return int(text)
    if text in STATUSES:
        return STATUSES[text]
    raise GlpiInputError("%s: %r is not a ticket status (1-6, or new, assigned, planned, pending, solved, closed)"
                         % (option, value), option=option, value=value)


def parse_level(value, option, highest=5):
    """An urgency or impact (1-5) or a priority (1-6, 6 = major), by number or name."""
    names = [name for name, number in sorted(LEVELS.items(), key=lambda pair: pair[1]) if number <= highest]
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and looks_like_id(value.strip()):
        number = int(value.strip())
    elif isinstance(value, str):
        number = LEVELS.get(value.strip().lower().replace(" ", "_").replace("-", "_"))
    if number is None or not 1 <= number <= highest:
        raise GlpiInputError("%s: %r is not one of 1-%d, %s" % (option, value, highest, ", ".join(names)),
                             option=option, value=value)
    return number


class TicketRequest:
    """The module's options as GLPI values, every name resolved to an id before any write.
    Unknown users, groups, items, categories or bad levels raise GlpiInputError naming the
    option and the value."""

    def __init__(self, client, params, resolver=None):
        self.client = client
        self.params = params
        # tickets: shares one resolver, so that a name many tickets give is read once.
        self.resolver = resolver or DropdownResolver(client, option_name="ticket")
        self.labels = {}  # (field, id) -> the name the task gave
        self.statuses = self._statuses()
        self.fields = self._fields()
        self._check_lengths()
        followup = params.get("followup")
        self.followup = followup if normalize_text(followup) else None  # None: no followup to add
        self.entity = self._dropdown("ticket_entity", "entities_id", params.get("ticket_entity"))
        self.links = self._links()

    # -- fields ---------------------------------------------------------------------------
    def _fields(self):
        params = self.params
        fields = {}
        if params.get("name") is not None:
            if not params["name"].strip():
                raise GlpiInputError("name: a ticket needs a title", option="name", value=params["name"])
            fields["name"] = params["name"].strip()
        if params.get("followup") == "0":
            # ITILFollowup::prepareInputForAdd refuses an empty() content, and PHP's empty("0") is true.
            raise GlpiInputError("followup: GLPI refuses a followup whose text is '0'", option="followup", value="0")
        if params.get("content") is not None:
            fields["content"] = params["content"]
        if params.get("type") is not None:
            fields["type"] = TYPES[params["type"]]
        for option, highest in (("urgency", 5), ("impact", 5), ("priority", 6)):
            if params.get(option) is not None:
                fields[option] = parse_level(params[option], option, highest)
        for option, field in (("category", "itilcategories_id"), ("location", "locations_id")):
            value = self._dropdown(option, field, params.get(option))
            if value is not None:
                fields[field] = value
        return fields

    def _check_lengths(self):
        """Every text the task may write fits its column, before any write (ticket, followup, solution)."""
        version = column_limits.version_of(self.client)
        column_limits.check("Ticket", [(None, self.fields)], option="name", version=version)
        for option, itemtype in (("followup", "ITILFollowup"), ("solution", "ITILSolution")):
            if self.params.get(option) is not None:
                column_limits.check(itemtype, [(None, {"content": self.params[option]})], option=option, version=version)

    def _dropdown(self, option, field, value):
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = ("%s" % (value,)).strip()
        if text in ("", "0"):
            return 0
        if looks_like_id(text):
            return int(text)
        ident = self._resolve(option, field, DROPDOWNS[field][0], text, value)
        self.labels[(field, ident)] = text
        return ident

    def _resolve(self, option, field, itemtype, name, value):
        """The id of ``name``; an unknown or ambiguous name fails naming ``option`` (the
        resolver's own message names the ticket field instead)."""
        try:
            return self.resolver.resolve(field, itemtype, name)
        except GlpiInputError as error:
            raise GlpiInputError("%s: %s" % (option, error.message.split(": ", 1)[-1]), option=option, value=value)

    def _statuses(self):
        given = self.params.get("match_statuses")
        if given is None:
            return OPEN_STATUSES + ([SOLVED] if self.params["state"] == "closed" else [])
        if not given:
            raise GlpiInputError("match_statuses: give at least one status", option="match_statuses", value=given)
        return sorted(set(parse_status(value, "match_statuses[%d]" % index) for index, value in enumerate(given)))

    # -- links ----------------------------------------------------------------------------
    def _links(self):
        links = {}
        for actor in ACTORS:
            if self.params.get(actor.option) is None:
                continue
            rows = []
            for index, value in enumerate(self.params[actor.option]):
                where = "%s[%d]" % (actor.option, index)
                ident = self._actor(where, actor.field, actor.itemtype, value)
                rows.append(({actor.field: ident, "type": actor.kind}, value))
            links[actor.option] = rows
        if self.params.get("items") is not None:
            links["items"] = [self._item(index, entry) for index, entry in enumerate(self.params["items"])]
        for option, rows in links.items():
            plan_subitems(LINK_SPECS[option], [], [row for row, dummy in rows])  # refuses an entry given twice
        return links

    def _actor(self, option, field, itemtype, value):
        if isinstance(value, int) and not isinstance(value, bool):
            if self.client.get_item(itemtype, value) is None:
                raise GlpiInputError("%s: %s %d does not exist" % (option, itemtype, value), option=option, value=value)
            return value
        text = ("%s" % (value if value is not None else "",)).strip()
        if not text:
            raise GlpiInputError("%s: expected a %s, got %r" % (option, "login" if itemtype == "User" else "group name",
                                                                value), option=option, value=value)
        ident = self._resolve(option, field, itemtype, text, value)
        self.labels[(field, ident)] = text
        return ident

    def _item(self, index, entry):
        option = "items[%d]" % index
        itemtype = (entry.get("itemtype") or "").strip()
        if not itemtype:
            raise GlpiInputError("%s.itemtype: give the GLPI itemtype (Computer, NetworkEquipment, ...)" % option,
                                 option=option + ".itemtype", value=entry.get("itemtype"))
        label = {"itemtype": itemtype}
        try:
            if entry.get("id") is not None:
                label["id"] = ident = int(entry["id"])
                if self.client.get_item(itemtype, ident) is None:
                    raise GlpiInputError("%s.id: %s %d does not exist" % (option, itemtype, ident),
                                         option=option + ".id", value=ident)
            else:
                label["name"] = entry.get("name")
                if not ("%s" % (entry.get("name") or "")).strip():
                    raise GlpiInputError("%s: give the name or the id of the %s" % (option, itemtype),
                                         option=option + ".name", value=entry.get("name"))
                ident = self._resolve(option + ".name", "items_id", itemtype, entry.get("name") or "", entry.get("name"))
        except GlpiNotFoundError as error:
            if error.code != "ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM":
                raise
            raise GlpiInputError("%s.itemtype: GLPI has no itemtype %r" % (option, itemtype),
                                 option=option + ".itemtype", value=itemtype)
        return ({"itemtype": itemtype, "items_id": ident}, label)

    # -- names ----------------------------------------------------------------------------
    def name_of(self, field, ident, read=False):
        """The name of a dropdown id for diffs: as the task gave it, None for 0, else read
        (only when ``read``) or the id itself."""
        if ident in (None, 0) and field != "entities_id":
            return None
        if (field, ident) in self.labels:
            return self.labels[(field, ident)]
        return self.resolver.name_of(field, ident) if read else ident

    def links_given(self):
        """{option: [labels]} of every link the task gives (what a creation adds)."""
        return dict((option, [label for dummy, label in rows]) for option, rows in self.links.items() if rows)

    def followup_input(self, text):
        """The content and privacy of a followup the task adds."""
        return {"content": text, "is_private": 1 if self.params.get("followup_private") else 0}

    def creation_input(self):
        """The body of POST Ticket: the fields, the entity, and the actors, items and first
        followup in the keys GLPI's own form uses (Ticket::post_addItem adds them)."""
        body = dict(self.fields)
        if self.followup:
            body["_followup"] = self.followup_input(self.followup)
        if self.entity is not None:
            body["entities_id"] = self.entity
        for actor in ACTORS:
            if self.links.get(actor.option):
                body[actor.create_key] = [row[actor.field] for row, dummy in self.links[actor.option]]
        if self.links.get("items"):
            items = {}
            for row, dummy in self.links["items"]:
                items.setdefault(row["itemtype"], []).append(row["items_id"])
            body["items_id"] = items
        return body


def entity_scope(client, request, params):
    """The entity tickets are looked for in: the ticket's own entity when given, else the
    connection's entity when the session also sees its sub-entities (without them GLPI
    already shows that entity only), else None (everything the session sees)."""
    if request.entity is not None:
        return request.entity
    entity = params.get("entity")
    if entity in (None, "") or not params.get("entity_recursive"):
        return None
    text = ("%s" % (entity,)).strip()
    if looks_like_id(text):
        return int(text)
    active = client.get_active_entities()
    return int(active["id"]) if active.get("id") is not None else None


class TicketMatch(Match):
    """A ticket titled exactly ``name`` (both sides normalised) whose status is in
    ``statuses``, in the entity ``scope`` when given (None: every entity the session sees).

    The listing asks GLPI for the title only: searchText is one LIKE per field, AND-ed,
    so it cannot ask for a set of statuses; the statuses and the entity are checked here."""

    def __init__(self, name, statuses, scope=None):
        super(TicketMatch, self).__init__(["name"], {"name": normalize_text(name)})
        self.statuses = list(statuses)
        self.scope = scope

    def accepts(self, row):
        return (normalize_text(row.get("name")) == self.values["name"] and row.get("status") in self.statuses
                and (self.scope is None or row.get("entities_id") == self.scope))

    def describe(self):
        names = [STATUS_NAMES.get(status, str(status)) for status in self.statuses]
        statuses = names[0] if len(names) == 1 else "%s or %s" % (", ".join(names[:-1]), names[-1])
        where = "in entity %s" % self.scope if self.scope is not None else "in all the entities this session sees"
        return "title %r, status %s, %s" % (self.values["name"], statuses, where)


def find_tickets(client, match, trash=False):
    """The tickets ``match`` accepts, newest first; those in the trash too with ``trash``."""
    active, trashed = Finder(client, "Ticket").matches(match, trash=trash)
    return sorted(active + trashed, key=lambda row: -int(row["id"]))


def differs(field, desired, current):
    if field in ("name", "content"):
        return normalize_text(desired) != normalize_text(current)
    return comparable(desired) != comparable(current)


class TicketPlan:
    """What one run writes on one existing ticket: field changes, links to add, a followup."""

    def __init__(self, client, request, ticket):
        self.client = client
        self.request = request
        self.ticket = ticket
        self.changes = dict((field, value) for field, value in request.fields.items()
                            if differs(field, value, ticket.get(field)))
        self.link_plans = self._plan_links()
        self.followup = self._plan_followup()

    def _plan_links(self):
        links = self.request.links
        if not links:
            return {}
        current = {}
        for link in sorted(set(LINK_SPECS[option].itemtype for option in links)):
            current[link] = self.client.get_sub_items("Ticket", self.ticket["id"], link)
        plans = {}
        for option in LINK_OPTIONS:
            if option not in links:
                continue
            spec = LINK_SPECS[option]
            plans[option] = (plan_subitems(spec, current[spec.itemtype], [row for row, dummy in links[option]]),
                             dict((spec.key_of(row), label) for row, label in links[option]))
        return plans

    def _plan_followup(self):
        text = self.request.followup
        if text is None:
            return None
        rows = self.client.get_sub_items("Ticket", self.ticket["id"], "ITILFollowup")
        if any(normalize_text(row.get("content")) == normalize_text(text) for row in rows):
            return None
        return text

    def links_to_add(self):
        """{option: [labels]} of the links this plan adds."""
        added = {}
        for option, (plan, labels) in self.link_plans.items():
            if plan.adds:
                added[option] = [labels[plan.spec.key_of(body)] for body in plan.adds]
        return added

    def merged_adds(self):
        """(options, plan) per link itemtype, the plan holding every add of these options, so
        that one request adds them all."""
        merged = {}
        for option, (plan, dummy) in self.link_plans.items():
            if plan.adds:
                options, target = merged.setdefault(plan.spec.itemtype, ([], SubItemPlan(plan.spec)))
                options.append(option)
                target.adds.extend(plan.adds)
        return [(sorted(merged[itemtype][0]), merged[itemtype][1]) for itemtype in sorted(merged)]

    @property
    def changed(self):
        return bool(self.changes or self.followup or any(plan.adds for plan, dummy in self.link_plans.values()))


def view(request, ticket, fields, read_names=False):
    """The managed fields of ``ticket`` by option name, levels and dropdowns by name."""
    out = {}
    for field, option in FIELDS:
        if field not in fields:
            continue
        value = ticket.get(field)
        if field in ("name", "content"):
            value = normalize_text(value)
        elif field in DROPDOWNS:
            value = request.name_of(field, value, read_names)
        out[option] = readable(field, value)
    return out


def names(request, ticket):
    """Readable values of ``ticket`` that cost no request: levels, status, type, and the
    dropdowns the task named."""
    out = dict((field, readable(field, ticket.get(field))) for field in ("status", "type", "urgency", "impact", "priority"))
    for field, (dummy, label) in DROPDOWNS.items():
        ident = ticket.get(field)
        key = label.replace("ticket_", "")
        if ident == 0 and field != "entities_id":
            out[key] = None
        elif (field, ident) in request.labels:
            out[key] = request.labels[(field, ident)]
    return out


class TicketTask:
    """One run of glpi_ticket on one ticket: the result being built, and what its writes
    wrote (``done``), so that a failure part way reports ``changed`` and what was written."""

    def __init__(self, module, client, request):
        self.module = module
        self.client = client
        self.request = request
        self.params = module.params
        self.done = []
        self.result = {"changed": False, "id": None, "action": "unchanged", "created": False, "matched": 0,
                       "matched_ids": [], "changed_fields": [], "followup_added": False,
                       "solution_added": False, "links_added": {}, "diff": item_diff({}, {})}

    def write(self, what, call, *args, **kwargs):
        """``call(*args, **kwargs)``, one write request, noting ``what`` it writes once GLPI
        applied it, also when it failed after GLPI may have applied it or a part of it (a
        bulk add answered 207, an answer lost on the way)."""
        try:
            answer = call(*args, **kwargs)
        except GlpiError as error:
            if isinstance(error, GlpiPartialError):
                self.done.append(what + " (in part)")
            elif error.maybe_applied:
                self.done.append(what + " (perhaps)")
            raise
        self.done.append(what)
        return answer

    def create(self):
        """Create the ticket; its id. When GLPI's answer is lost (an HTTP 5xx, a timeout, a cut
        connection), look for the ticket as a re-run would, instead of guessing: found, it was
        created (one ticket, reported changed); not found, the task fails unchanged, saying that
        it may still appear. Never a second POST: GLPI may still be committing the first."""
        try:
            answer = self.client.add("Ticket", self.request.creation_input())
        except GlpiError as error:
            if not error.maybe_applied:
                raise
            self.module.warn("GLPI's answer to the ticket creation was lost (%s); looking for the ticket" % lost_cause(error))
            ticket, dummy = locate(self.client, self.request, self.params)
            if ticket is None:
                error.message = ("the ticket creation reached GLPI but its answer was lost (%s), and the ticket is not "
                                 "visible yet: it may still appear; run the task again to converge (it will not create "
                                 "it twice)" % lost_cause(error))
                raise error
            answer = ticket
        self.done.append("ticket")
        return int(answer["id"])

    def followup_body(self, ticket_id, text, keep_status=False):
        """A followup; with ``keep_status``, GLPI does not reopen the ticket for it (``_no_reopen``,
        read by ParentStatus::updateParentStatus) although the author is its requester."""
        body = dict(self.request.followup_input(text), itemtype="Ticket", items_id=ticket_id)
        if keep_status:
            body["_no_reopen"] = 1
        return body

    def reread(self, ticket_id):
        ticket = self.client.get_item("Ticket", ticket_id)
        wanted = self.request.fields.get("priority")
        if ticket is not None and wanted is not None and ticket.get("priority") != wanted:
            # GLPI recomputes the priority of a new urgency (and of a ticket created by a
            # profile without the "change priority" right): set it again.
            self.write("priority", self.client.update, "Ticket", {"id": ticket_id, "priority": wanted})
            ticket = self.client.get_item("Ticket", ticket_id)
            if ticket is not None and ticket.get("priority") != wanted:
                self.module.warn("GLPI kept priority %s for ticket %s instead of %s: the profile may lack the "
                                 "'change priority' right" % (ticket.get("priority"), ticket_id, wanted))
        return ticket

    def apply_plan(self, ticket, plan, extra_changes=None, keep_status=False):
        """Write a plan on an existing ticket: fields, links, followup (see followup_body for
        ``keep_status``)."""
        ticket_id = ticket["id"]
        changes = dict(plan.changes, **(extra_changes or {}))
        if changes:
            written = sorted(option_of(field) for field in changes)
            self.write("ticket %s" % ", ".join(written), self.client.update, "Ticket", dict(changes, id=ticket_id))
        writer = SubItemWriter(self.client, False)
        for options, merged in plan.merged_adds():
            self.write("links %s" % ", ".join(options), writer.add, merged, ticket_id)
        if plan.followup:
            self.write("followup", self.client.add, "ITILFollowup",
                       self.followup_body(ticket_id, plan.followup, keep_status))

    def report_status(self, before, after):
        """Put a status change the writes caused (GLPI's own rules) in the diff; warn when a
        followup reopened the ticket."""
        if before is None or after is None or before.get("status") == after.get("status"):
            return
        old, new = before.get("status"), after.get("status")
        self.result["diff"]["before"]["status"] = readable("status", old)
        self.result["diff"]["after"]["status"] = readable("status", new)
        if self.result["followup_added"] and old in (PENDING, SOLVED, CLOSED) and new not in (PENDING, SOLVED, CLOSED):
            self.module.warn("GLPI took ticket %s from %s to %s when the followup was added: the account this "
                             "task runs as is a requester of the ticket (a user or a group) and not assigned to it, "
                             "and GLPI reopens a ticket its requester answers"
                             % (after.get("id"), readable("status", old), readable("status", new)))

    def report_plan(self, ticket, plan, action):
        request = self.request
        self.result.update(id=ticket["id"], action=action,
                           changed_fields=sorted(option_of(field) for field in plan.changes),
                           followup_added=bool(plan.followup), links_added=plan.links_to_add())
        managed = set(request.fields)
        read = self.module.diff_mode_wanted
        before = view(request, ticket, managed, read)
        after = view(request, dict(ticket, **plan.changes), managed, read)
        self.result["diff"] = item_diff(before, self.with_additions(after, plan.followup))
        self.result["changed"] = bool(action != "unchanged" or plan.changed)

    def with_additions(self, after, followup):
        """``after`` with the followup and the links the task adds."""
        if followup:
            after["followup"] = normalize_text(followup)
        if self.result["links_added"]:
            after["links"] = self.result["links_added"]
        return after

    def matched(self, ticket, ids):
        self.result.update(matched=len(ids), matched_ids=ids, id=ticket["id"] if ticket else None)

    def finish(self, ticket):
        if ticket is not None:
            self.result["ticket"] = dict(ticket, names=names(self.request, ticket))
        return self.result


def option_of(field):
    """The option that sets a ticket field (itilcategories_id -> category)."""
    return OPTIONS.get(field, field)


def locate(client, request, params):
    """(ticket or None, ids of the matching tickets, newest first). Several matches fail,
    naming the query and the ids, unless ``several_matches`` is ``newest``."""
    if params["id"] is not None:
        ticket = client.get_item("Ticket", params["id"])
        if ticket is None and params["state"] != "absent":
            raise GlpiInputError("id: Ticket %d does not exist or is not visible to this session" % params["id"],
                                 option="id", value=params["id"])
        return ticket, ([ticket["id"]] if ticket else [])
    match = TicketMatch(params["name"], request.statuses, entity_scope(client, request, params))
    rows = find_tickets(client, match, trash=params["state"] == "absent" and params["purge"])
    ids = [row["id"] for row in rows]
    if len(rows) > 1 and params.get("several_matches") != "newest":
        choices = ["id to act on one of them"]
        if match.scope is None:
            choices.append("ticket_entity to look in one entity")
        choices.append("several_matches=newest to act on the newest")
        raise GlpiInputError("%d tickets match (%s): ids %s. Give %s, or %s"
                             % (len(rows), match.describe(), ", ".join(str(ident) for ident in ids),
                                ", ".join(choices[:-1]), choices[-1]),
                             option="several_matches", value=ids)
    return (rows[0] if rows else None), ids
