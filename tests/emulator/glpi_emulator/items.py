"""Reading items: GET /Itemtype/id, GET /Itemtype (paging, sort, searchText), sub-items
(/Parent/id/Itemtype) and getMultipleItems, rendered like GLPI's API::getItem/getItems.

Public helpers for other modules (search.py, massive.py):
  load_row(ctx, it, item_id)             stored row dict or None
  render_fields(ctx, it, row)            GLPI field dict (types, undisclosed fields removed)
  parse_dropdowns(ctx, fields, expand, hateoas)   links + expand_dropdowns (recursive)
  dropdown_name(ctx, table, value)       Dropdown::getDropdownName()
  visible_clause(ctx, it, table_alias)   (sql, params) restricting to the session's entities
  list_items(ctx, it, params, parent)    (rows, total) exactly like API::getItems
"""
import re

from . import errors, getitem_relations, item_rights, network, phpjson, rights, trees, values
from .schema import is_foreign_key, table_for_fk

UNDISCLOSED = {"User": ("password", "personal_token", "api_token", "cookie_token",
                        "password_history"),
               "Webhook": ("secret", "clientsecret")}  # Webhook::$undisclosedFields (GLPI 11)
CONFIG_SECRETS = ("proxy_passwd", "smtp_passwd", "smtp_oauth_client_id", "smtp_oauth_client_secret",
                  "smtp_oauth_options", "smtp_oauth_refresh_token", "glpinetwork_registration_key", "ldap_pass")
LDAP_AUTHTYPE = 3
NETPORT_TYPES = ["NetworkPortEthernet", "NetworkPortWifi", "NetworkPortAggregate",
                 "NetworkPortAlias", "NetworkPortDialup", "NetworkPortLocal",
                 "NetworkPortFiberchannel"]


def php_empty(value):
    return value in (None, 0, "", "0", False) or value == [] or value == {}


def fk_for_itemtype(ctx, name):
    it = ctx.reg.get(name) if isinstance(name, str) else None
    if it:
        return it.fk
    return "%ss_id" % str(name).lower()


def load_row(ctx, it, item_id):
    try:
        item_id = int(item_id)
    except (TypeError, ValueError):
        return None
    return ctx.store.get(it, item_id)


def render_fields(ctx, it, row):
    out = {}
    for col in it.columns:
        out[col.name] = values.render_value(col, row.get(col.name))
    for key in UNDISCLOSED.get(it.name, ()):
        out.pop(key, None)
    return hide_config_secret(it, out)


def hide_config_secret(it, fields):
    """Config::unsetUndisclosedFields(): no value for the secret settings."""
    if it.name == "Config" and fields.get("name") in CONFIG_SECRETS:
        fields.pop("value", None)
    return fields


def user_display_name(row):
    if row.get("realname"):
        return ("%s %s" % (row["realname"], row.get("firstname") or "")).strip()
    if row.get("firstname"):
        return row["firstname"]
    return row.get("name") or ""


def dropdown_name(ctx, table, value):
    """Dropdown::getDropdownName($table, $id) with a per-request memo."""
    key = (table, value)
    memo = ctx.memo
    if key in memo:
        return memo[key]
    name = ""
    it = ctx.reg.by_table.get(table)
    if it is not None and isinstance(value, int):
        row = ctx.store.get(it, value)
        if row is not None:
            if "designation" in it.col:  # device models: getDropdownName reads designation
                name = row.get("designation") or ""
            else:  # a user's login: glpi_users has no case of its own there
                name = trees.dropdown_name(ctx.store, it, row)
    memo[key] = name
    return name


def _parse_value(ctx, value, expand, hateoas):
    if isinstance(value, dict):
        return parse_dropdowns(ctx, value, expand, hateoas)
    if isinstance(value, list):
        return [_parse_value(ctx, v, expand, hateoas) for v in value]
    return value


