"""Catalog stage: the reference data (makers, parts, distributors, country and HS lists).

``load_catalogs`` reads them from disk (I/O); ``CatalogIndex`` builds the lookups the
matcher uses (pure); ``check_catalog`` validates them.
"""

from bomtrace.catalog.index import CatalogIndex
from bomtrace.catalog.load import default_catalog_dir, load_catalogs
from bomtrace.catalog.records import Catalog
from bomtrace.catalog.schema import check_catalog

__all__ = [
    "Catalog",
    "CatalogIndex",
    "check_catalog",
    "default_catalog_dir",
    "load_catalogs",
]
