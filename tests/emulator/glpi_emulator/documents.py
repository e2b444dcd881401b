"""Documents as GLPI 10.0.12 handles them through the API.

- Upload (multipart: ``uploadManifest`` + file parts): APIRest::parseIncomingParams and
  manageUploadedFiles, GLPIUploadHandler::uploadFiles (the ``upload_result`` of each file field,
  "Filetype not allowed" for an extension no uploadable DocumentType has), Document::moveDocument
  (filename, ``EXT/sh/a1rest.EXT`` filepath, sha1sum, MIME type guessed from the bytes).
- Document::prepareInputForAdd / post_addItem: ``users_id`` of the uploader, a ``tag``, the name
  taken from the file, "Invalid link", a document created for an item (``itemtype`` +
  ``items_id``) named after it and linked to it.
- Download (Document::post_getFromDB): ``Accept: application/octet-stream`` exactly, or
  ``alt=media``, sends the file with Toolbox::sendFile's headers before any rights check; a
  document without a file (a link only) answers 200 with an empty body.
- GET /User/id/Picture.
"""
import hashlib
import json
import random
import re
import time
import urllib.parse
import uuid

from werkzeug.wrappers import Response

from . import errors, rights, values

ADDMYTICKET = 4
# getTypeName(1) / getTypeName(2) where it differs from the class name.
TYPE_NAMES = {"ITILFollowup": ("Followup", "Followups"), "NetworkEquipment": ("Network device", "Network devices"),
              "Peripheral": ("Device", "Devices"), "SoftwareLicense": ("License", "Licenses"),
              "ITILSolution": ("Solution", "Solutions"), "Entity": ("Entity", "Entities")}
TIMELINE_LEFT, TIMELINE_RIGHT = 1, 4

# install/empty_data.php: the uploadable extensions of a fresh install's glpi_documenttypes.
UPLOADABLE = set((
    "jpg png gif bmp psd tif aiff asf avi c rm mid mov mp3 mpg ogg qt bz2 ra ram doc djvu mng eps gz wav "
    "html swf pdf ppt ps wmv rtf sdd sdw sit ai sxi sxw dvi tgz txt rpm xls xml zip deb h pas sxc tex xcf "
    "jpeg odt ods odp otp ott ots odf odg otg odb oth odm odc odi docx xlsx pptx csv svg").split())
MAX_SIZE_MB = 2  # document_max_size of a fresh install (a PUT /Config changing it is not read back)
MAGIC = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"), (b"GIF8", "image/gif"),
         (b"%PDF-", "application/pdf"), (b"PK\x03\x04", "application/zip"), (b"BM", "image/bmp"),
         (b"\x1f\x8b", "application/gzip"), (b"BZh", "application/x-bzip2"))


def uniqid():
    """PHP uniqid('', true): 13 hex digits of the time, then '%.8F' of a random float."""
    now = time.time()
    return "%8x%05x%.8F" % (int(now), int((now - int(now)) * 1000000), random.random() * 10)


def php_size(size):
    """Toolbox::getSize()."""
    unit = "o"
    for unit in ("o", "Kio", "Mio", "Gio", "Tio"):
        if size > 1024:
            size = size / 1024.0
        else:
            break
    size = round(size, 2)
    return "%s %s" % (int(size) if float(size).is_integer() else size, unit)


def valid_extension(filename):
    """Document::isValidDoc(): the extension (upper case) when uploadable, else ''."""
    ext = filename.rsplit(".", 1)[-1]
    return ext.upper() if ext.lower() in UPLOADABLE else ""


def guess_mime(content):
    """Toolbox::getMime() (finfo) for the common cases."""
    for magic, mime in MAGIC:
        if content.startswith(magic) and (mime != "image/png" or content[12:16] == b"IHDR"):
            return mime
    if content.lstrip()[:5].lower() == b"<?xml":
        return "text/xml"
    if content.lstrip()[:5].lower() in (b"<!doc", b"<html"):
        return "text/html"
    if not content:
        return "application/x-empty"
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return "application/octet-stream"
    return "text/plain"