def parse_dropdowns(ctx, fields, expand=False, hateoas=True):
    """API::parseDropdowns(): HATEOAS links for foreign keys, names with expand_dropdowns."""
    out = {}
    links = []
    for key, value in fields.items():
        if isinstance(value, (dict, list)):
            value = _parse_value(ctx, value, expand, hateoas)
        if isinstance(key, str) and not key.isdigit() and is_foreign_key(key):
            k = key
            if k == "items_id" and fields.get("itemtype"):
                k = fk_for_itemtype(ctx, fields["itemtype"])
            if k == "auths_id" and fields.get("authtype") == LDAP_AUTHTYPE:
                k = "authldaps_id"
            if k == "default_requesttypes_id":
                k = "requesttypes_id"
            if k == "mainitems_id" and fields.get("mainitemtype"):
                k = fk_for_itemtype(ctx, fields["mainitemtype"])
            numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
            if not php_empty(value) or (k == "entities_id" and (value is None or numeric and value >= 0)):
                table = table_for_fk(k)
                if hateoas and isinstance(value, int) and not isinstance(value, bool):
                    rel = ctx.reg.itemtype_for_table(table)
                    if rel == "UNKNOWN":
                        rel = ctx.dialect.unknown_itemtype
                    links.append({"rel": rel, "href": "%s/%s/%s" % (ctx.api_url, rel or "", value)})
                if expand and value is not None:
                    value = dropdown_name(ctx, table, value)
        out[key] = value
    if links:
        out["links"] = (out.get("links") or []) + links
    return out


def child_links(ctx, it, item_id):
    return [{"rel": h, "href": "%s/%s/%s/%s/" % (ctx.api_url, it.name, item_id, h)}
            for h in it.hateoas]


def decode_fields(ctx, fields):
    if ctx.sanitized:
        return fields
    return {k: values.decode_html(v) if isinstance(v, str) else v for k, v in fields.items()}


# -- GET /Itemtype/id ----------------------------------------------------------------------
def get_item(ctx, it, item_id, params):
    row = load_row(ctx, it, item_id)
    if row is None:
        raise errors.not_found(ctx.api_url)
    if not rights.can_item(ctx.session, ctx.store, it, row, rights.READ):
        raise errors.right_missing(ctx.api_url)
    fields = ctx.dialect.item_fields(it, render_fields(ctx, it, row), listing=False)

    def flag(name):
        return bool(params.get(name)) and params.get(name) not in ("0", "false")

    item_id = row["id"]
    getitem_relations.add_with_fields(ctx, it, item_id, fields, flag)
    hateoas = params.get("get_hateoas", True) not in (False, "0", 0, "false")
    fields = parse_dropdowns(ctx, fields, flag("expand_dropdowns"), hateoas)
    if hateoas and it.hateoas:
        fields["links"] = fields.get("links", []) + child_links(ctx, it, item_id)
    if flag("get_sha1"):
        return phpjson.get_sha1(fields)
    keys_names = params.get("add_keys_names")
    if keys_names:
        fields["_keys_names"] = friendly_names(ctx, it, fields, keys_names)
    return decode_fields(ctx, fields)


def _right_error():
    return {"error": 401, "message": errors.MSG_RIGHT}


def friendly_names(ctx, it, fields, keys):
    """API::getFriendlyNames()."""
    if isinstance(keys, dict):
        keys = list(keys.values())
    if not isinstance(keys, list):
        keys = [keys]
    out = {}
    for key in keys:
        if key == "id":
            target, value = it, fields.get("id")
        else:
            if key not in fields or fields[key] is None:
                continue
            target = ctx.reg.by_table.get(table_for_fk(key))
            value = fields[key]
        if target is None:
            continue
        row = load_row(ctx, target, value)
        if row is None:
            out[key] = ""
        elif target.name == "User":
            out[key] = user_display_name(row)
        else:
            out[key] = row.get("name") or ""
    return out or []  # PHP encodes an empty array as []


def infocom_fields(ctx, itemtype, item_id):
    if not rights.have_right(ctx.session, "infocom", rights.READ):
        return _right_error()
    ic = ctx.reg.get("Infocom")
    rows = ctx.store.find(ic, "itemtype=? AND items_id=?", (itemtype, item_id))
    return render_fields(ctx, ic, rows[0]) if rows else []


