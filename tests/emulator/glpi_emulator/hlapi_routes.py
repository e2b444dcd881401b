"""The High-level API route table: ``find(method, parts)`` -> (handler, scopes, public) or None.

Paths are matched in lower case (GLPI 11's router is case-insensitive); an item id must be
digits. Item schemas (``/Assets/Computer``, ``/Dropdowns/Location``...) come from
hlapi_schema; everything else from hlapi_core.
"""
import functools
import re

from . import (hlapi_core, hlapi_crud, hlapi_emails, hlapi_graphql, hlapi_itil, hlapi_preferences, hlapi_schema,
               hlapi_session, hlapi_useditems)
from .schema import registry

FIXED = {
    ("GET", ("session",)): (hlapi_core.get_session, ("api",), False),
    ("GET", ("session", "entitytree")): (hlapi_session.entity_tree, ("api",), False),
    ("POST", ("graphql",)): (hlapi_graphql.graphql, ("graphql",), False),
    ("GET", ("graphql", "schema")): (hlapi_graphql.get_schema, ("graphql",), False),
    ("GET", ("status",)): (hlapi_core.status_index, ("status",), False),
    ("GET", ("doc.json",)): (hlapi_core.doc_json, (), True),
    ("GET", ("administration", "user", "me")): (hlapi_core.user_me, ("user",), False),
    ("GET", ("administration", "user", "me", "email")): (hlapi_emails.my_emails, ("user",), False),
    ("POST", ("administration", "user", "me", "email")): (hlapi_emails.add_my_email, ("user",), False),
    ("GET", ("administration", "user", "me", "emails", "default")): (hlapi_emails.my_default_email, ("email", "user"), False),
}
COLLECTION = {"GET": hlapi_crud.list_items, "POST": hlapi_crud.create_item}
USERNAME_RE = re.compile(r"[a-zA-Z0-9_]+")  # the requirement of /User/username/{username}
ITEM = {"GET": hlapi_crud.get_item, "PATCH": hlapi_crud.update_item, "DELETE": hlapi_crud.delete_item}


@functools.lru_cache(maxsize=1)
def schemas():
    return hlapi_schema.build(registry())


def find(method, parts):
    key = (method, tuple(parts))
    if key in FIXED:
        return FIXED[key]
    if method == "GET" and len(parts) == 5 and parts[:4] == ["administration", "user", "me", "email"] \
            and parts[4].isdigit():
        return hlapi_emails.my_email, ("user",), False
    if method == "GET" and len(parts) == 2 and parts[0] == "status":
        return hlapi_core.status_part, (), True
    preferences = hlapi_preferences.route(method, parts)
    if preferences is not None:
        return preferences, ("api",), False
    used = hlapi_useditems.route(method, parts)
    if used is not None:
        return used[0], used[1], False
    if len(parts) == 4 and parts[:3] == ["administration", "user", "username"] and method in ITEM \
            and USERNAME_RE.fullmatch(parts[3]):
        return functools.partial(ITEM[method], schema=schemas()[("administration", "user")]), ("api",), False
    itil = _itil_route(method, parts)
    if itil is not None:
        return itil, ("api",), False
    if len(parts) not in (2, 3):
        return None
    schema = schemas().get((parts[0], parts[1]))
    if schema is None:
        return None
    handler = (COLLECTION if len(parts) == 2 else ITEM).get(method)
    if handler is None:
        return None
    return functools.partial(handler, schema=schema), ("api",), False


def _itil_route(method, parts):
    """/Assistance/{Ticket|Change|Problem}/{id}/TeamMember and /Timeline[/Followup|Task|Document|Solution[/{id}]]."""
    if len(parts) < 4 or parts[0] != "assistance" or parts[1] not in ("ticket", "change", "problem") \
            or not parts[2].isdigit():
        return None
    if method == "GET" and len(parts) == 5 and parts[3] == "teammember":
        return hlapi_itil.get_team_by_role
    rest = (method, tuple(parts[3:5]))
    if len(parts) == 6 and parts[5].isdigit() and rest in ITIL_ITEM:
        return ITIL_ITEM[rest]
    return ITIL.get(rest) if len(parts) <= 5 else None


ITIL = {("GET", ("teammember",)): hlapi_itil.get_team, ("POST", ("teammember",)): hlapi_itil.add_team_member,
        ("DELETE", ("teammember",)): hlapi_itil.remove_team_member,
        ("GET", ("timeline",)): hlapi_itil.timeline,
        ("GET", ("timeline", "followup")): hlapi_itil.timeline, ("GET", ("timeline", "solution")): hlapi_itil.timeline,
        ("GET", ("timeline", "task")): hlapi_itil.timeline, ("POST", ("timeline", "task")): hlapi_itil.add_timeline_item,
        ("GET", ("timeline", "document")): hlapi_itil.timeline,
        ("POST", ("timeline", "followup")): hlapi_itil.add_timeline_item,
        ("POST", ("timeline", "solution")): hlapi_itil.add_timeline_item}
ITIL_ITEM = {("GET", ("timeline", "followup")): hlapi_itil.get_timeline_item,
             ("GET", ("timeline", "solution")): hlapi_itil.get_timeline_item,
             ("GET", ("timeline", "task")): hlapi_itil.get_timeline_item}
ITIL_ITEM.update({(method, ("timeline", kind)): handler for kind in ("followup", "solution", "task")
                  for method, handler in (("PATCH", hlapi_itil.update_timeline_item),
                                          ("DELETE", hlapi_itil.delete_timeline_item))})
