"""Running the analysis over many articles: read -> analyse (here, a process pool, or a Dask
cluster) -> hand the records to the ledger or to Parquet.

It sits beside the data flow, not inside it: the readers (``ingest``), the analysis
(``analysis``) and storage (``ledger``) know nothing of pools, threads or clusters.

- ``events``: what reading and analysing the inputs gives, in input order, and the summary;
- ``analyse``: the analysis of the inputs, in this process, a pool of worker processes or by a
  cluster's analyser;
- ``rows``: a record as one flat row (what a cluster worker sends back and Parquet keeps);
- ``ingest``: the inputs into the ledger, analysis overlapping the one writer.

The cluster's analyser (``corroborate.scale``) plugs into ``events`` and ``ingest``.
"""
from .events import Summary
from .ingest import ingest

__all__ = ["Summary", "ingest"]