def network_ports(ctx, itemtype, item_id):
    """API::getNetworkPorts(): ports grouped by instantiation type, subtable LEFT JOINed."""
    if not rights.have_right(ctx.session, "networking", rights.READ):
        return _right_error()
    port_it = ctx.reg.get("NetworkPort")
    result = {}
    for ptype in NETPORT_TYPES:
        ports = ctx.store.find(port_it, "instantiation_type=? AND items_id=? AND itemtype=? "
                               "AND is_deleted=0", (ptype, item_id, itemtype))
        sub_it = ctx.reg.get(ptype)
        for port in ports:
            data = {"netport_id": port["id"], "entities_id": port["entities_id"],
                    "is_recursive": port["is_recursive"], "logical_number": port["logical_number"],
                    "name": port["name"], "mac": port["mac"], "comment": port["comment"],
                    "is_dynamic": port["is_dynamic"]}
            if sub_it is not None:
                sub = ctx.store.find(sub_it, "networkports_id=?", (port["id"],))
                sub_fields = render_fields(ctx, sub_it, sub[0]) if sub else \
                    {c: None for c in sub_it.colnames}
                data.update(sub_fields)
            data = ctx.dialect.port_fields(data)
            name = network.port_network_name(ctx, port["id"])
            if name is not None:
                data["NetworkName"] = name
            result.setdefault(ptype, []).append(data)
    return result if result else []


# -- GET /Itemtype -------------------------------------------------------------------------
def visible_clause(ctx, it, alias=None):
    """Entity restriction of getItems (getEntitiesRestrictRequest) as (sql, params)."""
    t = '"%s"' % (alias or it.table)
    active = list(ctx.session.active_entities) or [-1]
    marks = ",".join("?" * len(active))
    if it.name == "Entity":
        if ctx.session.show_all:  # getEntitiesRestrictCriteria('glpi_entities'): glpishowallentities
            return "1=1", []
        return "%s.id IN (%s)" % (t, marks), active
    if not it.entity_assign:
        return "1=1", []
    sql = "%s.entities_id IN (%s)" % (t, marks)
    params = list(active)
    if rights.maybe_recursive(it):
        ent = ctx.reg.get("Entity")
        ancestors = set()
        for e in ctx.session.active_entities:
            ancestors.update(trees.ancestors_of(ctx.store, ent, e))
        ancestors -= set(active)
        if ancestors:
            sql = "(%s OR (%s.is_recursive=1 AND %s.entities_id IN (%s)))" % (
                sql, t, t, ",".join("?" * len(ancestors)))
            params += sorted(ancestors)
    return sql, params


def _default_where(ctx, it, alias=None):
    """Search::addDefaultWhere() for the itemtypes the emulator restricts."""
    t = '"%s"' % (alias or it.table)
    if it.name == "Ticket" and not rights.have_right(ctx.session, "ticket", rights.READALL):
        return _ticket_where(ctx, t)
    if it.name == "ITILFollowup":
        return _followup_where(ctx, t)
    if it.name == "User" and not ctx.session.can_view_all_entities(ctx.store):
        cond, args = user_entity_condition(ctx, "pu")
        return ('EXISTS (SELECT 1 FROM glpi_profiles_users pu WHERE pu.users_id=%s.id AND %s)' % (t, cond),
                args)
    return None, []


def extra_visibility(ctx, it):
    """The visibility restriction of an itemtype (Ticket: ExtraVisibilityCriteria), as
    (sql or None, params), that GLPI 11's High-level API search adds to the entity one."""
    return _default_where(ctx, it)


def _ticket_where(ctx, t):
    """The tickets a profile without READALL sees: its own (READMY), its groups' (READGROUP),
    the ones assigned to it (OWN, READASSIGN; new ones too with ASSIGN)."""
    me, session = ctx.session.user_id, ctx.session
    groups = sorted(item_rights.my_groups(session, ctx.store))
    marks = ",".join("?" * len(groups))

    def actor(types):
        return ("EXISTS (SELECT 1 FROM glpi_tickets_users tu WHERE tu.tickets_id=%s.id AND tu.users_id=? "
                "AND tu.type IN (%s))" % (t, types), [me])

    def group(types):
        return ("EXISTS (SELECT 1 FROM glpi_groups_tickets gt WHERE gt.tickets_id=%s.id AND gt.type IN (%s) "
                "AND gt.groups_id IN (%s))" % (t, types, marks), list(groups))

    parts = [("%s.users_id_recipient=?" % t, [me]), actor("1,3")] \
        if rights.have_right(session, "ticket", rights.READMY) else [("0=1", [])]
    if rights.have_right(session, "ticket", rights.READGROUP) and groups:
        parts.append(group("1,3"))
    if rights.have_right(session, "ticket", rights.OWN | rights.READASSIGN):
        parts.append(actor("2"))
    if rights.have_right(session, "ticket", rights.READASSIGN):
        if groups:
            parts.append(group("2"))
        if rights.have_right(session, "ticket", rights.ASSIGN):
            parts.append(("%s.status=1" % t, []))
    return "(%s)" % " OR ".join(sql for sql, _args in parts), [a for _sql, args in parts for a in args]


