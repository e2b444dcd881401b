# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Documents through the API, in process, as GLPI 10.0.12 answered them (probed on a real server):
the upload answer, the uploader, refused file types, two uploads of the same bytes, link-only
documents and their download, links removed with the document."""
import io
import json
import re

HELLO_SHA1 = "22596363b3de40b06f981fb85d82312e8c0ed511"


def upload(api, filename, content, mime="text/plain", field="filename[0]", **fields):
    manifest = json.dumps({"input": dict({"_filename": [filename]}, **fields)})
    answer = api.client.post("/apirest.php/Document", headers=api.headers,
                             data={"uploadManifest": manifest, field: (io.BytesIO(content), filename, mime)})
    return answer.status_code, answer.get_json(silent=True)


def download(api, doc_id, **headers):
    return api.client.get("/apirest.php/Document/%d" % doc_id, headers=dict(api.headers, **headers))


def test_upload_answer_carries_upload_result(api):
    status, body = upload(api, "hello.txt", b"hello world\n", name="Doc one")
    assert status == 201
    assert (body["id"], body["message"]) == (1, "Item successfully added: Doc one")
    assert list(body["upload_result"]) == ["filename"]
    entry, = body["upload_result"]["filename"]
    assert list(entry) == ["name", "size", "type", "url", "deleteUrl", "deleteType", "prefix", "display",
                           "filesize", "id"]
    assert re.fullmatch(r"[0-9a-f]{14}\.[0-9]{8}hello\.txt", entry["name"])
    assert entry["prefix"] == entry["name"][:23] and entry["display"] == "hello.txt"
    assert (entry["size"], entry["type"], entry["filesize"], entry["deleteType"]) == (12, "text/plain", "12 o", "DELETE")
    assert entry["url"].endswith("/files/" + entry["name"])
    assert entry["deleteUrl"].endswith("/apirest.php?filenam=" + entry["name"])
    assert re.fullmatch(r"docfilename[0-9]+", entry["id"])


def test_uploaded_document_fields(api):
    doc_id = upload(api, "hello.txt", b"hello world\n", name="Doc one")[1]["id"]
    doc = api.get("Document/%d" % doc_id)
    assert (doc["filename"], doc["mime"], doc["sha1sum"]) == ("hello.txt", "text/plain", HELLO_SHA1)
    assert doc["filepath"] == "TXT/22/%s.TXT" % HELLO_SHA1[2:]
    assert doc["users_id"] == 2, "the uploader"
    assert (doc["tickets_id"], doc["is_blacklisted"], doc["link"]) == (0, 0, None)
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{14}\.[0-9]{8}", doc["tag"])
    assert [link["rel"] for link in doc["links"]] == ["Entity", "User", "Document_Item"]


def test_name_defaults_to_the_file_name(api):
    doc_id = upload(api, "report.csv", b"a;b\n1;2\n")[1]["id"]
    assert api.get("Document/%d" % doc_id)["name"] == "report.csv"


def test_php_file_is_refused_but_the_document_is_created(api):
    status, body = upload(api, "evil.php", b"<?php echo 1; ?>\n", "application/x-php", name="php doc")
    assert (status, body["message"]) == (201, "Item successfully added: php doc")
    entry, = body["upload_result"]["filename"]
    assert list(entry) == ["name", "size", "type", "error", "prefix", "display", "filesize", "id"]
    assert (entry["error"], entry["type"], entry["size"]) == ("Filetype not allowed", "application/x-php", 17)
    doc = api.get("Document/%d" % body["id"])
    assert (doc["filename"], doc["filepath"], doc["mime"], doc["sha1sum"]) == (None, None, None, None)


def test_same_bytes_twice_make_two_documents_on_one_file(api):
    one = upload(api, "hello.txt", b"hello world\n", name="one")[1]["id"]
    status, body = upload(api, "hello2.txt", b"hello world\n", name="two")
    assert status == 201 and body["id"] == one + 1
    first, second = api.get("Document/%d" % one), api.get("Document/%d" % body["id"])
    assert first["filepath"] == second["filepath"] and first["sha1sum"] == second["sha1sum"]
    assert second["filename"] == "hello2.txt"


def test_download_sends_the_file(api):
    doc_id = upload(api, "hello.txt", b"hello world\n")[1]["id"]
    answer = download(api, doc_id, Accept="application/octet-stream")
    assert answer.status_code == 200 and answer.data == b"hello world\n"
    assert answer.headers["Content-Type"] == "text/plain;charset=UTF-8"
    assert answer.headers["Content-Disposition"] == "attachment; filename=\"hello.txt\"; filename*=utf-8''hello.txt"
    assert answer.headers["Etag"] == "6f5902ac237024bdd0c176cb93063dc4" and answer.headers["Cache-Control"] == "private"
    other = download(api, doc_id, Accept="application/octet-stream, */*")
    assert other.get_json()["filename"] == "hello.txt", "only the exact Accept value downloads"


def test_link_only_document_downloads_empty(api):
    status, body = api.call("POST", "Document", {"input": {"name": "link only", "link": "https://example.com/x.pdf"}})
    assert (status, body["message"]) == (201, "Item successfully added: link only")
    assert "upload_result" not in body
    doc = api.get("Document/%d" % body["id"])
    assert (doc["link"], doc["users_id"], doc["filename"]) == ("https://example.com/x.pdf", 2, None)
    for answer in (download(api, body["id"], Accept="application/octet-stream"),
                   api.client.get("/apirest.php/Document/%d?alt=media" % body["id"], headers=api.headers)):
        assert answer.status_code == 200 and answer.data == b""
        assert "Content-Type" not in answer.headers
        assert answer.headers["Content-Disposition"] == "attachment; filename=\"\"; filename*=utf-8''"
        assert answer.headers["Etag"] == "d41d8cd98f00b204e9800998ecf8427e"


def test_invalid_link_is_refused(api):
    status, body = api.call("POST", "Document", {"input": {"name": "bad", "link": "not a url"}})
    assert (status, body) == (400, ["ERROR_GLPI_ADD", "Invalid link"])
    doc = api.add("Document", name="lnk", link="https://a.example/x")
    assert api.call("PUT", "Document/%d" % doc, {"input": {"link": "not a url"}}) == (400, ["ERROR_GLPI_UPDATE", "Invalid link"])
    assert api.get("Document/%d" % doc)["link"] == "https://a.example/x"


def test_document_item_and_purge(api):
    doc_id = upload(api, "hello.txt", b"hello world\n", name="Doc one")[1]["id"]
    computer = api.add("Computer", name="pc-doc")
    status, body = api.call("POST", "Document_Item", {"input": {"documents_id": doc_id, "itemtype": "Computer",
                                                                "items_id": computer}})
    assert (status, body["message"]) == (201, "Item successfully added: Document item - ID %d" % body["id"])
    link = api.get("Document_Item/%d" % body["id"])
    assert link["users_id"] == 2 and link["timeline_position"] == 0
    assert api.call("DELETE", "Document/%d" % doc_id)[0] == 200
    assert api.call("GET", "Document_Item/%d" % body["id"])[0] == 200, "trash keeps the links"
    assert api.call("DELETE", "Document/%d" % doc_id, force_purge=1)[0] == 200
    assert api.call("GET", "Document_Item/%d" % body["id"])[0] == 404, "purge removes them"


def test_upload_rules_around_the_request(api, login):
    status, body = upload(api, "a.txt", b"AAA", field="file", name="plain field")
    assert status == 201 and list(body["upload_result"]) == ["file"]
    assert body["upload_result"]["file"][0]["deleteUrl"].endswith("?fil=" + body["upload_result"]["file"][0]["name"])
    manifest = json.dumps({"input": [{"name": "bulk1"}, {"name": "bulk2"}]})
    answer = api.client.post("/apirest.php/Document", headers=api.headers,
                             data={"uploadManifest": manifest, "filename[0]": (io.BytesIO(b"zz"), "z.txt", "text/plain")})
    assert (answer.status_code, answer.data) == (200, b""), "a list as input is a PHP fatal error"
    answer = api.client.put("/apirest.php/Document/%d" % body["id"], headers=api.headers,
                            data={"uploadManifest": json.dumps({"input": {"name": "x"}}),
                                  "filename[0]": (io.BytesIO(b"u"), "u.txt", "text/plain")})
    assert (answer.status_code, answer.get_json()) == (
        400, ["ERROR_UPLOAD_FILE_TOO_BIG_POST_MAX_SIZE", "The file seems too big"]), "PHP reads files of a POST only"
    status, body = upload(login("normal"), "o.txt", b"obs", name="by observer")
    assert (status, body["message"]) == (201, "Item successfully added: by observer"), "followup ADDMYTICKET suffices"


def test_document_for_an_item_is_named_and_linked(api):
    computer = api.add("Computer", name="pc-doc2")
    status, body = upload(api, "a.txt", b"AAA", name="ignored", itemtype="Computer", items_id=computer)
    assert (status, body["message"]) == (201, "Item successfully added: Document: Computer - pc-doc2")
    link, = api.get("Computer/%d/Document_Item" % computer)
    assert (link["documents_id"], link["users_id"], link["timeline_position"]) == (body["id"], 2, 0)
    ticket = api.add("Ticket", name="tk-doc", content="x")
    status, body = upload(api, "t.txt", b"tick", name="ticket doc", itemtype="Ticket", items_id=ticket)
    assert status == 201
    link, = api.get("Ticket/%d/Document_Item" % ticket)
    assert link["timeline_position"] == 1, "left: the uploader is the requester"
    status, body = api.call("POST", "Document", {"input": {"name": "no file", "itemtype": "Computer", "items_id": computer}})
    assert (status, body) == (400, ["ERROR_GLPI_ADD", ""]), "a document for an item needs its file"


def test_file_names_sizes_and_types(api):
    cases = (("My Report \u00e9.TXT", b"hello", None, "text/plain", "5 o"), ("noext", b"hello", "Filetype not allowed", None, "5 o"),
             ("big.csv", b"a;b\n" * 700, None, "text/plain", "2.73 Kio"), ("data.json", b"{}", "Filetype not allowed", None, "2 o"),
             ("x.PHP", b"<?php", "Filetype not allowed", None, "5 o"), ("empty.txt", b"", "File is too small", None, "0 o"))
    for filename, content, error, mime, size in cases:
        status, body = upload(api, filename, content, name="n-" + filename)
        entry = body["upload_result"]["filename"][0]
        assert (status, entry["display"], entry.get("error"), entry["filesize"]) == (201, filename, error, size)
        doc = api.get("Document/%d" % body["id"])
        assert (doc["filename"], doc["mime"]) == ((None, None) if error else (filename, mime))
    status, body = upload(api, "pic.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image/jpeg")
    assert api.get("Document/%d" % body["id"])["filepath"].startswith("JPG/")


def test_ticket_documents_include_the_followups_ones(api):
    ticket = api.add("Ticket", name="tk-docs", content="x")
    followup = api.add("ITILFollowup", itemtype="Ticket", items_id=ticket, content="fup")
    upload(api, "on-ticket.txt", b"t", itemtype="Ticket", items_id=ticket)
    upload(api, "on-fup.txt", b"f", itemtype="ITILFollowup", items_id=followup)
    documents = api.get("Ticket/%d" % ticket, with_documents=1)["_documents"]
    assert [(doc["name"], doc["filename"]) for doc in documents] == [
        ("Document: Followup - Followups", "on-fup.txt"), ("Document: Ticket - tk-docs", "on-ticket.txt")]
    link, = api.get("ITILFollowup/%d/Document_Item" % followup)
    assert link["timeline_position"] == 0


def test_get_multiple_items_sends_a_document_when_asked_for_files(api):
    computer = api.add("Computer", name="pc")
    doc_id = upload(api, "hello.txt", b"hello world\n")[1]["id"]
    query = {"items[0][itemtype]": "Computer", "items[0][items_id]": computer, "items[1][itemtype]": "Document",
             "items[1][items_id]": doc_id}
    answer = api.client.get("/apirest.php/getMultipleItems", query_string=query,
                            headers=dict(api.headers, Accept="application/octet-stream"))
    assert (answer.status_code, answer.data) == (200, b"hello world\n"), "Document::post_getFromDB sends and exits"
