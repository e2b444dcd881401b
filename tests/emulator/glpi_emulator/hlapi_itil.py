"""High-level API tickets beyond their columns (ITILController, 11.0.6): the status ``{id, name}``,
the team (``GET|POST|DELETE /Assistance/Ticket/{id}/TeamMember``, ``GET .../TeamMember/{role}``), the timeline's followups and
solutions (``GET /Timeline``, ``POST /Timeline/Followup`` and ``/Timeline/Solution``).
Writes go through the legacy ``writes.add_item`` (actors, followups, solutions and their
effects on the ticket, as itil.py emulates them)."""
from werkzeug.wrappers import Response

from . import hlapi, hlapi_itil_other, hlapi_render, hlapi_rsql, rights, values, writes

STATUS_NAMES = {1: "New", 2: "Processing (assigned)", 3: "Processing (planned)", 4: "Pending",
                5: "Solved", 6: "Closed", 10: "Approval"}
ROLES = {1: "requester", 2: "assigned", 3: "observer"}
ROLE_TYPES = {name: number for number, name in ROLES.items()}
ACTOR_TABLES = {"Ticket": ("Ticket_User", "Group_Ticket"), "Change": ("Change_User", "Group_Change"),
                "Problem": ("Problem_User", "Group_Problem")}
PARENT_FK = {"Ticket": "tickets_id", "Change": "changes_id", "Problem": "problems_id"}
STATUS_BY_TYPE = {
    "Change": {1: "New", 9: "Evaluation", 10: "Approval", 7: "Accepted", 4: "Pending", 11: "Testing",
               12: "Qualification", 5: "Applied", 8: "Review", 6: "Closed", 13: "Refused", 14: "Cancelled"},
    "Problem": {1: "New", 7: "Accepted", 2: "Processing (assigned)", 3: "Processing (planned)", 4: "Pending",
                5: "Solved", 8: "Under observation", 6: "Closed"}}


def actors(itemtype="Ticket"):
    """(member type, link table, member fk, form) of an ITIL object's team."""
    users, groups = ACTOR_TABLES[itemtype]
    return (("User", users, "users_id", "user"), ("Group", groups, "groups_id", "group"))


def status(value, itemtype="Ticket"):
    """``{id, name}``; an unknown status is named by its number (CommonITILObject::getStatus)."""
    if value in (None, ""):
        return None
    names = STATUS_BY_TYPE.get(itemtype, STATUS_NAMES)
    return {"id": int(value), "name": names.get(int(value), str(int(value)))}


def check_priority_input(data, current):
    """Ticket::prepareInputFor{Add,Update}(): a changed urgency or impact recomputes the priority
    from ``priority_matrix[(int) urgency][(int) impact]``; a value outside 1-5 has no entry there and
    PHP's error is a 500 with an empty body."""
    changed = any(key in data and data[key] is not None and data[key] != current.get(key) for key in ("urgency", "impact"))
    if not changed:
        return
    for key in ("urgency", "impact"):
        value = data.get(key) if data.get(key) is not None else current.get(key)
        if isinstance(value, (list, dict)) or values.php_int(value) not in range(1, 6):
            raise hlapi.php_error()


def team(store, ticket_id, parent_type="Ticket"):
    """The actors of a ticket (change, problem) as GLPI's getTeam() lists them."""
    out = []
    for itemtype, link_type, fk, form in actors(parent_type):
        target_it = store.reg.get(itemtype)
        link_it = store.reg.get(link_type)
        if link_it is None:
            continue
        for link in store.find(link_it, "%s = ?" % PARENT_FK[parent_type], (ticket_id,), order="id"):
            row = store.get(target_it, link[fk])
            if row is None:
                continue
            names = row if itemtype == "User" else {"name": row.get("name"), "id": row["id"]}
            out.append({"role": ROLES.get(link["type"], ""), "name": row.get("name"), "realname": names.get("realname"),
                        "firstname": names.get("firstname"), "display_name": _display_name(names),
                        "id": row["id"], "href": "/front/%s.form.php?id=%d" % (form, row["id"])})
    # CommonITILObject::getTeam(): sorted by display name, case-insensitively (a stable sort)
    return sorted(out, key=lambda member: str(member["display_name"] or "").lower())


def _display_name(user):
    """The user's formatted name; a group's name, or `` (id)`` when it is empty (getFriendlyName)."""
    if user.get("realname"):
        return ("%s %s" % (user["realname"], user.get("firstname") or "")).strip()
    if not user.get("name") and "realname" not in user:
        return " (%d)" % user["id"]
    return user.get("name")