def _followup_where(ctx, t):
    """Followups of the tickets the profile sees, public or private as its rights say."""
    allowed = [flag for flag, bits in ((1, item_rights.FOLLOWUP_SEEPRIVATE), (0, item_rights.FOLLOWUP_SEEPUBLIC))
               if rights.have_right(ctx.session, "followup", bits)]
    if not allowed:
        return "0 = 1", []
    sql = "%s.is_private IN (%s) AND %s.itemtype = 'Ticket'" % (t, ",".join(str(a) for a in allowed), t)
    if rights.have_right(ctx.session, "ticket", rights.READALL):
        return "(%s)" % sql, []
    tsql, targs = _ticket_where(ctx, '"tk"')
    return ("(%s AND EXISTS (SELECT 1 FROM glpi_tickets tk WHERE tk.id = %s.items_id AND %s))" % (sql, t, tsql),
            targs)


def restrict_clause(ctx, it, alias):
    """The default where and the entity restriction of a search on ``it`` (as (sql, params))."""
    dw, dargs = _default_where(ctx, it, alias)
    # getEntitiesRestrictRequest() of Search: nothing to restrict under glpishowallentities (fixed at
    # login / changeActiveEntities: an entity created since is searched, not writable).
    vsql, vargs = ("1=1", []) if ctx.session.show_all else visible_clause(ctx, it, alias)
    if dw is None:
        return vsql, vargs
    return "(%s AND %s)" % (dw, vsql), dargs + vargs


def user_entity_condition(ctx, alias):
    """getEntitiesRestrictRequest("", "glpi_profiles_users", '', '', true): an authorization in
    an active entity, or a recursive one in an ancestor of an active entity."""
    active = list(ctx.session.active_entities) or [-1]
    ent = ctx.reg.get("Entity")
    ancestors = []
    for e in active:
        ancestors += [a for a in trees.ancestors_of(ctx.store, ent, e) if a not in ancestors and a not in active]
    sql = "%s.entities_id IN (%s)" % (alias, ",".join("?" * len(active)))
    if ancestors:
        sql = "(%s OR (%s.is_recursive = 1 AND %s.entities_id IN (%s)))" % (
            sql, alias, alias, ",".join("?" * len(ancestors)))
    return sql, active + ancestors


def parse_range(ctx, value):
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]+-[0-9]+", value):
        raise errors.error(ctx.api_url, "range must be in format : [start-end] with integers")
    start, end = value.split("-")
    return int(start), int(end)


def parent_clause(ctx, it, parent_it, parent_id):
    """Filter of /Parent/id/Itemtype (API::getItems)."""
    parent = load_row(ctx, parent_it, parent_id)
    if parent is None:
        raise errors.not_found(ctx.api_url)
    if not rights.can_item(ctx.session, ctx.store, parent_it, parent, rights.READ):
        raise errors.right_missing(ctx.api_url)
    t = '"%s"' % it.table
    fk_parent = parent_it.fk
    if fk_parent in it.col:
        return "%s.\"%s\" = ?" % (t, fk_parent), [parent["id"]]
    if it.polymorphic:
        return "%s.itemtype = ? AND %s.items_id = ?" % (t, t), [parent_it.name, parent["id"]]
    if it.fk in parent_it.col:
        return "%s.id = ?" % t, [parent[it.fk]]
    if parent_it.polymorphic:
        match = parent.get("itemtype") == it.name
        return ("%s.id = ?" % t, [parent["items_id"]]) if match else ("0=1", [])
    return "1=1", []


