"""django-crm-admin settings for the benchmark: its own settings, run as in production
(DEBUG off), with its SQLite file in the benchmark's work directory."""

import os

from webcrm.settings import *  # noqa: F401,F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES["default"]["NAME"] = os.environ.get("PEER_DB", str(BASE_DIR / "crm_db.sqlite3"))  # noqa: F405
