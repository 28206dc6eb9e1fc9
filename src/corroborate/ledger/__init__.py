"""The ledger: a corpus in a database, entities joined across articles, figures grouped where sources disagree."""
from .db import database_url
from .store import Ledger

__all__ = ["Ledger", "database_url"]
