"""Web pages and REST API."""
