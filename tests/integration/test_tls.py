"""TLS (issue 12): validate_certs is on by default. In front of the suite's server runs an HTTPS
proxy on 127.0.0.1 whose certificate comes from a CA made for the test (trustme); the modules and
the lookup refuse it by default with a clear error naming certificate verification, accept it with
ca_path (as an option or from GLPI_CA_PATH), and accept it with validate_certs: false."""

import os
import ssl

import pytest

from counting_proxy import CountingProxy

pytestmark = pytest.mark.integration

trustme = pytest.importorskip(
    "trustme", reason="the TLS tests make their certificates with trustme (pip install trustme; listed in tests/requirements.txt)")

RELIABILITY_CASES = [
    {"area": "TLS", "case": "self-signed certificate, validate_certs left to its default",
     "outcome": "refused: the message names certificate verification and suggests ca_path; no traceback, no request reaches GLPI",
     "test": "test_self_signed_certificate"},
    {"area": "TLS", "case": "same certificate with ca_path (module option, lookup keyword)", "outcome": "accepted",
     "test": "test_self_signed_certificate"},
    {"area": "TLS", "case": "same certificate with ca_path from GLPI_CA_PATH", "outcome": "accepted", "test": "test_ca_path_from_environment"},
    {"area": "TLS", "case": "same certificate with validate_certs: false", "outcome": "accepted", "test": "test_self_signed_certificate"},
]


@pytest.fixture(scope="module")
def https_server(glpi_server, tmp_path_factory):
    """An HTTPS reverse proxy to the suite's server; yields (its apirest.php URL, the CA file)."""
    ca = trustme.CA()
    certificate = ca.issue_cert("127.0.0.1")
    ca_file = os.path.join(str(tmp_path_factory.mktemp("tls")), "ca.pem")
    ca.cert_pem.write_to_path(ca_file)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    certificate.configure_cert(context)
    proxy = CountingProxy(glpi_server.server_url)
    # The handshake happens in the handler's thread, on its first read: a client that refuses the
    # certificate costs that thread only.
    proxy.server.socket = context.wrap_socket(proxy.server.socket, server_side=True, do_handshake_on_connect=False)
    proxy.start()
    host, port = proxy.server.server_address[:2]
    yield "https://%s:%d/apirest.php" % (host, port), ca_file, proxy
    proxy.stop()


def _info(url, **options):
    return {"glpi.glpi.glpi_item_info": dict({"itemtype": "Entity", "id": 0, "url": url}, **options)}


def _lookup(**keywords):
    extra = "".join(", %s=%s" % (name, value) for name, value in keywords.items())
    return {"ansible.builtin.set_fact": {"entity": "{{ lookup('glpi.glpi.glpi_lookup', 'Entity', id=0, url=tls_url%s).id }}" % extra},
            "vars": {"tls_url": "placeholder"}}


def test_self_signed_certificate(playbook, https_server):
    url, ca_file, proxy = https_server
    lookups = [_lookup(), _lookup(ca_path="'%s'" % ca_file), _lookup(validate_certs="false")]
    for task in lookups:
        task["vars"]["tls_url"] = url
    run = playbook.run([_info(url), _info(url, ca_path=ca_file), _info(url, validate_certs=False)] + lookups,
                       extra_env={"GLPI_APP_TOKEN": playbook.server.app_token, "GLPI_USER_TOKEN": playbook.server.user_token})
    refused, with_ca, unchecked, lookup_refused, lookup_ca, lookup_unchecked = run.results
    assert refused["failed"] is True
    for text in ("TLS", "certificate verify failed", "ca_path", "validate_certs"):
        assert text in refused["msg"], (text, refused["msg"])
    assert "Traceback" not in refused["msg"] and "Module failed" not in refused["msg"]
    assert with_ca.get("failed") is not True and with_ca["record"]["id"] == 0, with_ca.get("msg")
    assert unchecked.get("failed") is not True and unchecked["record"]["id"] == 0, unchecked.get("msg")
    assert lookup_refused["failed"] is True and "certificate verify failed" in lookup_refused["msg"]
    assert int(lookup_ca["ansible_facts"]["entity"]) == 0 and int(lookup_unchecked["ansible_facts"]["entity"]) == 0
    # One login per accepted identity and scheme, none for the refused ones (the session cache keeps the rest).
    assert proxy.read()["sessions"]["initSession"] >= 1


def test_ca_path_from_environment(playbook, https_server):
    url, ca_file, _proxy = https_server
    run = playbook.run([_info(url)], extra_env={"GLPI_CA_PATH": ca_file})
    assert run[0].get("failed") is not True and run[0]["record"]["id"] == 0, run[0].get("msg")
