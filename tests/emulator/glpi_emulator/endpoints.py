"""Endpoint handlers of apirest.php: session endpoints, getGlpiConfig, getMultipleItems
and the CommonDBTM endpoints (GET/POST/PUT/PATCH/DELETE /Itemtype[/id][/Sub]) with the
bulk/partial answers of API::createItems/updateItems/deleteItems."""
from . import documents, errors, items, session as sessionmod, values, writes


def init_endpoint(ctx):
    """API::initEndpoint(): app token, then session token."""
    check_app_token(ctx)
    token = ctx.params.get("session_token")
    if not token or not isinstance(token, str):
        raise errors.session_missing(ctx.api_url)
    session = ctx.sessions.get(token.strip())
    if session is None:
        raise errors.session_invalid(ctx.api_url)
    ctx.session = session


def check_app_token(ctx):
    token = ctx.params.get("app_token", "")
    if token == ctx.app.app_token and token:
        return
    if token not in ("", None):
        raise errors.error(ctx.api_url, "parameter app_token seems wrong", 400,
                           "ERROR_WRONG_APP_TOKEN_PARAMETER")
    raise errors.error(ctx.api_url, "missing parameter app_token", 400,
                       "ERROR_APP_TOKEN_PARAMETERS_MISSING")


def ok(body, status=200, headers=None):
    return body, status, headers or {}


# -- session endpoints ---------------------------------------------------------------------
def init_session(ctx):
    check_app_token(ctx)
    session = sessionmod.login(ctx.store, ctx.sessions, ctx.params, ctx.api_url)
    data = {"session_token": session.token}
    if ctx.params.get("get_full_session") not in (None, False, "", "0", 0):
        data["session"] = ctx.dialect.session_fields(sessionmod.full_session(ctx.store, session))
    return ok(data)


def kill_session(ctx):
    ctx.sessions.kill(ctx.session.token)
    return ok(True)


def lost_password(ctx):
    from . import lost_password as lost  # API::lostPassword
    return lost.lost_password(ctx)


def get_my_profiles(ctx):
    s = ctx.session
    out = []
    for pid, prof in s.profiles.items():
        out.append({"id": pid, "name": prof["name"], "entities": prof["entities"]})
    return ok({"myprofiles": out})


def get_active_profile(ctx):
    return ok({"active_profile": sessionmod.profile_payload(ctx.session)})


def change_active_profile(ctx):
    pid = ctx.params.get("profiles_id")
    if pid is None:
        raise errors.error(ctx.api_url)
    pid = values.php_int(pid)
    if pid not in ctx.session.profiles:
        raise errors.not_found(ctx.api_url)
    sessionmod.change_profile(ctx.store, ctx.session, pid)
    return ok(True)


def get_my_entities(ctx):
    rec = ctx.params.get("is_recursive", False)
    recursive = rec in (True, 1, "1")
    ent_it = ctx.reg.get("Entity")
    out = []
    from . import trees
    for ent in ctx.session.profile.get("entities", []):
        if ent["is_recursive"] == 1 and recursive:
            for son in trees.sons_of(ctx.store, ent_it, ent["id"]):
                if son != ent["id"]:
                    out.append({"id": son, "name": items.dropdown_name(ctx, "glpi_entities", son)})
        out.append({"id": ent["id"], "name": items.dropdown_name(ctx, "glpi_entities", ent["id"])})
    return ok({"myentities": out})


def get_active_entities(ctx):
    s = ctx.session
    return ok({"active_entity": {"id": s.active_entity, "active_entity_recursive": s.active_recursive,
                                 "active_entities": [{"id": e} for e in s.active_entities]}})


def change_active_entities(ctx):
    raw = ctx.params.get("entities_id")
    rec = ctx.params.get("is_recursive", False)
    if not isinstance(rec, bool):
        raise errors.error(ctx.api_url)
    entities_id = "all" if raw is None else values.php_int(raw)
    return ok(sessionmod.change_active_entities(ctx.store, ctx.session, entities_id, rec))


def get_full_session(ctx):
    return ok({"session": ctx.dialect.session_fields(sessionmod.full_session(ctx.store, ctx.session))})


