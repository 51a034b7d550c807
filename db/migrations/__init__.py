"""Alembic migrations of the nongrata schema."""
