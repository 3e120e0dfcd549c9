"""Uploaded and generated files go through Django's storage API, never a path on this host.

`private_storage` is `STORAGES["private"]` (settings.py): by default a folder, MEDIA_ROOT,
outside the web root (one host, or several hosts mounting one network folder there); with
THIDUA_S3_BUCKET set, an S3-compatible object store (django-storages) every web and worker
process of every host shares. No URL serves either: views hand a file out only after a
permission check (see `core.uploads.file_response`), reading it through the storage.
"""

from django.core.files.storage import storages
from django.utils.functional import LazyObject


class PrivateStorage(LazyObject):
    """`storages["private"]`, resolved when first used (after settings are loaded)."""

    def _setup(self):
        self._wrapped = storages["private"]

    def deconstruct(self):
        # Migrations recorded the file fields with a FileSystemStorage; which backend stores
        # the files is a setting of each deployment, not a change of the schema.
        return ("django.core.files.storage.FileSystemStorage", (), {})


private_storage = PrivateStorage()
