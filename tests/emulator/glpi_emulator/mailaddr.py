"""GLPIMailer::validateAddress(): PHPMailer's "pcre8" pattern (RFC 5322 with folding white space
and comments, so "  a@b.c  " and "a@localhost" are valid, "a..b@c" and "é@b.c" are not).

PCRE's subpattern calls ((?1) ...) are expanded; comments nest one level deep only.
"""
import re

_FWS = r"(?:(?:(?:\x0D\x0A)?[\t ])+|(?:[\t ]*\x0D\x0A)?[\t ]+)?"
_CTEXT = r"[\x01-\x08\x0B\x0C\x0E-'*-\[\]-\x7F]|\\[\x00-\x7F]"
_INNER_COMMENT = r"\((?>%s(?>%s))*%s\)" % (_FWS, _CTEXT, _FWS)
_COMMENT = r"\((?>%s(?>%s|%s))*%s\)" % (_FWS, _CTEXT, _INNER_COMMENT, _FWS)
_CFWS = r"(?:(?>(?>(?>%s%s)+%s)|%s)?)" % (_FWS, _COMMENT, _FWS, _FWS)
_WORD = r"(?:[!#-'*+/-9=?^-~-]+|\"(?>%s(?>[\x01-\x08\x0B\x0C\x0E-!#-\[\]-\x7F]|\\[\x00-\x7F]))*%s\")" % (_FWS, _FWS)
_LABEL = r"(?:[a-z0-9](?>[a-z0-9-]*[a-z0-9])?)"
_HEX = r"[a-f0-9]{1,4}"
_HEX7 = r"(?:%s(?>:%s){0,6})" % (_HEX, _HEX)
_HEX5 = r"(?:%s(?>:%s){0,4})" % (_HEX, _HEX)
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
_IPV6 = r"(?>IPv6:(?>%s(?>:%s){7}|(?!(?:.*[a-f0-9][:\]]){8,})%s?::%s?))" % (_HEX, _HEX, _HEX7, _HEX7)
_IPV4 = r"(?>(?>IPv6:(?>%s(?>:%s){5}:|(?!(?:.*[a-f0-9]:){6,})%s?::(?>%s:)?))?%s(?>\.%s){3})" % (
    _HEX, _HEX, _HEX5, _HEX5, _OCTET, _OCTET)
_CHAR = r"(?>%s\"?(?>\\[ -~]|[^\"])\"?%s)" % (_CFWS, _CFWS)
_PATTERN = re.compile(
    r"^(?!%s{255,})(?!%s{65,}@)%s%s(?>%s\.%s%s)*%s@(?!%s[a-z0-9-]{64,})%s"
    r"(?>%s(?>%s\.(?!%s[a-z0-9-]{64,})%s%s){0,126}|\[(?:%s|%s)\])%s\Z" % (
        _CHAR, _CHAR, _CFWS, _WORD, _CFWS, _CFWS, _WORD, _CFWS, _CFWS, _CFWS,
        _LABEL, _CFWS, _CFWS, _CFWS, _LABEL, _IPV6, _IPV4, _CFWS),
    re.IGNORECASE | re.DOTALL)


def valid_address(value):
    """True when GLPI accepts ``value`` as an email address (also ``x@localhost``)."""
    if not isinstance(value, str) or not value:
        return False
    if _PATTERN.match(value):
        return True
    return value.endswith("@localhost") and bool(_PATTERN.match(value + ".me"))
