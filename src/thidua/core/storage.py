"""Uploaded files live under MEDIA_ROOT, outside the web root; no URL serves that folder.
Views hand a file out only after a permission check (see `core.uploads.file_response`)."""

from django.core.files.storage import FileSystemStorage

# location=None follows settings.MEDIA_ROOT, also when tests change it.
private_storage = FileSystemStorage()
