# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The request sequences of hlapi_probe.py: the High-level API areas the shared v2 transcripts
do not show (users, groups, entities, profiles, tickets and their team, timeline, error shapes,
paging, scopes, entity/profile headers, GraphQL).

Each scenario is a list of steps made by :func:`step`; ``tok`` is the N of the
``<access-token-N>`` sent as ``Authorization: Bearer`` (None: no header). Ids are those of a fresh
GLPI 11.0.6 install (users 2-6, profiles 1-8, root entity 0; the first group, ticket, followup...
gets id 1), so the sequences only make sense replayed in order from a fresh database.
"""

JSON_HEADERS = {"Content-Type": "application/json"}


def step(method, path, body=None, query=None, tok=1, note="", seed=False, headers=None, compare=None):
    request = {"method": method, "path": path, "query": query, "headers": {}}
    if tok is not None:
        request["headers"]["Authorization"] = "Bearer <access-token-%d>" % tok
    if body is not None:
        request["headers"].update(JSON_HEADERS)
        request["body"] = body
    request["headers"].update(headers or {})
    out = {"request": request, "note": note}
    if seed:
        out["seed"] = True
    if compare:
        out["compare"] = compare
    return out


def token(username, password, scope, note=""):
    form = {"grant_type": "password", "client_id": "<oauth-client-id>", "client_secret": "<oauth-client-secret>",
            "username": username, "password": password, "scope": scope}
    return {"request": {"method": "POST", "path": "/token", "query": None, "headers": {}, "body_form": form},
            "note": note or "seed: password grant as %s (scope %s)" % (username, scope), "seed": True}


U = "/v2/Administration/User"
G = "/v2/Administration/Group"
E = "/v2/Administration/Entity"
P = "/v2/Administration/Profile"
T = "/v2/Assistance/Ticket"


def users():
    return [
        token("glpi", "glpi", "api user email"),
        step("GET", U, note="list users of a fresh install"),
        step("GET", U, query={"filter": "username==tech"}, note="RSQL equality on username"),
        step("GET", U, query={"filter": "username=like=*o*"}, note="RSQL like with wildcards"),
        step("GET", U, query={"filter": "id=gt=3;is_active==true"}, note="RSQL AND with a boolean"),
        step("GET", U, query={"sort": "username:desc", "limit": "2"}, note="sort desc with a limit: 206"),
        step("GET", U, query={"start": "2", "limit": "2"}, note="second page"),
        step("GET", U, query={"filter": "nosuchprop==1"}, note="RSQL on an unknown property"),
        step("GET", U + "/2", note="get glpi by id"),
        step("GET", U + "/username/tech", note="get by username"),
        step("GET", U + "/username/nobody", note="get by a username that does not exist"),
        step("GET", U + "/999", note="get a missing user"),
        step("POST", U, {"username": "probe_user1", "realname": "Probe", "firstname": "One",
                         "password": "Secret-1", "password2": "Secret-1"}, note="create a user"),
        step("POST", U, {"username": "probe_user2", "realname": "Probe", "firstname": "Two"},
             note="create a user without password"),
        step("GET", U + "/7", note="the created user"),
        step("PATCH", U + "/7", {"realname": "Changed", "phone": "0123", "comment": "probe"},
             note="update the user"),
        step("PATCH", U + "/999", {"realname": "x"}, note="update a missing user"),
        step("PATCH", U + "/username/probe_user2", {"comment": "by name"}, note="update by username"),
        step("POST", U, {"username": "probe_user1"}, note="create a duplicate username"),
        step("POST", U, {"username": "probe_user3", "password": "a", "password2": "b"},
             note="create with passwords that differ"),
        step("GET", U, query={"filter": "username=like=probe*"}, note="list the probe users"),
        step("DELETE", U + "/8", note="trash a user"),
        step("GET", U + "/8", note="a trashed user"),
        step("DELETE", U + "/8", query={"force": "1"}, note="purge a user"),
        step("GET", U + "/8", note="a purged user"),
        step("DELETE", U + "/999", note="delete a missing user"),
        step("DELETE", U + "/username/probe_user1", note="trash by username"),
        step("GET", U + "/Me", note="the token's user"),
        step("GET", U + "/Me/Email", note="emails of the token's user (none)"),
        step("POST", U + "/Me/Email", {"email": "glpi@example.com"}, note="add an email"),
        step("GET", U + "/Me/Email", note="emails after the add"),
        step("GET", U + "/Me/Email/1", note="one email"),
        step("GET", U + "/Me/Emails/Default", note="the default email"),
        step("GET", U + "/2", note="glpi with an email"),
        step("GET", U + "/Me/UsedItem", note="used items (none)"),
        step("POST", "/v2/Assets/Computer", {"name": "probe-used", "user": {"id": 2}, "user_tech": {"id": 2}},
             note="a computer used and managed by glpi", seed=True),
        step("GET", U + "/Me/UsedItem", note="used items"),
        step("GET", U + "/2/ManagedItem", note="managed items"),
    ]


def groups_entities_profiles():
    return [
        token("glpi", "glpi", "api"),
        step("GET", G, note="no group in a fresh install"),
        step("POST", G, {"name": "probe-group", "comment": "first"}, note="create a group"),
        step("POST", G, {"name": "probe-child", "parent": {"id": 1}}, note="create a child group"),
        step("GET", G + "/1", note="get a group"),
        step("GET", G + "/2", note="get the child group"),
        step("GET", G, note="list groups"),
        step("GET", G, query={"filter": "name=like=*child"}, note="RSQL on group names"),
        step("PATCH", G + "/1", {"comment": "changed", "is_requester": False}, note="update a group"),
        step("PATCH", G + "/99", {"comment": "x"}, note="update a missing group"),
        step("GET", G + "/99", note="get a missing group"),
        step("DELETE", G + "/2", note="delete the child group"),
        step("GET", G + "/2", note="a deleted group"),
        step("GET", E, note="list entities"),
        step("GET", E + "/0", note="get the root entity"),
        step("POST", E, {"name": "probe-entity", "parent": {"id": 0}}, note="create an entity"),
        step("POST", E, {"name": "probe-sub", "parent": {"id": 1}}, note="create a sub-entity"),
        step("GET", E + "/1", note="get the entity"),
        step("GET", E + "/2", note="get the sub-entity"),
        step("GET", E, query={"filter": "name=like=probe*"}, note="RSQL on entity names"),
        step("PATCH", E + "/2", {"comment": "changed"}, note="update an entity"),
        step("GET", E + "/99", note="get a missing entity"),
        step("GET", P, note="list profiles"),
        step("GET", P + "/4", note="get Super-Admin"),
        step("GET", P + "/99", note="get a missing profile"),
        step("GET", P, query={"filter": "interface==helpdesk"}, note="RSQL on profile interface"),
        step("POST", P, {"name": "probe-profile"}, note="create a profile"),
        step("GET", P + "/9", note="get the new profile"),
        step("PATCH", P + "/9", {"comment": "changed"}, note="update the profile"),
        step("DELETE", P + "/9", note="delete the profile"),
        step("GET", P + "/9", note="the deleted profile"),
        step("DELETE", E + "/2", note="delete the sub-entity"),
        step("GET", E + "/2", note="the deleted entity"),
    ]


def tickets():
    tm = T + "/1/TeamMember"
    return [
        token("glpi", "glpi", "api"),
        step("GET", T, note="no ticket in a fresh install"),
        step("POST", T, {"name": "probe ticket", "content": "it is broken"}, note="create a ticket"),
        step("GET", T + "/1", note="get the ticket"),
        step("POST", T, {"name": "probe ticket 2", "content": "second", "urgency": 5, "type": 2},
             note="create a request ticket with urgency"),
        step("GET", T, note="list tickets"),
        step("GET", T, query={"filter": "urgency==5"}, note="RSQL on urgency"),
        step("GET", T, query={"filter": "status.id==1"}, note="RSQL on the status id"),
        step("PATCH", T + "/1", {"name": "probe ticket renamed", "status": 2}, note="update name and status"),
        step("PATCH", T + "/1", {"status": {"id": 4}}, note="status as an object"),
        step("PATCH", T + "/99", {"name": "x"}, note="update a missing ticket"),
        step("GET", T + "/99", note="get a missing ticket"),
        step("GET", tm, note="team of a new ticket"),
        step("POST", tm, {"type": "User", "id": 4, "role": "assigned"}, note="assign tech"),
        step("POST", tm, {"type": "User", "id": 5, "role": "observer"}, note="add an observer"),
        step("POST", tm, {"type": "Group", "id": 1, "role": "requester"}, note="a missing group as requester"),
        step("POST", tm, {"type": "User", "id": 4, "role": "boss"}, note="an unknown role"),
        step("POST", tm, {"type": "Computer", "id": 1, "role": "assigned"}, note="an unknown member type"),
        step("POST", tm, {"id": 4}, note="a member without type or role"),
        step("GET", tm, note="team after the adds"),
        step("GET", tm + "/assigned", note="assigned members"),
        step("GET", tm + "/requester", note="requesters"),
        step("GET", tm + "/boss", note="members of an unknown role"),
        step("DELETE", tm, {"type": "User", "id": 5, "role": "observer"}, note="remove the observer"),
        step("DELETE", tm, {"type": "User", "id": 3, "role": "observer"}, note="remove a non-member"),
        step("GET", T + "/1", note="the ticket with its team"),
        step("GET", T + "/1/Timeline", note="empty timeline"),
        step("POST", T + "/1/Timeline/Followup", {"content": "first followup"}, note="add a followup"),
        step("POST", T + "/1/Timeline/Followup", {"content": "private", "is_private": True},
             note="add a private followup"),
        step("GET", T + "/1/Timeline/Followup", note="list followups"),
        step("GET", T + "/1/Timeline/Followup/1", note="get a followup"),
        step("GET", T + "/1/Timeline/Followup/99", note="get a missing followup"),
        step("PATCH", T + "/1/Timeline/Followup/1", {"content": "edited"}, note="edit a followup"),
        step("POST", T + "/1/Timeline/Task", {"content": "do it", "duration": 3600}, note="add a task"),
        step("GET", T + "/1/Timeline/Task", note="list tasks"),
        step("GET", T + "/1/Timeline/Task/1", note="get a task"),
        step("POST", T + "/1/Timeline/Solution", {"content": "fixed"}, note="add a solution"),
        step("GET", T + "/1/Timeline/Solution", note="list solutions"),
        step("GET", T + "/1/Timeline/Solution/1", note="get the solution"),
        step("GET", T + "/1/Timeline", note="the whole timeline"),
        step("GET", T + "/1", note="the ticket after its solution"),
        step("DELETE", T + "/1/Timeline/Followup/2", note="delete a followup"),
        step("GET", T + "/1/Timeline/Followup", note="followups after the delete"),
        step("DELETE", T + "/2", note="trash a ticket"),
        step("GET", T + "/2", note="a trashed ticket"),
        step("DELETE", T + "/2", query={"force": "true"}, note="purge a ticket"),
        step("GET", T + "/2", note="a purged ticket"),
        step("GET", "/v2/Assistance/Change", note="list changes"),
        step("GET", "/v2/Assistance/Problem", note="list problems"),
    ]


def errors_paging_headers():
    return [
        token("glpi", "glpi", "api"),
        token("tech", "tech", "api", note="seed: password grant as tech (scope api)"),
        token("post-only", "postonly", "api", note="seed: password grant as post-only (scope api)"),
        step("GET", U, query={"filter": "username=="}, note="RSQL without a value"),
        step("GET", U, query={"filter": "(username==glpi"}, note="RSQL with an open group"),
        step("GET", U, query={"filter": "username=foo=glpi"}, note="RSQL with an unknown operator"),
        step("GET", U, query={"sort": "nosuchprop"}, note="sort on an unknown property"),
        step("GET", U, query={"limit": "abc"}, note="a non-numeric limit"),
        step("GET", U, query={"start": "-5", "limit": "2"}, note="a negative start"),
        step("GET", U, query={"start": "50"}, note="start past the end"),
        step("GET", U, query={"limit": "0"}, note="limit 0"),
        step("POST", G, {"name": 12345}, note="a number as a name"),
        step("POST", G, {"name": "probe-g", "nosuchprop": 1}, note="an unknown property on create"),
        step("PATCH", G + "/1", {"id": 77, "name": "probe-g2"}, note="an id in the PATCH body"),
        step("POST", G, ["not", "an", "object"], note="a JSON list as body"),
        step("GET", G + "/abc", note="a non-numeric id"),
        step("GET", "/v2/Administration/Nothing", note="an unknown itemtype"),
        step("GET", U, tok=2, note="users as tech"),
        step("GET", P, tok=2, note="profiles as tech"),
        step("POST", G, {"name": "by-tech"}, tok=2, note="create a group as tech"),
        step("GET", U, tok=3, note="users as post-only"),
        step("GET", T, tok=3, note="tickets as post-only"),
        step("POST", T, {"name": "self-service", "content": "help"}, tok=3, note="a ticket by post-only"),
        step("GET", T, tok=3, note="post-only sees its ticket"),
        step("GET", "/v2/Assets/Computer", tok=3, note="computers as post-only"),
        step("GET", "/v2/Session", tok=2, note="tech's session"),
        step("POST", E, {"name": "probe-hdr", "parent": {"id": 0}}, note="an entity for the headers"),
        step("POST", "/v2/Assets/Computer", {"name": "pc-root"}, note="a computer in the root"),
        step("POST", "/v2/Assets/Computer", {"name": "pc-child", "entity": {"id": 1}}, note="a computer in the entity"),
        step("GET", "/v2/Assets/Computer", headers={"GLPI-Entity": "1"}, note="GLPI-Entity restricts the list"),
        step("GET", "/v2/Assets/Computer", headers={"GLPI-Entity": "0"}, note="GLPI-Entity root not recursive"),
        step("GET", "/v2/Assets/Computer", headers={"GLPI-Entity": "0", "GLPI-Entity-Recursive": "true"},
             note="GLPI-Entity root recursive"),
        step("GET", "/v2/Assets/Computer", headers={"GLPI-Entity": "99"}, note="GLPI-Entity unknown"),
        step("GET", "/v2/Session", headers={"GLPI-Entity": "1"}, note="session under GLPI-Entity"),
        step("GET", "/v2/Session", headers={"GLPI-Profile": "1"}, note="GLPI-Profile not the user's"),
        step("GET", "/v2/Session", headers={"GLPI-Profile": "abc"}, note="GLPI-Profile not a number"),
        step("POST", "/v2/Assets/Computer", {"name": "pc-hdr"}, headers={"GLPI-Entity": "1"},
             note="a create under GLPI-Entity"),
        step("GET", "/v2/Assets/Computer/4", note="lands in the header's entity"),
        step("GET", "/v2/Session/EntityTree", note="entity tree"),
        # The GraphQL queries themselves crash php-fpm (SIGSEGV, nginx 502) on the recording rig: only the
        # scope check, which answers before the query runs, is recorded.
        step("POST", "/v2/GraphQL", {"query": "{ Computer { id } }"}, tok=1, note="GraphQL without its scope"),
    ]


def more_admin_itil():
    """After the four others (ids continue from theirs): more inputs on the same endpoints."""
    return [
        token("glpi", "glpi", "api user"),
        token("tech", "tech", "api", note="seed: password grant as tech (scope api)"),
        step("POST", U, {"username": "probe_mail", "emails": [{"email": "a@example.com"}]},
             note="emails on a user create"),
        step("GET", U + "/username/probe_mail", note="the emails were ignored"),
        step("POST", U, {"username": "probe_prof", "default_profile": {"id": 2}, "default_entity": {"id": 0},
                         "location": {"id": 99}}, note="a user with a default profile and entity"),
        step("GET", U + "/username/probe_prof", note="the user with links"),
        step("PATCH", U + "/username/probe_prof", {"is_active": False, "password": "Abc-123", "password2": "Abc-123"},
             note="deactivate and set a password"),
        step("GET", U, query={"filter": "username=in=(glpi,tech)"}, note="RSQL =in="),
        step("GET", U, query={"filter": "is_active==false"}, note="RSQL on false"),
        step("GET", U, query={"sort": "id:desc", "limit": "3"}, note="sort by id desc"),
        step("GET", U, query={"filter": "default_profile.id==2"}, note="RSQL on a nested id"),
        step("GET", U + "/username/glpi/UsedItem", note="used items by username"),
        step("GET", U + "/Me/Emails/Default", note="the default email without the email scope"),
        step("GET", G, query={"filter": "parent.id==1"}, note="groups under a parent"),
        step("GET", G, query={"sort": "name:desc"}, note="groups by name desc"),
        step("POST", G, {"name": "probe-rec", "entity": {"id": 1}, "is_recursive": True}, note="a group in an entity"),
        step("DELETE", G + "/99", note="delete a missing group"),
        step("PATCH", G + "/1", {"name": ""}, note="an empty group name"),
        step("GET", G + "/1", note="the group after the empty name"),
        step("PATCH", E + "/99", {"comment": "x"}, note="update a missing entity"),
        step("DELETE", E + "/99", note="delete a missing entity"),
        step("DELETE", E + "/0", note="delete the root entity"),
        step("POST", E, {"name": "probe-noparent"}, note="an entity without parent"),
        step("GET", E, query={"filter": "parent.id==0"}, note="entities under the root"),
        step("GET", E, query={"limit": "1"}, note="one entity per page"),
        step("PATCH", P + "/99", {"comment": "x"}, note="update a missing profile"),
        step("DELETE", P + "/4", note="delete Super-Admin"),
        step("GET", P, query={"sort": "name"}, note="profiles by name"),
        step("POST", T, {}, note="a ticket without anything"),
        step("POST", T, {"name": "no content"}, note="a ticket without content"),
        step("POST", T, {"name": "probe located", "content": "x", "location": {"id": 99}, "impact": 5},
             note="a ticket with a dangling location and an impact"),
        step("GET", T + "/5", note="the located ticket"),
        step("PATCH", T + "/5", {"urgency": "abc"}, note="a text urgency"),
        step("PATCH", T + "/5", {"status": 99}, note="an unknown status"),
        step("GET", T + "/5", note="after the odd updates"),
        step("GET", T, query={"filter": "name=like=probe*"}, note="tickets by name"),
        step("GET", T, query={"sort": "urgency:desc"}, note="tickets by urgency desc"),
        step("POST", T + "/5/TeamMember", {"type": "User", "id": 4, "role": 2}, note="a numeric role"),
        step("POST", T + "/5/TeamMember", {"type": "User", "id": 5, "role": "watcher"}, note="the watcher role"),
        step("POST", T + "/5/TeamMember", {"type": "user", "id": 3, "role": "requester"}, note="a lower-case type"),
        step("POST", T + "/5/TeamMember", {"type": "User", "id": 999, "role": "requester"}, note="a missing user"),
        step("GET", T + "/5/TeamMember/watcher", note="watchers"),
        step("GET", T + "/5/TeamMember", note="the team"),
        step("POST", T + "/5/Timeline/Followup", {}, note="a followup without content"),
        step("POST", T + "/99/Timeline/Followup", {"content": "x"}, note="a followup on a missing ticket"),
        step("POST", T + "/5/Timeline/Solution", {"content": "done"}, note="solve"),
        step("POST", T + "/5/Timeline/Solution", {"content": "again"}, note="solve a solved ticket"),
        step("DELETE", T + "/5/Timeline/Followup/99", note="delete a missing followup"),
        step("GET", T + "/5/Timeline/Document", note="documents of the timeline"),
        step("GET", T, tok=2, note="tickets as tech"),
        step("GET", T + "/5", tok=2, note="a ticket as tech"),
        step("DELETE", U + "/username/probe_prof", query={"force": "true"}, note="purge by username"),
    ]


C = "/v2/Assistance/Change"
PB = "/v2/Assistance/Problem"
GQL = "/v2/GraphQL"


def gql(query, tok=1, note=""):
    return step("POST", GQL, {"query": query}, tok=tok, note=note)


def admin_tree_rights():
    """After the five others: users with passwords and activity, a group tree, an entity tree with
    its completename, profiles read, and the rights of tech, normal and post-only on them."""
    return [
        token("glpi", "glpi", "api user email graphql"),
        token("tech", "tech", "api", note="seed: password grant as tech (scope api)"),
        token("normal", "normal", "api", note="seed: password grant as normal (scope api)"),
        token("post-only", "postonly", "api", note="seed: password grant as post-only (scope api)"),
        step("POST", U, {"username": "emu_alice", "realname": "Liddell", "firstname": "Alice", "phone": "555",
                         "mobile": "0600", "password": "Alice-Pass-1", "password2": "Alice-Pass-1",
                         "is_active": True, "nickname": "ali"}, note="create a complete user"),
        step("GET", U + "/username/emu_alice", note="the complete user"),
        step("POST", U, {"username": "emu_bob", "is_active": False, "comment": "inactive"},
             note="create an inactive user"),
        step("GET", U, query={"filter": "username=like=emu_*"}, note="the emu users"),
        step("GET", U, query={"filter": "username=like=emu_*;is_active==false"}, note="inactive emu users"),
        step("GET", U, query={"filter": "realname==Liddell,firstname==Alice"}, note="RSQL OR"),
        step("GET", U, query={"filter": "username=out=(glpi,tech,normal)", "sort": "id"}, note="RSQL =out="),
        step("GET", U, query={"filter": "id=ge=4;id=le=5"}, note="RSQL range on ids"),
        step("GET", U, query={"filter": "username!=glpi", "limit": "2", "start": "1"}, note="!= with paging"),
        step("GET", U, query={"filter": "phone=isnull="}, note="RSQL isnull"),
        step("GET", U, query={"filter": "phone=notnull="}, note="RSQL notnull"),
        step("PATCH", U + "/username/emu_alice", {"firstname": "Alicia", "is_active": False},
             note="rename and deactivate by username"),
        step("PATCH", U + "/username/emu_alice", {"password": "x", "password2": "y"}, note="passwords that differ"),
        step("PATCH", U + "/username/emu_alice", {"username": "emu_alice2"}, note="rename the login"),
        step("GET", U + "/username/emu_alice2", note="after the login change"),
        step("GET", U + "/username/emu_alice", note="the old login"),
        step("POST", U, {"realname": "No login"}, note="a user without username"),
        step("POST", U, {"username": "emu bad name"}, note="a username with spaces"),
        step("GET", U + "/username/emu_bob/ManagedItem", note="managed items by username"),
        step("GET", U, tok=2, query={"filter": "username==emu_bob"}, note="tech lists users"),
        step("GET", U + "/2", tok=2, note="tech reads glpi"),
        step("PATCH", U + "/username/emu_bob", {"comment": "by tech"}, tok=2, note="tech updates a user"),
        step("POST", U, {"username": "emu_by_tech"}, tok=2, note="tech creates a user"),
        step("DELETE", U + "/username/emu_bob", tok=2, note="tech deletes a user"),
        step("GET", U, tok=3, query={"limit": "3"}, note="normal lists users"),
        step("POST", U, {"username": "emu_by_normal"}, tok=3, note="normal creates a user"),
        step("GET", U + "/3", tok=4, note="post-only reads itself"),
        step("GET", U + "/2", tok=4, note="post-only reads glpi"),
        step("PATCH", U + "/3", {"comment": "self"}, tok=4, note="post-only updates itself"),
        step("POST", G, {"name": "emu-root-group", "comment": "top"}, note="a root group"),
        step("POST", G, {"name": "emu-child", "parent": {"id": 0}}, note="a group with parent 0"),
        step("GET", G, query={"filter": "name=like=emu-*"}, note="the emu groups"),
        step("GET", G, tok=2, query={"filter": "name=like=emu-*"}, note="tech lists groups"),
        step("POST", G, {"name": "emu-by-tech"}, tok=2, note="tech creates a group"),
        step("GET", G, tok=3, note="normal lists groups"),
        step("GET", G, tok=4, note="post-only lists groups"),
        step("POST", E, {"name": "emu-ent", "parent": {"id": 0}, "comment": "level 2"}, note="an entity"),
        step("GET", E, query={"filter": "name==emu-ent"}, note="find it by name"),
        step("GET", E, query={"filter": "completename=like=*emu*"}, note="RSQL on completename"),
        step("GET", E, query={"filter": "level==1"}, note="entities of level 1"),
        step("GET", E, tok=2, note="tech lists entities"),
        step("POST", E, {"name": "emu-by-tech", "parent": {"id": 0}}, tok=2, note="tech creates an entity"),
        step("GET", E, tok=4, note="post-only lists entities"),
        step("GET", P, tok=2, note="tech lists profiles"),
        step("GET", P + "/6", tok=2, note="tech reads Technician"),
        step("GET", P, tok=4, note="post-only lists profiles"),
        step("GET", P, query={"filter": "name=like=*admin*"}, note="profiles by name"),
        step("GET", P + "/1", note="Self-Service"),
        step("GET", P + "/8", note="Read-Only"),
        step("POST", P, {"name": "emu-profile", "comment": "x"}, tok=2, note="tech creates a profile"),
        step("GET", "/v2/Session", tok=3, note="normal's session"),
        step("GET", "/v2/Session", tok=4, note="post-only's session"),
    ]


def itil_more():
    """After admin_tree_rights: tickets with entity, status and urgency, every team role, the timeline,
    Change and Problem, and the rights of tech, normal and post-only on them."""
    return [
        token("glpi", "glpi", "api"),
        token("tech", "tech", "api", note="seed: password grant as tech (scope api)"),
        token("normal", "normal", "api", note="seed: password grant as normal (scope api)"),
        token("post-only", "postonly", "api", note="seed: password grant as post-only (scope api)"),
        step("POST", T, {"name": "emu printer jam", "content": "<p>paper</p>", "urgency": 4, "impact": 2,
                         "type": 1, "entity": {"id": 0}, "status": 2}, note="a ticket with everything"),
        step("GET", T, query={"filter": "name==emu printer jam"}, note="find it by name"),
        step("POST", T, {"name": "emu second", "content": "two", "status": {"id": 3}}, note="status as object"),
        step("GET", T, query={"filter": "name=like=emu*", "sort": "id:desc"}, note="emu tickets by id desc"),
        step("GET", T, query={"filter": "status.id=in=(2,3)"}, note="RSQL =in= on the status"),
        step("GET", T, query={"filter": "priority=ge=3"}, note="RSQL on the priority"),
        step("GET", T, query={"filter": "entity.id==0;is_deleted==false", "limit": "1"}, note="by entity, one"),
        step("GET", T, query={"filter": "content=like=*paper*"}, note="RSQL like on content"),
        step("GET", T + "/7", note="the ticket with everything"),
        step("POST", T + "/7/TeamMember", {"type": "User", "id": 5, "role": "requester"}, note="a requester"),
        step("POST", T + "/7/TeamMember", {"type": "User", "id": 4, "role": "assigned"}, note="tech assigned"),
        step("POST", T + "/7/TeamMember", {"type": "Group", "id": 7, "role": "assigned"}, note="a group assigned"),
        step("POST", T + "/7/TeamMember", {"type": "Group", "id": 8, "role": "observer"}, note="a group observer"),
        step("POST", T + "/7/TeamMember", {"type": "User", "id": 4, "role": "assigned"}, note="tech assigned again"),
        step("GET", T + "/7/TeamMember", note="the team"),
        step("GET", T + "/7/TeamMember/observer", note="observers"),
        step("GET", T + "/7", note="the ticket after the team"),
        step("DELETE", T + "/7/TeamMember", {"type": "Group", "id": 8, "role": "observer"}, note="remove a group"),
        step("DELETE", T + "/7/TeamMember", {"type": "User", "id": 5, "role": "assigned"},
             note="remove a member with the wrong role"),
        step("GET", T + "/7/TeamMember", note="the team after the removals"),
        step("POST", T + "/7/Timeline/Followup", {"content": "emu follow", "is_private": False,
                                                   "request_type": {"id": 1}}, note="a followup with a source"),
        step("POST", T + "/7/Timeline/Task", {"content": "emu task", "is_private": True, "state": 1,
                                               "user_tech": {"id": 4}, "duration": 1800}, note="a task for tech"),
        step("GET", T + "/7/Timeline", note="the timeline"),
        step("GET", T + "/7/Timeline/Task", note="the tasks"),
        step("PATCH", T + "/7/Timeline/Task/2", {"state": 2}, note="mark the task done"),
        step("DELETE", T + "/7/Timeline/Task/2", note="delete the task"),
        step("GET", T + "/7/Timeline/Task", note="tasks after the delete"),
        step("POST", T + "/7/Timeline/Solution", {"content": "emu solved", "type": {"id": 1}}, note="a solution"),
        step("GET", T + "/7/Timeline/Solution", note="the solutions"),
        step("GET", T + "/7", note="the solved ticket"),
        step("POST", T + "/7/Timeline/Followup", {"content": "reopen please"}, note="a followup on a solved ticket"),
        step("GET", T + "/7", note="after the followup"),
        step("GET", T + "/7/Timeline/Followup", tok=2, note="tech reads the followups"),
        step("POST", T + "/7/Timeline/Followup", {"content": "by tech"}, tok=2, note="tech adds a followup"),
        step("POST", T, {"name": "emu by tech", "content": "x"}, tok=2, note="tech creates a ticket"),
        step("PATCH", T + "/8", {"urgency": 5}, tok=2, note="tech updates a ticket"),
        step("DELETE", T + "/8", tok=2, note="tech deletes a ticket"),
        step("GET", T, tok=3, query={"filter": "name=like=emu*"}, note="normal lists tickets"),
        step("POST", T, {"name": "emu by normal", "content": "x"}, tok=3, note="normal creates a ticket"),
        step("GET", T + "/7", tok=4, note="post-only reads another's ticket"),
        step("POST", T, {"name": "emu by post-only", "content": "help me"}, tok=4, note="post-only creates a ticket"),
        step("GET", T, tok=4, note="post-only lists tickets"),
        step("PATCH", T + "/7", {"name": "x"}, tok=4, note="post-only updates another's ticket"),
        step("GET", C, note="no change yet"),
        step("POST", C, {"name": "emu change", "content": "upgrade", "urgency": 2}, note="create a change"),
        step("GET", C + "/1", note="the change"),
        step("PATCH", C + "/1", {"status": 2}, note="update the change status"),
        step("POST", C + "/1/TeamMember", {"type": "User", "id": 4, "role": "assigned"}, note="assign tech to it"),
        step("GET", C + "/1/TeamMember", note="the change team"),
        step("POST", C + "/1/Timeline/Followup", {"content": "change follow"}, note="a change followup"),
        step("GET", C + "/1/Timeline", note="the change timeline"),
        step("GET", C, query={"filter": "name==emu change"}, note="changes by name"),
        step("DELETE", C + "/1", note="trash the change"),
        step("GET", PB, note="no problem yet"),
        step("POST", PB, {"name": "emu problem", "content": "root cause"}, note="create a problem"),
        step("GET", PB + "/1", note="the problem"),
        step("POST", PB + "/1/TeamMember", {"type": "Group", "id": 7, "role": "assigned"}, note="a group on it"),
        step("POST", PB + "/1/Timeline/Solution", {"content": "found"}, note="solve the problem"),
        step("GET", PB + "/1", note="the solved problem"),
        step("GET", PB + "/99", note="a missing problem"),
        step("GET", C, tok=2, note="tech lists changes"),
        step("GET", PB, tok=4, note="post-only lists problems"),
        step("POST", C, {"name": "x", "content": "y"}, tok=4, note="post-only creates a change"),
    ]


def graphql_queries():
    """GraphQL over the items of the other scenarios: fields, arguments, nested objects, errors."""
    return [
        token("glpi", "glpi", "api graphql"),
        token("tech", "tech", "graphql", note="seed: password grant as tech (scope graphql)"),
        token("post-only", "postonly", "graphql", note="seed: password grant as post-only (scope graphql)"),
        gql("{ User { id username } }", note="users, two fields"),
        gql("{ User(id: 2) { id username realname is_active } }", note="one user by id"),
        gql("{ User(id: 999) { id } }", note="a missing user"),
        gql('{ User(filter: "username==tech") { id username default_profile { id name } } }',
            note="RSQL filter and a nested object"),
        gql("{ User(limit: 2, start: 1) { id } }", note="paging"),
        gql('{ User(sort: "id", order: "desc", limit: 3) { id } }', note="sort and order"),
        gql("{ User { id name } }", note="an unknown field"),
        gql("{ Nothing { id } }", note="an unknown type"),
        gql("{ User { id ", note="a syntax error"),
        gql("", note="an empty query"),
        gql("{ Group { id name completename level parent { id name } } }", note="groups"),
        gql("{ Entity { id name completename level parent { id } } }", note="entities"),
        gql("{ Profile { id name } }", note="profiles"),
        gql("{ Ticket { id name status { id name } urgency priority entity { id name } } }", note="tickets"),
        gql("{ Ticket(id: 1) { id name team { type id name role } } }", note="a ticket's team"),
        gql("{ Computer { id name } }", note="computers"),
        gql("{ User(id: 2) { id emails { email is_default } } }", note="a user's emails"),
        gql("query { Group(limit: 1) { id } Profile(id: 4) { name } }", note="two types in one query"),
        gql('{ User(filter: "nosuch==1") { id } }', note="a bad filter"),
        gql("{ User(id: \"abc\") { id } }", note="a text id"),
        gql("{ User { id } }", tok=2, note="users as tech"),
        gql("{ Profile { id name } }", tok=2, note="profiles as tech"),
        gql("{ User { id } }", tok=3, note="users as post-only"),
        gql("{ Ticket { id name } }", tok=3, note="tickets as post-only"),
        step("POST", GQL, "{ User(id: 2) { username } }", note="a bare JSON string body"),
        step("GET", GQL + "/Schema", tok=1, note="the schema (first characters)"),
    ]


SCENARIOS = [
    ("users", "Administration/User as glpi (Super-Admin): list, RSQL, get by id and username, create, "
              "update (incl. a missing id), trash, purge, the Me endpoints and emails.", users),
    ("groups_entities_profiles", "Administration/Group, Entity and Profile: create, get, list, RSQL, "
                                 "update, delete, missing ids.", groups_entities_profiles),
    ("tickets", "Assistance/Ticket: create, get, list, RSQL, update, team members, followups, tasks, "
                "solutions, timeline, trash and purge.", tickets),
    ("errors_paging_headers", "Error shapes (bad RSQL, sorts, types, bodies), paging edges, rights of tech "
                              "and post-only, GLPI-Entity / GLPI-Profile headers and GraphQL.",
     errors_paging_headers),
    ("more_admin_itil", "More inputs on users, groups, entities, profiles, tickets, team members and the timeline "
                        "(links, RSQL, sorts, missing ids, odd values, numeric and alias roles).", more_admin_itil),
    ("admin_tree_rights", "Users with passwords and activity, RSQL operators, group and entity trees, profiles, "
                          "and the rights of tech, normal and post-only on them.", admin_tree_rights),
    ("itil_more", "Tickets with entity, status and urgency, every team role, followups, tasks, solutions, Change and "
                  "Problem, and the rights of tech, normal and post-only on them.", itil_more),
    ("graphql_queries", "GraphQL queries (fields, arguments, nested objects) and their errors.", graphql_queries),
]
