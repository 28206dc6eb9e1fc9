"""Beyond one machine: analysis on a Dask cluster, records as Parquet, Parquet into the ledger.

The cluster only analyses; every database write happens in the driver process through the
ledger's store, one transaction per article and idempotent by content hash, so a shard that Dask
runs twice (a lost worker) cannot store anything twice. Modules: ``cluster`` (the Dask driver;
imports distributed), ``parquet`` (the record's Arrow schema), ``batch`` (analysis to Parquet),
``load`` (Parquet into the ledger).
"""