def _upload_entry(request, field, upload):
    """One file of GLPIUploadHandler::uploadFiles()' answer."""
    name = upload["tmpname"]
    entry = {"name": name, "size": len(upload["content"]), "type": upload["type"]}
    if upload["valid"]:
        base = "%s://%s" % (request.scheme, request.host.rsplit(":", 1)[0] if not request.host.endswith("]")
                            else request.host)
        entry.update({"url": "%s/files/%s" % (base, urllib.parse.quote(name)),
                      "deleteUrl": "%s/apirest.php?%s=%s" % (base, field[:-1], urllib.parse.quote(name)),
                      "deleteType": "DELETE"})
    else:
        entry["error"] = upload["error"]
    entry.update({"prefix": name[:23], "display": name[23:], "filesize": php_size(len(upload["content"])),
                  "id": "doc%s%d" % (field, random.randint(0, 2147483647))})
    return entry


def _upload_error(filename, content, max_mb):
    """UploadHandler::validate(): file type, then size (document_max_size MB, at least 1 byte)."""
    if not valid_extension(filename):
        return "Filetype not allowed"
    if max_mb and len(content) > max_mb * 1024 * 1024:
        return "File is too big"
    if not content:
        return "File is too small"
    return None


def parse_multipart(request, params, api_url):
    """APIRest::parseIncomingParams() + manageUploadedFiles() for multipart/form-data: the
    uploads (valid ones only) and ``params['upload_result']`` (one entry per file field)."""
    fields = {}
    for key, storage in request.files.items(multi=True):
        fields.setdefault(key.split("[", 1)[0], []).append(storage)
    if not fields or request.method != "POST":  # PHP fills $_FILES for POST only
        raise errors.error(api_url, "The file seems too big", 400,
                           "ERROR_UPLOAD_FILE_TOO_BIG_POST_MAX_SIZE", False)
    try:
        manifest = json.loads(request.form.get("uploadManifest", ""))
    except ValueError:
        manifest = None
    if not manifest or not isinstance(manifest, dict):
        raise errors.error(api_url, "JSON payload seems not valid", 400,
                           "ERROR_JSON_PAYLOAD_INVALID", False)
    params.update(manifest)
    if not isinstance(params.get("input"), dict):
        raise errors.EmptyAnswer()  # $parameters['input']->_filename on an array: PHP fatal error
    uploads, results = [], []
    max_mb = MAX_SIZE_MB
    for field, files in fields.items():
        prefix = uniqid()
        entries = []
        for storage in files:
            filename = storage.filename or ""
            content = storage.read()
            upload = {"filename": filename, "tmpname": prefix + filename, "content": content,
                      "type": storage.content_type or "", "error": _upload_error(filename, content, max_mb)}
            upload["valid"] = upload["error"] is None
            entries.append(_upload_entry(request, field, upload))
            if upload["valid"]:
                uploads.append(upload)
        results.append({field: entries})
    params["upload_result"] = results
    return uploads


def can_create(ctx, obj):
    """Document::canCreate(): the document CREATE right or the followup ADDMYTICKET one."""
    return rights.have_right(ctx.session, "document", rights.CREATE) or \
        rights.have_right(ctx.session, "followup", ADDMYTICKET)


def timeline_position(ctx, itemtype, items_id, users_id):
    """CommonITILObject::getTimelinePosition() for a Document_Item: left (1) unless the user is
    assigned to the ticket without being its requester (right, 4)."""
    roles = set()
    if itemtype == "Ticket":
        roles = {row["type"] for row in ctx.store.find(ctx.reg.get("Ticket_User"), "tickets_id = ? AND users_id = ?",
                                                       (items_id, users_id))}
    requester, assigned = 1 in roles, 2 in roles
    return TIMELINE_RIGHT if assigned and not requester else TIMELINE_LEFT


def new_tag():
    """Rule::getUuid()."""
    return "%s-%s-%s" % (uuid.uuid4().hex[:8], uuid.uuid4().hex[:8], uniqid())


def valid_web_url(url):
    """Toolbox::isValidWebUrl()."""
    quotes = "\u00ab\u00bb\u201c\u201d\u2018\u2019"
    pattern = r"^(?:https?://(?:[^\s`!(){};'\",<>%s+]+|[^\s`!()\[\]{};:'\".,<>?%s+]))$" % (quotes, quotes)
    return re.match(pattern, values.decode_html(url), re.I) is not None


