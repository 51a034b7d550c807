"""The machine's PostgreSQL the tests use (``NONGRATA_TEST_PG``; skipped visibly when it is
unreachable)."""

from __future__ import annotations

import os

PG_ADMIN_URL = os.environ.get("NONGRATA_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
