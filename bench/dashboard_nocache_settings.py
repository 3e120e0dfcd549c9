"""bench/dashboard.py's second server: the app's settings with the dashboard's figure cache
off, so every request computes every figure (the cold path)."""

from thidua.settings import *  # noqa: F403

THIDUA_DASHBOARD_CACHE_SECONDS = 0
