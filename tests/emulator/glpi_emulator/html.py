"""Non-JSON pages: API documentation root, status.php, login page, debug var_dump."""
import html as _html

STATUS_TEXT = ("GLPI_DB_OK\nGLPI_SESSION_DIR_OK\nNo LDAP server\nNo IMAP server\nNo CAS server\n"
               "No mail collector\nCrontasks_OK\n\nGLPI_OK\n")

API_DOC_MARKDOWN = ("# GLPI REST API\n\nEmulated GLPI 10.0.12 legacy REST API (apirest.php). "
                    "See GLPI's apirest.md for the full documentation.\n")

API_DOC_PAGE = ("<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
                "<title>API Documentation - GLPI</title></head><body><div id='page'>"
                "<div class='documentation'><h1 id=\"glpi-rest-api\">GLPI REST API</h1>"
                "<p>Emulated GLPI 10.0.12 legacy REST API (apirest.php).</p></div></div>"
                "</body></html>\n")

LOGIN_PAGE = ("<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
              "<title>GLPI - Authentication</title></head><body><form action=\"/front/login.php\" "
              "method=\"post\"><input type=\"text\" name=\"login_name\"><input type=\"password\" "
              "name=\"login_password\"><button type=\"submit\">Sign in</button></form></body></html>\n")

NOT_FOUND_PAGE = "<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>\n"


def fault_page(status):
    return ("<html><head><title>%d</title></head><body><center><h1>%d</h1></center>"
            "<hr><center>nginx</center></body></html>\n" % (status, status))


def var_dump(value, indent=0):
    """A PHP var_dump()-like rendering (debug=1 answers)."""
    pad = "  " * indent
    if value is None:
        return "NULL\n"
    if isinstance(value, bool):
        return "bool(%s)\n" % ("true" if value else "false")
    if isinstance(value, int):
        return "int(%d)\n" % value
    if isinstance(value, float):
        return "float(%r)\n" % value
    if isinstance(value, str):
        return 'string(%d) "%s"\n' % (len(value.encode("utf-8")), _html.escape(value))
    pairs = value.items() if isinstance(value, dict) else enumerate(value)
    out = ["array(%d) {\n" % len(value)]
    for k, v in pairs:
        key = '"%s"' % _html.escape(str(k)) if isinstance(k, str) and not k.isdigit() else k
        out.append("%s  [%s]=>\n%s  %s" % (pad, key, pad, var_dump(v, indent + 1)))
    out.append("%s}\n" % pad)
    return "".join(out)
