import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()

# What the application loaded at start (modules, URL patterns, law data) lives as long as the process: kept out of
# the garbage collector's full passes, which would otherwise walk it again and again under load.
gc.freeze()
