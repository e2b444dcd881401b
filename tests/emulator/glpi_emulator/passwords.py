"""Password hashing (GLPI uses PHP password_hash/bcrypt; the emulator uses stdlib PBKDF2)."""
import hashlib
import hmac
import os

_ITERATIONS = 20000


def hash_password(password):
    salt = os.urandom(8).hex()
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode(), _ITERATIONS)
    return "pbkdf2_sha256$%d$%s$%s" % (_ITERATIONS, salt, digest.hex())


def verify_password(password, stored):
    if not stored or not isinstance(password, str):
        return False
    try:
        _algorithm, iterations, salt, hexdigest = stored.split("$")
    except ValueError:
        return False
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode(), int(iterations))
    return hmac.compare_digest(digest.hex(), hexdigest)
