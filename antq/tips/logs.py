"""A logging filter that keeps the client of a tip request out of every log handler.

Django attaches the request to the records of `django.request` and `django.security.*` (a 404, a 429, a CSRF
failure, a server error). The message itself holds only the path, but a handler may read the request:
`AdminEmailHandler` mails its META — the client's address and browser — to the administrators. For the tip
paths the filter removes the request from the record, so no handler can print it.
"""

import logging

TIP_PATH_PREFIXES = ("/tips/", "/api/v1/tips/")


class ForgetTipClients(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        path = getattr(request, "path", "") or ""
        if path.startswith(TIP_PATH_PREFIXES):
            del record.request
        return True
