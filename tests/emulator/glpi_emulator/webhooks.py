"""GLPI 11.0.6's outgoing webhooks (11.0 mode): Webhook items, raise on add / update / trash, the
glpi_queuedwebhooks queue and its delivery (the ``queuedwebhook`` cron task, run by
``POST /_emulator/cron/queuedwebhook``).

From src/Webhook.php (raise :1180-1280, getWebhookBody :541-581, handleInput :1330-1375,
$undisclosedFields :75-77) and src/QueuedWebhook.php (send :170-300, getPendings :551-599,
cronQueuedWebhook :600-630), as observed on a real 11.0.6 (glpi-reference-11/WEBHOOKS.md):
signature = hex HMAC-SHA256(secret, body + timestamp) computed when the event is raised; no
Content-Type; the body ``json_encode({"item": <v2 item>, "event": ...}, JSON_PRETTY_PRINT)``; the
v2 item read after the write (so a purged item sends nothing: its GET is a 404); webhook.sent_try + 1
attempts, no backoff, a 5 s timeout. Not emulated: the URL allowlist (every URL is sent to), OAuth,
search-criteria filters, ``delay_send_emails``, parent_item of child items; Twig is reduced to
``{{ event }}`` and ``{{ item.a.b }}`` substitutions.
"""
import hashlib
import http.client
import hmac
import json
import re
import secrets
import string
import time
import urllib.parse

from . import hlapi_render, trees, values

TABLES = {
    "Webhook": ("glpi_webhooks",
                "id:int(10) unsigned:N,entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,name:varchar(255):N,"
                "comment:text:N,webhookcategories_id:int(10) unsigned:0,itemtype:varchar(255):N,event:varchar(255):N,"
                "payload:longtext:N,use_default_payload:tinyint(4):1,custom_headers:text:N,url:text:N,secret:text:N,"
                "use_cra_challenge:tinyint(4):0,http_method:varchar(255):POST,sent_try:tinyint(4):3,expiration:int(11):0,"
                "is_active:tinyint(4):0,save_response_body:tinyint(4):0,log_in_item_history:tinyint(4):0,"
                "date_creation:timestamp:N,date_mod:timestamp:N,use_oauth:tinyint(4):0,oauth_url:varchar(255):N,"
                "clientid:varchar(255):N,clientsecret:varchar(255):N"),
    "QueuedWebhook": ("glpi_queuedwebhooks",
                      "id:int(10) unsigned:N,itemtype:varchar(100):N,items_id:int(10) unsigned:0,"
                      "entities_id:int(10) unsigned:0,is_deleted:tinyint(4):0,sent_try:int(11):0,"
                      "webhooks_id:int(10) unsigned:0,url:text:N,create_time:timestamp:N,send_time:timestamp:N,"
                      "sent_time:timestamp:N,headers:text:N,body:longtext:N,event:varchar(255):N,"
                      "last_status_code:int(11):N,save_response_body:tinyint(4):0,response_body:longtext:N,"
                      "http_method:varchar(255):POST"),
}
ELEVEN_ONLY = frozenset(TABLES)  # GLPI 10.0 has no webhooks
UNDISCLOSED = ("secret", "clientsecret")
SECRET_LENGTH = 40  # Webhook::generateRandomSecret()
TIMEOUT = 5  # QueuedWebhook::send(): Guzzle 'timeout' => 5
CRA_TIMEOUT = 1
MAX_PER_RUN = 50  # the cron task's parameter
TWIG_VAR = re.compile(r"{{\s*([A-Za-z_][\w.]*)\s*}}")


def prepare_input(row, obj, adding):
    """Webhook::handleInput(): a generated 40-character secret when none (or _regenerate_secret),
    custom_headers as given (an object stored as JSON)."""
    if (adding and not obj.get("secret")) or obj.get("_regenerate_secret"):
        alphabet = string.ascii_letters + string.digits
        row["secret"] = "".join(secrets.choice(alphabet) for unused in range(SECRET_LENGTH))
    if isinstance(obj.get("custom_headers"), (dict, list)):
        row["custom_headers"] = json.dumps(obj["custom_headers"])


def php_pretty_json(data):
    """json_encode($data, JSON_PRETTY_PRINT): 4 spaces, escaped slashes and non-ASCII."""
    return json.dumps(data, indent=4, ensure_ascii=True).replace("/", "\\/")


def sign(secret, data):
    return hmac.new((secret or "").encode(), data.encode(), hashlib.sha256).hexdigest()


def twig(template, context, quote=False):
    """The Twig subset the emulator renders: ``{{ event }}``, ``{{ item.a.b }}``."""
    def value(match):
        current = context
        for key in match.group(1).split("."):
            current = current.get(key) if isinstance(current, dict) else None
        if current is None:
            return ""
        text = current if isinstance(current, str) else json.dumps(current) if isinstance(current, (dict, list)) \
            else ("1" if current is True else "" if current is False else str(current))
        return text.replace('"', '\\"') if quote else text
    return TWIG_VAR.sub(value, template or "")