def _ticket(hl):
    """CRUDRequestMiddleware: the ticket (change, problem) of the path (404 when it does not
    exist), no rights checked on it (the team and the timeline answer whoever asks; the timeline
    items their own). The row carries its type as ``_itemtype``."""
    from . import hlapi_crud, hlapi_routes  # they import this module
    schema = hlapi_routes.schemas()[("assistance", hl.parts[1].lower())]
    row = hl.store.get(schema.itemtype, hlapi_crud.path_id(hl, 2))
    if row is None:
        raise hlapi.error(404, hlapi.NOT_FOUND)
    row["_itemtype"] = schema.name
    return row


def get_team(hl):
    ticket = _ticket(hl)
    return hlapi.json_response(team(hl.store, ticket["id"], ticket["_itemtype"]))


def get_team_by_role(hl):
    ticket = _ticket(hl)
    role = _role(hl.parts[4])
    members = enumerate(team(hl.store, ticket["id"], ticket["_itemtype"]))  # array_filter keeps the keys of getCleanTeam()
    return hlapi.json_response(hlapi_render.php_array((i, m) for i, m in members if m["role"] == ROLES[role]))


def _role(value):
    """ITILController::getRoleID(): the role names in lower case (``watcher`` for observer)."""
    role = ROLE_TYPES.get("observer" if value == "watcher" else value)
    if role is None:
        raise hlapi.HLError(400, "ERROR_INVALID_PARAMETER", "Invalid role: %s" % value)
    return role


