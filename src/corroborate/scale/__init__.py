"""Beyond one machine: analysis on a Dask cluster, records as Parquet, Parquet into the ledger.

Workers read the input themselves (``shards``: groups of files, line ranges of JSON lines
files, WARC files) and send back compact rows (``run.rows``); every database write happens in
the driver process through the ledger's store, idempotent by content hash, so a shard that Dask
runs twice (a lost worker) cannot store anything twice. Modules: ``shards`` (what a worker
reads), ``cluster`` (the Dask driver; imports distributed), ``parquet`` (the rows' Arrow
schema), ``batch`` (analysis to Parquet), ``load`` (Parquet into the ledger; PostgreSQL by COPY).
"""