def get_glpi_config(ctx):
    cfg = {}
    for _id, name, value in ctx.store.query("SELECT id, name, value FROM glpi_configs "
                                            "WHERE context='core' ORDER BY id"):
        if name in ("smtp_passwd", "proxy_passwd", "glpinetwork_registration_key", "ldap_pass",
                    "smtp_oauth_client_secret", "smtp_oauth_refresh_token"):
            continue
        cfg[name] = values.decode_html(value) if not ctx.sanitized else value
    cfg["url_base"] = ctx.server_url
    cfg["url_base_api"] = ctx.api_url
    cfg["root_doc"] = ""
    cfg = ctx.dialect.config_fields(cfg)
    i = 0
    added = ctx.store.query("SELECT COUNT(*) FROM glpi_configs WHERE id > ?", (ctx.dialect.config_rows,))[0][0]  # rows added since the install
    while len(cfg) < ctx.dialect.config_keys + added:
        cfg.setdefault("emulator_computed_%02d" % i, None)
        i += 1
    return ok({"cfg_glpi": cfg})


def get_multiple_items(ctx):
    wanted = ctx.params.get("items")
    if not isinstance(wanted, (dict, list)):
        raise errors.bad_array(ctx.api_url)
    wanted = list(wanted.values()) if isinstance(wanted, dict) else wanted
    out = []
    for entry in wanted:
        if not isinstance(entry, dict) or ("items_id" not in entry and "itemtype" not in entry):
            raise errors.bad_array(ctx.api_url)
        it = ctx.dialect.itemtype(ctx.reg, entry.get("itemtype"))
        if it is None:
            raise ctx.dialect.multiple_items_unknown(ctx.api_url)
        if it.name == "Document" and documents.wants_file(ctx.request, ctx.params) and \
                items.load_row(ctx, it, entry.get("items_id")) is not None:
            return documents.send_document(ctx, values.php_int(entry.get("items_id")))  # Document::post_getFromDB
        out.append(items.get_item(ctx, it, entry.get("items_id"), ctx.params))
    return ok(out)


SESSION_HANDLERS = {
    "initSession": init_session, "killSession": kill_session, "lostPassword": lost_password,
    "getMyProfiles": get_my_profiles, "getActiveProfile": get_active_profile,
    "changeActiveProfile": change_active_profile, "getMyEntities": get_my_entities,
    "getActiveEntities": get_active_entities, "changeActiveEntities": change_active_entities,
    "getFullSession": get_full_session, "getGlpiConfig": get_glpi_config,
    "getMultipleItems": get_multiple_items,
}


# -- CommonDBTM endpoints ----------------------------------------------------------------
def _get_id(ctx, has_parent):
    """APIRest::getId(): (id or False, parent id or None)."""
    def num(i):
        if i < len(ctx.url):
            seg = ctx.url[i]
            try:
                return int(seg) if seg.strip().lstrip("+-").isdigit() else int(float(seg))
            except ValueError:
                return False
        return False
    item_id, additional = num(1), num(3)
    if additional or has_parent:
        return additional, item_id
    return item_id, None


def itemtype_endpoint(ctx):
    it, parent_it = ctx.itemtype(0)
    item_id, parent_id = _get_id(ctx, parent_it is not None)
    verb = ctx.verb
    if verb == "POST":
        return create(ctx, it)
    if verb in ("PUT", "PATCH"):
        return update(ctx, it, item_id)
    if verb == "DELETE":
        return delete(ctx, it, item_id)
    # default: GET (HEAD and unknown verbs too)
    if ctx.dialect.single_item_id(it, item_id):
        if it.name == "Document" and documents.wants_file(ctx.request, ctx.params):
            return documents.send_document(ctx, item_id)
        body = items.get_item(ctx, it, item_id, ctx.params)
        headers = {}
        if isinstance(body, dict) and body.get("date_mod"):
            headers["Last-Modified"] = _http_date(body["date_mod"])
        return ok(body, 200, headers)
    parent = (parent_it, parent_id) if parent_it is not None else None
    rows, total = items.list_items(ctx, it, ctx.params, parent)
    rng = [0, ctx.session.list_limit]
    if "range" in ctx.params:
        start, end = ctx.params["range"].split("-")
        rng = [int(start), int(end)]
    if rng[1] > total - 1:
        rng[1] = total - 1
    status = 206 if rng[1] - rng[0] + 1 < total else 200
    headers = {"Accept-Range": "%s 1000" % it.name}
    if total > 0:
        headers["Content-Range"] = "%d-%d/%d" % (rng[0], rng[1], total)
    return ok(rows, status, headers)