def _schema_for(it):
    from .hlapi_routes import schemas  # late: hlapi_routes imports the route modules
    for schema in schemas().values():
        if schema.itemtype.name == it.name:
            return schema
    return None


def _entity_matches(store, hook, row):
    entity = row.get("entities_id")
    if entity is None:
        return hook["entities_id"] == 0
    if entity == hook["entities_id"]:
        return True
    ancestors = trees.ancestors_of(store, store.reg.get("Entity"), entity)
    return bool(hook["is_recursive"]) and hook["entities_id"] in ancestors


def raise_event(ctx, it, item_id, event):
    """Webhook::raise(): one queue row per active webhook of this itemtype and event."""
    if not ctx.dialect.serves_hlapi or it.name in ELEVEN_ONLY:
        return
    store = ctx.store
    hooks = store.find(store.reg.get("Webhook"), "is_active = 1 AND itemtype = ? AND event = ?", (it.name, event))
    schema = _schema_for(it) if hooks else None
    row = store.get(it, item_id) if schema is not None else None
    if row is None:  # no v2 schema, or purged: getAPIResponse() gets a 404, nothing is queued
        return
    item = hlapi_render.Renderer(store).render(schema, row)
    for hook in hooks:
        if _entity_matches(store, hook, row):
            _queue(store, hook, it, row, item, event)


def _queue(store, hook, it, row, item, event):
    context = {"item": item, "event": event}
    if hook["use_default_payload"] or not hook.get("payload"):
        body = php_pretty_json(context)
    else:
        body = twig(hook["payload"], context, quote=True)
    stamp = int(time.time())
    headers = {"X-GLPI-signature": sign(hook["secret"], body + str(stamp)), "X-GLPI-timestamp": stamp}
    custom = json.loads(hook["custom_headers"]) if hook.get("custom_headers") else {}
    headers.update({k: twig(v, context) for k, v in (custom.items() if isinstance(custom, dict) else ())})
    now = values.now()
    store.insert(store.reg.get("QueuedWebhook"), {
        "itemtype": it.name, "items_id": row["id"], "entities_id": row.get("entities_id") or 0,
        "webhooks_id": hook["id"], "url": twig(hook["url"], context), "create_time": now, "send_time": now,
        "headers": json.dumps(headers), "body": body, "event": event, "http_method": hook["http_method"] or "POST",
        "save_response_body": hook["save_response_body"]})


def pending(store):
    """QueuedWebhook::getPendings(): tries left, and never answered or answered >= 400."""
    rows = store.query(
        'SELECT q.id FROM glpi_queuedwebhooks q JOIN glpi_webhooks w ON w.id = q.webhooks_id '
        'WHERE q.is_deleted = 0 AND q.sent_try <= w.sent_try AND (q.last_status_code IS NULL OR q.last_status_code >= 400) '
        'ORDER BY q.send_time, q.id LIMIT ?', (MAX_PER_RUN,))
    return [r[0] for r in rows]


def _request(method, url, headers, body, timeout):
    """One request as Guzzle sends it: its User-Agent, the given headers (empty ones dropped), the body
    as a plain string (so no Content-Type). (status or None on a connection error, body text)."""
    parts = urllib.parse.urlsplit(url)
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    target = (parts.path or "/") + ("?" + parts.query if parts.query else "")
    sent = {"User-Agent": "GuzzleHttp/7"}
    sent.update({k: str(v) for k, v in headers.items() if str(v) != ""})
    connection = kind(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request(method.upper(), target, body=(body or "").encode("utf-8") if body else None, headers=sent)
        answer = connection.getresponse()
        return answer.status, answer.read().decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):
        return None, ""
    finally:
        connection.close()


def _cra_ok(hook, url):
    token = sign(hook["secret"], "validate_cra_challenge")
    status, text = _request("GET", url + ("&" if "?" in url else "?") + "crc_token=" + token, {}, "", CRA_TIMEOUT)
    return status == 200 and text == sign(hook["secret"], token)


def send(store, queued_id):
    """QueuedWebhook::send(): one attempt; a failed CRA challenge returns before counting it."""
    queue_it = store.reg.get("QueuedWebhook")
    row = store.get(queue_it, queued_id)
    hook = store.get(store.reg.get("Webhook"), row["webhooks_id"])
    if hook["use_cra_challenge"] and not _cra_ok(hook, row["url"]):
        return {"id": queued_id, "status": None, "cra": "failed"}
    status = _request(row["http_method"] or "POST", row["url"], json.loads(row["headers"] or "{}"),
                      row["body"], TIMEOUT)[0]
    store.update(queue_it, queued_id, {"sent_try": row["sent_try"] + 1, "sent_time": values.now(),
                                       "last_status_code": status})
    return {"id": queued_id, "status": status}


def cron_queuedwebhook(store):
    """One run of the ``queuedwebhook`` task: every pending row once (at most 50)."""
    return [send(store, queued_id) for queued_id in pending(store)]