def list_items(ctx, it, params, parent=None):
    """API::getItems(): returns (rendered rows, totalcount)."""
    if not rights.can_view(ctx.session, it, ctx.store):
        raise errors.right_missing(ctx.api_url)
    rng = params.get("range", "0-%d" % (ctx.session.list_limit - 1))
    start, end = parse_range(ctx, rng)
    order = params.get("order", "ASC")
    if not isinstance(order, str) or order.upper() not in ("ASC", "DESC"):
        raise errors.error(ctx.api_url, "order must be DESC or ASC")
    order = ctx.dialect.list_order(order)
    sort = params.get("sort", "id")
    if not isinstance(sort, str) or sort not in it.col:
        raise errors.error(ctx.api_url, "sort param is not a field of %s" % it.table)
    t = '"%s"' % it.table
    where, args = [], []
    dw, dargs = _default_where(ctx, it)
    if dw:
        where.append(dw)
        args += dargs
    if it.has_trash:
        deleted = params.get("is_deleted", False)
        where.append("%s.is_deleted = ?" % t)
        args.append(1 if deleted not in (False, None, "", "0", 0, "false") else 0)
    if parent is not None:
        sql, pargs = parent_clause(ctx, it, parent[0], parent[1])
        where.append(sql)
        args += pargs
    search = params.get("searchText")
    if isinstance(search, dict):
        if list(search) == ["all"]:
            search = {it.label_field or "name": search["all"]}
            if "comment" in it.col:
                search["comment"] = search[it.label_field or "name"]
        dialect = ctx.dialect
        for field, value in search.items():
            skipped = dialect.search_value_skipped(value)
            if field not in it.col and (not skipped or dialect.search_fields_always_checked):
                raise dialect.unknown_search_field(ctx.api_url, it, field)
            if skipped:
                continue
            # the typed text against the stored one: & < > never match on 10.0 (search_text.py)
            pattern = values.text_search_pattern(dialect.search_value(str(value)))
            if pattern is None:
                where.append("%s.\"%s\" IS NULL" % (t, field))
            else:
                where.append("glpi_like(%s.\"%s\", ?)" % (t, field))
                args.append(pattern)
    vsql, vargs = visible_clause(ctx, it)
    where.append(vsql)
    args += vargs
    wsql = " AND ".join(where) or "1=1"
    count_args = args
    if it.name == "User":  # addDefaultJoin: LEFT JOIN glpi_profiles_users; COUNT(*) counts it
        count_sql = ('SELECT COUNT(*) FROM %s LEFT JOIN glpi_profiles_users ON '
                     'glpi_profiles_users.users_id = %s.id WHERE %s' % (t, t, wsql))
        if dw:  # the default where restricts the joined rows themselves
            cond, cargs = user_entity_condition(ctx, "glpi_profiles_users")
            count_sql += " AND " + cond
            count_args = args + cargs
    else:
        count_sql = "SELECT COUNT(*) FROM %s WHERE %s" % (t, wsql)
    total = ctx.store.query(count_sql, count_args)[0][0]
    offset, limit = ctx.dialect.list_window(start, end)
    rows = []
    if limit != 0:
        cols = ", ".join('%s."%s"' % (t, c) for c in it.colnames)
        sql = 'SELECT %s FROM %s WHERE %s ORDER BY %s."%s" %s, %s.id LIMIT ? OFFSET ?' % (
            cols, t, wsql, t, sort, order, t)
        rows = ctx.store.query(sql, args + [-1 if limit is None else limit, offset])
    if start > total:
        raise errors.error(ctx.api_url, "Provided range exceed total count of data: %d" % total,
                           400, "ERROR_RANGE_EXCEED_TOTAL")
    return render_list(ctx, it, rows, params), total


def render_list(ctx, it, rows, params):
    render = values.make_renderer(it)
    only_id = params.get("only_id") not in (None, False, "0", 0, "false", "")
    expand = params.get("expand_dropdowns") not in (None, False, "0", 0, "false", "")
    hateoas = params.get("get_hateoas", True) not in (False, "0", 0, "false")
    undisclosed = UNDISCLOSED.get(it.name, ())
    keys_names = params.get("add_keys_names")
    with_ports = params.get("with_networkports") not in (None, False, "0", 0, "false", "")
    fk_cols = [c for c in it.colnames if is_foreign_key(c)]
    out = []
    for raw in rows:
        data = ctx.dialect.item_fields(it, render(raw), listing=True)
        extra = {}
        if keys_names:
            extra["_keys_names"] = friendly_names(ctx, it, data, keys_names)
        if with_ports:
            extra["_networkports"] = network_ports(ctx, it.name, data["id"])
        if only_id:
            fields = {"id": data["id"]}
        else:
            fields = data
            for k in undisclosed:
                fields.pop(k, None)
            hide_config_secret(it, fields)
            fields.update(extra)
        if fk_cols or extra:
            fields = parse_dropdowns(ctx, fields, expand, hateoas)
        if hateoas and it.hateoas:
            fields["links"] = fields.get("links", []) + child_links(ctx, it, data["id"])
        out.append(decode_fields(ctx, fields))
    return out
