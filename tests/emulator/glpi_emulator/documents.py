"""Document upload (multipart: ``uploadManifest`` + file parts) and download
(GET /Document/id with ``Accept: application/octet-stream`` or ``alt=media``), and
GET /User/id/Picture."""
import json

from werkzeug.wrappers import Response

from . import errors, rights, values


def parse_multipart(request, params, api_url):
    """APIRest::parseIncomingParams() for multipart/form-data."""
    files = list(request.files.values())
    if not files:
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
    uploads = []
    for f in files:
        uploads.append({"filename": f.filename or "file", "content": f.read(),
                        "mime": f.mimetype or "application/octet-stream"})
    return uploads


def wants_file(request, params):
    return params.get("alt") == "media" or \
        "application/octet-stream" in request.headers.get("Accept", "")


def send_document(ctx, item_id):
    it = ctx.reg.get("Document")
    row = ctx.store.get(it, item_id)
    if row is None:
        raise errors.not_found(ctx.api_url)
    if not rights.can_item(ctx.session, ctx.store, it, row, rights.READ):
        raise errors.right_missing(ctx.api_url)
    found = ctx.store.query("SELECT content FROM _emu_files WHERE documents_id=?", (item_id,))
    if not found:
        raise errors.error(ctx.api_url, "Error: file %s does not exist" %
                           values.decode_html(row.get("filename") or ""), 400, "ERROR", False)
    name = values.decode_html(row.get("filename") or "document")
    return Response(found[0][0], 200, content_type=row.get("mime") or "application/octet-stream",
                    headers={"Content-Disposition": 'attachment; filename="%s"' % name})


def user_picture(ctx, user_id):
    row = ctx.store.get(ctx.reg.get("User"), int(user_id))
    if row is None:
        raise errors.error(ctx.api_url, "Bad request: user with id '%s' not found" % user_id)
    return Response(b"", 204)