def prepare_add(ctx, obj, row, refuse):
    """Document::prepareInputForAdd() (``refuse(message)`` raises the write refusal)."""
    row.pop("filename", None)  # never taken from the request
    row["users_id"] = ctx.session.user_id
    item_it = ctx.reg.get(obj.get("itemtype")) if isinstance(obj.get("itemtype"), str) else None
    from_item = item_it is not None and values.php_int(obj.get("items_id") or 0) > 0
    if from_item:
        item = ctx.store.get(item_it, values.php_int(obj.get("items_id")))
        typename, plural = TYPE_NAMES.get(item_it.name, (item_it.name, item_it.name + "s"))
        if item is None:
            label = "N/A"
        elif "name" not in item_it.col:  # getName() of a nameless item: its plural type name
            label = plural
        else:
            label = values.decode_html(item.get("name") or "")
        row["name"] = ctx.dialect.store_text("Document: %s - %s" % (typename, label))[:255]
    upload = ctx.uploads[0] if ctx.uploads else None
    if upload is not None:
        content = upload["content"]
        sha1 = hashlib.sha1(content).hexdigest()
        ext = valid_extension(upload["filename"])
        row.update({"filename": ctx.dialect.store_text(upload["filename"]), "mime": guess_mime(content),
                    "sha1sum": sha1, "filepath": "%s/%s/%s.%s" % (ext, sha1[:2], sha1[2:], ext)})
    if not row.get("tag"):
        row["tag"] = new_tag()
    if from_item and upload is None:
        refuse("")
    if not row.get("name") and row.get("filename"):
        row["name"] = row["filename"]
    if obj.get("_only_if_upload_succeed") and not row.get("filename"):
        refuse("")
    if row.get("link") and not valid_web_url(row["link"]):
        refuse("Invalid link")


def post_add(ctx, it, new_id, obj, add_child):
    """Document::post_addItem(): keep the file; link the document to the item it came with."""
    if ctx.uploads:
        ctx.store.query("INSERT OR REPLACE INTO _emu_files VALUES (?, ?)", (new_id, ctx.uploads[0]["content"]))
    items_id = values.php_int(obj.get("items_id") or 0)
    if obj.get("itemtype") and (items_id > 0 or (items_id == 0 and obj.get("itemtype") == "Entity")) \
            and "items_id" in obj:
        add_child(ctx, ctx.reg.get("Document_Item"),
                  {"documents_id": new_id, "itemtype": obj["itemtype"], "items_id": items_id,
                   "users_id": ctx.session.user_id, "entities_id": obj.get("entities_id", 0)})


def wants_file(request, params):
    """Document::post_getFromDB(): the Accept header must be exactly application/octet-stream."""
    return params.get("alt") == "media" or request.headers.get("Accept", "") == "application/octet-stream"


def send_document(ctx, item_id):
    """Document::send() -> Toolbox::sendFile(), before getItem's rights check (GLPI sends from
    getFromDB)."""
    it = ctx.reg.get("Document")
    row = ctx.store.get(it, item_id)
    if row is None:
        raise errors.not_found(ctx.api_url)
    found = ctx.store.query("SELECT content FROM _emu_files WHERE documents_id=?", (item_id,))
    content = found[0][0] if found and row.get("filepath") else b""
    name = values.decode_html(row.get("filename") or "")
    mime = row.get("mime") if row.get("filepath") else None
    attachment = "attachment; " if not mime or (not mime.startswith("image/") and mime != "application/pdf") \
        or mime == "image/svg+xml" else ""
    latin = name.encode("latin-1", "replace").decode("latin-1").replace("\\", "\\\\").replace('"', '\\"')
    headers = {"Etag": hashlib.md5(content).hexdigest(), "Cache-Control": "private",
               "Content-disposition": "%sfilename=\"%s\"; filename*=utf-8''%s" % (
                   attachment, latin, urllib.parse.quote(name, safe="")),
               "Last-Modified": _http_date(row.get("date_mod"))}
    response = Response(content, 200, headers=headers)
    if mime:
        response.headers["Content-Type"] = mime + (";charset=UTF-8" if mime.startswith("text/") else "")
    else:
        del response.headers["Content-Type"]
    return response


def _http_date(value):
    import datetime
    import email.utils
    try:
        moment = datetime.datetime.strptime(str(value)[:19], "%Y-%m-%d %H:%M:%S")
    except ValueError:
        moment = datetime.datetime.now()
    return email.utils.format_datetime(moment.astimezone(datetime.timezone.utc), usegmt=True)


def user_picture(ctx, user_id):
    row = ctx.store.get(ctx.reg.get("User"), int(user_id))
    if row is None:
        raise errors.error(ctx.api_url, "Bad request: user with id '%s' not found" % user_id)
    return Response(b"", 204)
