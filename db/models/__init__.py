"""Typed SQLAlchemy 2 models, one module per part of the pipeline.

Every model module is imported here so that ``Base.metadata`` (used by the migrations) is
complete.
"""

from nongrata.db.models.base import Base
from nongrata.db.models.events import (
    Alert,
    Delivery,
    Digest,
    Event,
    EventMatch,
    Mention,
    Subscription,
)
from nongrata.db.models.extraction import ArticleExtractionState
from nongrata.db.models.ingest import Article, ArticleFeed, Drop, Feed, Run
from nongrata.db.models.locks import Lock
from nongrata.db.models.markers import Marker
from nongrata.db.models.notices import Notice

__all__ = [
    "Alert",
    "Article",
    "ArticleExtractionState",
    "ArticleFeed",
    "Base",
    "Delivery",
    "Digest",
    "Drop",
    "Event",
    "EventMatch",
    "Feed",
    "Lock",
    "Marker",
    "Mention",
    "Notice",
    "Run",
    "Subscription",
]