def _body_role(value):
    """ITILController::getRoleID(string|int $role): a strict match on 1, 2, 3 or the names; null
    or another type is a TypeError (500), another value 400 "Invalid role: x"."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise hlapi.php_error()
    if value in ROLES:
        return value
    if value in ("requester", "assigned", "observer", "watcher"):
        return _role(value)
    raise hlapi.HLError(400, "ERROR_INVALID_PARAMETER", "Invalid role: %s" % value)


def _member(hl):
    """(actor spec, member id, role) of a TeamMember body; 400 as ITILController answers, 500
    (CommonITILObject::addTeamMember's errors) for a type other than User, Group, Supplier."""
    body = hl.json_body()
    role = _body_role(body.get("role"))
    kind = body.get("type")
    if kind not in ("User", "Group", "Supplier"):
        raise hlapi.php_error()
    actor = next((a for a in actors(hl.parts[1].capitalize()) if a[0] == kind), None)
    member_id = values.php_int(body.get("id"))
    member = hl.store.get(hl.store.reg.get(actor[0]), member_id) if actor else None
    if member is None and not (actor and actor[0] == "User" and member_id == 0 and body.get("id") is not None):
        raise hlapi.HLError(400, "ERROR_INVALID_PARAMETER", "One or more parameters are invalid")
    return actor, member_id, role


def add_team_member(hl):
    ticket = _ticket(hl)
    actor, member_id, role = _member(hl)
    link = {PARENT_FK[ticket["_itemtype"]]: ticket["id"], actor[2]: member_id, "type": role}
    link_it = hl.store.reg.get(actor[1])
    if member_id == 0:  # CommonITILObject::addTeamMember() of user 0: accepted, no member
        return Response(b"", 201, content_type=hlapi.JSON)
    if ticket["_itemtype"] == "Ticket":  # addTeamMember() checks no right
        new_id = writes.add_item_internal(hl.legacy_ctx(), link_it, link)
    else:  # a change's or a problem's actor (CommonITILActor): no duplicate
        new_id = _insert_unique(hl.store, link_it, link)
    if not new_id:
        raise hlapi.HLError(400, "ERROR_INVALID_PARAMETER", "One or more parameters are invalid")
    return Response(b"", 201, content_type=hlapi.JSON)


def _insert_unique(store, it, row):
    from .store import Duplicate
    try:
        return store.insert(it, row)
    except Duplicate:
        return None


def remove_team_member(hl):
    """CommonITILObject::deleteTeamMember(): 200 with an empty body, also for a non-member."""
    ticket = _ticket(hl)
    actor, member_id, role = _member(hl)
    link_it = hl.store.reg.get(actor[1])
    ctx = hl.legacy_ctx()
    where = "%s = ? AND %s = ? AND type = ?" % (PARENT_FK[ticket["_itemtype"]], actor[2])
    for link in hl.store.find(link_it, where, (ticket["id"], member_id, role)):
        if writes.delete_item(ctx, link_it, link["id"], True)[0] is False:
            hl.store.delete(link_it, link["id"])  # deleteTeamMember() checks no right
    return Response(b"", 200, content_type=hlapi.JSON)


def _followup(renderer, row):
    return {"id": row["id"], "itemtype": row.get("itemtype"), "items_id": row.get("items_id"),
            "content": row.get("content"), "is_private": bool(row.get("is_private")),
            "date": hlapi_render.iso_datetime(row.get("date")),
            "date_creation": hlapi_render.iso_datetime(row.get("date_creation")),
            "date_mod": hlapi_render.iso_datetime(row.get("date_mod")),
            "timeline_position": row.get("timeline_position"), "source_item_id": row.get("sourceitems_id") or 0,
            "source_of_item_id": row.get("sourceof_items_id") or 0, "user": renderer.link("User", row.get("users_id")),
            "user_editor": renderer.link("User", row.get("users_id_editor")),
            "request_type": renderer.link("RequestType", row.get("requesttypes_id"))}


def _solution(renderer, row):
    return {"id": row["id"], "itemtype": row.get("itemtype"), "items_id": row.get("items_id"),
            "content": row.get("content"), "status": row.get("status"),
            "date_creation": hlapi_render.iso_datetime(row.get("date_creation")),
            "date_mod": hlapi_render.iso_datetime(row.get("date_mod")),
            "date_approval": hlapi_render.iso_datetime(row.get("date_approval")),
            "type": renderer.link("SolutionType", row.get("solutiontypes_id")),
            "user": renderer.link("User", row.get("users_id")), "user_editor": renderer.link("User", row.get("users_id_editor")),
            "approver": renderer.link("User", row.get("users_id_approval")),
            "approval_followup": renderer.link("ITILFollowup", row.get("itilfollowups_id"))}


def _task(renderer, row):
    dt = hlapi_render.iso_datetime
    return {"id": row["id"], "uuid": row.get("uuid"), "content": row.get("content"),
            "is_private": bool(row.get("is_private")), "date": dt(row.get("date")),
            "date_creation": dt(row.get("date_creation")), "date_mod": dt(row.get("date_mod")),
            "duration": row.get("actiontime"), "planned_begin": dt(row.get("begin")), "planned_end": dt(row.get("end")),
            "state": row.get("state"), "timeline_position": row.get("timeline_position"),
            "tickets_id": row.get("tickets_id"), "source_item_id": row.get("sourceitems_id") or 0,
            "source_of_item_id": row.get("sourceof_items_id") or 0, "user": renderer.link("User", row.get("users_id")),
            "user_editor": renderer.link("User", row.get("users_id_editor")),
            "user_tech": renderer.link("User", row.get("users_id_tech")),
            "group_tech": renderer.link("Group", row.get("groups_id_tech")),
            "category": renderer.link("TaskCategory", row.get("taskcategories_id"))}


def _document(renderer, link):
    """A Document_Item of the ticket as its Document (the Document schema's properties)."""
    row = renderer.store.get(renderer.store.reg.get("Document"), link.get("documents_id")) or {"id": link.get("documents_id")}
    dt = hlapi_render.iso_datetime
    return {"id": row["id"], "name": row.get("name"), "comment": row.get("comment"),
            "entity": renderer.link("Entity", row.get("entities_id")), "date_creation": dt(row.get("date_creation")),
            "date_mod": dt(row.get("date_mod")), "is_deleted": bool(row.get("is_deleted")),
            "filename": row.get("filename"), "filepath": row.get("filepath"), "mime": row.get("mime"),
            "sha1sum": row.get("sha1sum")}


# kind -> (name, itemtype, render); the timeline lists them in this order within one date
TIMELINE = {"followup": ("Followup", "ITILFollowup", _followup), "task": ("Task", "TicketTask", _task),
            "document": ("Document", "Document_Item", _document), "solution": ("Solution", "ITILSolution", _solution)}


def _of_ticket(itemtype, ticket_id, parent_type="Ticket"):
    """The SQL condition and parameters of a timeline item of this ticket (change, problem)."""
    if itemtype == "TicketTask":
        return "tickets_id = ?", (ticket_id,)
    return "itemtype = ? AND items_id = ?", (parent_type, ticket_id)


def _belongs(itemtype, row, ticket_id):
    if itemtype == "TicketTask":
        return row.get("tickets_id") == ticket_id
    return row.get("itemtype") == "Ticket" and row.get("items_id") == ticket_id


SEEPRIVATE = 8192  # ITILFollowup / CommonITILTask::SEEPRIVATE
PRIVATE_RIGHTS = {"ITILFollowup": "followup", "TicketTask": "task"}


def _timeline_entries(hl, ticket, kinds, query):
    """ITILController::getITILTimelineItems(): per kind in order (followups, tasks, documents,
    solutions), none without the kind's READ right, no private one without SEEPRIVATE, the
    request's ``filter`` applied; each kind by id."""
    renderer = hlapi_render.Renderer(hl.store)
    schemas = graphql_schemas()
    entries = []
    for name, itemtype, render in kinds:
        it = hl.store.reg.get(itemtype)
        if (itemtype == "TicketTask" and ticket["_itemtype"] != "Ticket") or not rights.can_view(hl.session, it, hl.store):
            continue  # (the tasks of changes and problems are not emulated)
        where, params = _of_ticket(itemtype, ticket["id"], ticket["_itemtype"])
        rows = hl.store.find(it, where, params, order="id")
        if itemtype in PRIVATE_RIGHTS and not rights.have_right(hl.session, PRIVATE_RIGHTS[itemtype], SEEPRIVATE):
            rows = [r for r in rows if not r.get("is_private")]
        objects = [render(renderer, r) for r in rows]
        schema = schemas.get("Followup" if itemtype == "ITILFollowup" else "Solution" if itemtype == "ITILSolution"
                             else itemtype)
        if query and schema is not None:
            objects = hlapi_rsql.apply(query, schema.flat_props(), objects)
        entries += [{"type": name, "item": obj} for obj in objects]
    return entries


def timeline(hl):
    """``GET .../Timeline`` (every kind) and ``GET .../Timeline/{Followup|Task|Document|Solution}`` (one kind)."""
    ticket = _ticket(hl)
    kinds = [TIMELINE[hl.parts[4].lower()]] if len(hl.parts) > 4 else TIMELINE.values()
    return hlapi.json_response(_timeline_entries(hl, ticket, kinds, hl.query("filter")))


# kind -> {v2 property: (column, "link" for {id} objects / "bool" / "int" / "text")}: the writable
# properties of the Followup, Task and Solution schemas
TIMELINE_INPUT = {
    "followup": {"content": ("content", "text"), "is_private": ("is_private", "bool"),
                 "request_type": ("requesttypes_id", "link")},
    "task": {"content": ("content", "text"), "is_private": ("is_private", "bool"), "state": ("state", "int"),
             "duration": ("actiontime", "int"), "user_tech": ("users_id_tech", "link"),
             "group_tech": ("groups_id_tech", "link"), "category": ("taskcategories_id", "link"),
             "planned_begin": ("begin", "text"), "planned_end": ("end", "text")},
    "solution": {"content": ("content", "text"), "type": ("solutiontypes_id", "link"), "status": ("status", "int")},
}


def timeline_input(kind, body, it):
    """The legacy input of a timeline item's v2 body (unknown properties ignored)."""
    data = {}
    for prop, (column, form) in TIMELINE_INPUT[kind].items():
        if prop not in body or column not in it.col:
            continue
        value = body[prop]
        if form == "link":
            value = values.php_int(value.get("id") if isinstance(value, dict) else value)
        elif form == "bool":
            value = 1 if value else 0
        elif form == "int":
            value = values.php_int(value)
        data[column] = value
    return data


def add_timeline_item(hl):
    ticket = _ticket(hl)
    kind = hl.parts[4].lower()
    name, itemtype, _render = TIMELINE[kind]
    it = hl.store.reg.get(itemtype)
    body = hl.json_body()
    data = {"itemtype": "Ticket", "items_id": ticket["id"], "content": body.get("content")}
    if itemtype == "TicketTask":
        data = {"tickets_id": ticket["id"], "content": body.get("content"), "actiontime": values.php_int(body.get("duration"))}
    data.update(timeline_input(kind, body, it))
    ctx = hl.legacy_ctx()
    if ticket["_itemtype"] != "Ticket":
        if itemtype == "TicketTask":
            raise hlapi.error(404, hlapi.NOT_FOUND)
        new_id = hlapi_itil_other.add_child(hl, ticket, it, dict(data, itemtype=ticket["_itemtype"]))
    else:
        if not writes.can_create(ctx, it, data):  # ResourceAccessor::createBySchema: $item->can(-1, CREATE)
            raise hlapi.error(403, hlapi.RIGHT_MISSING[:2] + (None,))
        new_id, message = writes.add_item(ctx, it, data)
        if not new_id:  # the session's message, as __s() escapes it
            raise hlapi.crud_error("create", values.escape_html(message) if message else message)
        if itemtype == "TicketTask" and data.get("begin") and data.get("end"):
            _planned(hl, ticket)
    href = "/Assistance/%s/%d/Timeline/%s/%d" % (ticket["_itemtype"], ticket["id"], name, new_id)
    return hlapi.json_response({"id": new_id, "href": href}, 302, headers={"Location": href})


def _planned(hl, ticket):
    """ParentStatus::updateParentStatus(): a planned task puts a new, assigned or planned ticket
    in "Processing (planned)"."""
    current = hl.store.get(hl.store.reg.get("Ticket"), ticket["id"])
    if values.php_int(current.get("status")) in (1, 2, 3):
        hl.store.update(hl.store.reg.get("Ticket"), ticket["id"], {"status": 3})


def _subitem(hl):
    """(kind, itemtype, render, row or None) of ``.../Timeline/{kind}/{subitem_id}``."""
    name, itemtype, render = TIMELINE[hl.parts[4].lower()]
    it = hl.store.reg.get(itemtype)
    return name, it, render, hl.store.get(it, int(hl.parts[5]))


def update_timeline_item(hl):
    """ResourceAccessor::updateBySchema() on the subitem (a missing one: 403, can() fails);
    the ticket link fields cannot change; the answer is the updated subitem."""
    _ticket(hl)
    _name, it, render, row = _subitem(hl)
    if row is None or not rights.can_item(hl.session, hl.store, it, row, rights.UPDATE):
        raise hlapi.error(403, hlapi.RIGHT_MISSING[:2] + (None,))
    data = timeline_input(hl.parts[4].lower(), hl.json_body(), it)
    data["id"] = row["id"]
    if len(data) > 1:
        ok, _id, message = writes.update_item(hl.legacy_ctx(), it, data)
        if ok is False:
            raise hlapi.crud_error("update", message)
    return hlapi.json_response(render(hlapi_render.Renderer(hl.store), hl.store.get(it, row["id"])))


def delete_timeline_item(hl):
    """ResourceAccessor::deleteBySchema(): followups and solutions have no trash, so purged; 204."""
    _ticket(hl)
    _name, it, _render, row = _subitem(hl)
    if row is None:
        raise hlapi.error(403, hlapi.RIGHT_MISSING[:2] + (None,))
    ok, message = writes.delete_item(hl.legacy_ctx(), it, row["id"], True)
    if ok is False:
        raise hlapi.crud_error("delete", message)
    return Response(b"", 204)


def get_timeline_item(hl):
    """ITILController::getTimelineItem(): the kind's timeline filtered on ``id==``, 404 when empty."""
    ticket = _ticket(hl)
    query = ";".join(q for q in (hl.query("filter"), "id==%d" % int(hl.parts[5])) if q)
    found = _timeline_entries(hl, ticket, [TIMELINE[hl.parts[4].lower()]], query)
    if not found:
        raise hlapi.error(404, hlapi.NOT_FOUND)
    return hlapi.json_response(found[0]["item"])


class TimelineSchema:
    """A timeline item's component schema as GraphQL queries it (``Followup``, ``Solution``,
    ``TicketTask``): every row (of any ticket, change or problem; no private one without
    SEEPRIVATE), rendered like the timeline does."""

    def __init__(self, name, itemtype, render, kinds):
        self.name = name
        self.itemtype_name = itemtype
        self.render = render
        self.kinds = kinds  # property -> "int" / "bool" / "str" (the filterable scalars)

    def flat_props(self):
        return {prop: ("col", prop, kind) for prop, kind in self.kinds.items()}

    def objects(self, hl, item_id=None):
        it = hl.store.reg.get(self.itemtype_name)
        if not rights.can_view(hl.session, it, hl.store):
            raise hlapi.error(403, hlapi.RIGHT_MISSING[:2] + (None,))
        rows = [hl.store.get(it, item_id)] if item_id is not None else hl.store.find(it, "1 = 1", (), order="id")
        if self.itemtype_name in PRIVATE_RIGHTS and not rights.have_right(
                hl.session, PRIVATE_RIGHTS[self.itemtype_name], SEEPRIVATE):
            rows = [r for r in rows if r is not None and not r.get("is_private")]
        renderer = hlapi_render.Renderer(hl.store)
        return [self.render(renderer, r) for r in rows if r is not None]


def graphql_schemas():
    common = {"id": "int", "content": "str", "date_creation": "str", "date_mod": "str"}
    followup = dict(common, itemtype="str", items_id="int", is_private="bool", date="str", timeline_position="int")
    solution = dict(common, itemtype="str", items_id="int", status="int")
    task = dict(common, is_private="bool", duration="int", state="int", tickets_id="int")
    return {"Followup": TimelineSchema("Followup", "ITILFollowup", _followup, followup),
            "Solution": TimelineSchema("Solution", "ITILSolution", _solution, solution),
            "TicketTask": TimelineSchema("TicketTask", "TicketTask", _task, task)}