def _http_date(value):
    import datetime
    import email.utils
    try:
        dt = datetime.datetime.strptime(str(value)[:19], "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return ""
    return email.utils.format_datetime(dt.astimezone(datetime.timezone.utc), usegmt=True)


def create(ctx, it):
    data = ctx.params.get("input")
    single = isinstance(data, dict)
    if single:
        data = [data]
    if not isinstance(data, list):
        raise errors.bad_array(ctx.api_url)
    results, failed = [], 0
    for obj in data:
        if not isinstance(obj, dict):
            raise ctx.dialect.type_error()  # PHP TypeError after the previous adds
        new_id, message = writes.add_item(ctx, it, obj)
        if new_id is False:
            failed += 1
        results.append({"id": new_id, "message": message})
    uploaded = ctx.params.get("upload_result")
    for index, result in enumerate(results):  # API::createItems attaches upload_result[index]
        if isinstance(uploaded, list) and index < len(uploaded):
            result["upload_result"] = uploaded[index]
    if single:
        if failed:
            raise errors.error(ctx.api_url, results[0]["message"], 400, "ERROR_GLPI_ADD", False)
        return ok(results[0], 201, {"Location": "%s/%s/%d" % (ctx.api_url, it.name, results[0]["id"])})
    if failed == len(data):
        raise errors.ApiError(400, ["ERROR_GLPI_ADD", results])
    if failed:
        raise errors.ApiError(207, ["ERROR_GLPI_PARTIAL_ADD", results])
    link = ",".join("%s/%s/%d" % (ctx.api_url, it.name, r["id"]) for r in results if r["id"])
    return ok(results, 201, {"Link": link})


def update(ctx, it, item_id):
    if "input" not in ctx.params:
        raise errors.bad_array(ctx.api_url)
    data = ctx.params["input"]
    if isinstance(data, dict) and item_id is not False and \
            (item_id > 0 or (item_id == 0 and it.name == "Entity")) and "id" not in data:
        data = dict(data, id=item_id)
    single = isinstance(data, dict)
    if single:
        data = [data]
    if not isinstance(data, list):
        raise errors.bad_array(ctx.api_url)
    results, failed = [], 0
    for obj in data:
        if not isinstance(obj, dict) or obj.get("id") is None:
            results.append([])
            continue
        status, row_id, message = writes.update_item(ctx, it, obj)
        if status is None:
            failed += 1
            continue
        if status is False:
            failed += 1
        results.append({str(row_id): status, "message": message})
    if single:
        if failed:
            msg = results[0]["message"] if results and isinstance(results[0], dict) else None
            raise errors.ApiError(400, ["ERROR_GLPI_UPDATE", msg])
        return ok(results)
    if failed == len(data):
        raise errors.ApiError(400, ["ERROR_GLPI_UPDATE", results])
    if failed:
        raise errors.ApiError(207, ["ERROR_GLPI_PARTIAL_UPDATE", results])
    return ok(results)


def _bool_param(value):
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "on", "yes")


def delete(ctx, it, item_id):
    if item_id is not False:
        data = {"id": item_id}
    else:
        data = ctx.params.get("input")
    purge = _bool_param(ctx.params.get("force_purge", False))
    single = isinstance(data, dict)
    if single:
        data = [data]
    if not isinstance(data, list):
        raise errors.bad_array(ctx.api_url)
    results, failed = [], 0
    for obj in data:
        if not isinstance(obj, dict) or obj.get("id") is None:
            continue
        oid = values.php_int(obj["id"])
        status, message = writes.delete_item(ctx, it, oid, purge)
        key = str(obj["id"])
        if status is None:
            failed += 1
            results.append({key: False, "message": message})
            continue
        if status is False:
            failed += 1
        results.append({key: status, "message": message})
    if single:
        if failed:
            raise errors.ApiError(400, ["ERROR_GLPI_DELETE", results[0]["message"]])
        return ok(results)
    if failed == len(data):
        raise errors.ApiError(400, ["ERROR_GLPI_DELETE", results])
    if failed:
        raise errors.ApiError(207, ["ERROR_GLPI_PARTIAL_DELETE", results])
    return ok(results)
