"""Receipt codes: the only key a sender holds to their tip.

A code is 160 random bits (`secrets`), written as 32 letters and digits of the RFC 4648 base-32 alphabet in
groups of four, so it can be copied by hand. Only its SHA-256 is stored: a leaked database gives no code, and
with 160 bits a plain hash needs no salt or slow hashing (nobody can enumerate the space).
"""

import base64
import hashlib
import re
import secrets

CODE_BYTES = 20
GROUP = 4
_NOT_CODE = re.compile(r"[^A-Z2-7]")


def new_code() -> str:
    raw = base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode("ascii")
    return "-".join(raw[i:i + GROUP] for i in range(0, len(raw), GROUP))


def normalise(code: str) -> str:
    """Upper case, without spaces and dashes; 0/1/8 typed for O/I/B are mapped to the letters."""
    code = (code or "").upper().translate(str.maketrans({"0": "O", "1": "I", "8": "B"}))
    return _NOT_CODE.sub("", code)


def code_hash(code: str) -> str:
    return hashlib.sha256(normalise(code).encode("ascii")).hexdigest()


def looks_like_code(code: str) -> bool:
    return len(normalise(code)) == CODE_BYTES * 8 // 5
