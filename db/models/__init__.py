"""Typed SQLAlchemy 2 models, one module per part of the pipeline.

Every model module is imported here so that ``Base.metadata`` (used by the migrations) is
complete.
"""

from nongrata.db.models.base import Base
from nongrata.db.models.ingest import Article, ArticleFeed, Drop, Feed, Run

__all__ = ["Article", "ArticleFeed", "Base", "Drop", "Feed", "Run"]
