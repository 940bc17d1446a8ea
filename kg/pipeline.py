"""Extraction pipeline: one Article in, one ArticleRecord out (pure; no I/O, no RDF)."""

from __future__ import annotations

from kg.records import Article, ArticleRecord

EXTRACTOR_VERSION = "0.1.0"


def extract_article(article: Article) -> ArticleRecord:
    """Extract the dateline, officials, meetings, countries and topics of one article."""
    return ArticleRecord(article=article, dateline=None, officials=[], meetings=[], countries=[], topics=[])
