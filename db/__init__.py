"""Storage: SQLAlchemy 2 models, engine and sessions, Alembic migrations."""

from nongrata.db.models import Article, ArticleFeed, Base, Drop, Feed, Run
from nongrata.db.session import Database, open_database, stage_db

__all__ = [
    "Article",
    "ArticleFeed",
    "Base",
    "Database",
    "Drop",
    "Feed",
    "Run",
    "open_database",
    "stage_db",
]
