"""Grading a class on a Dask cluster (``grade --cluster``): see docs/cluster.md.

``connect`` reaches the cluster (TLS with certificates, or ``local:N``), ``task`` is what a worker
receives and does, ``result`` checks what comes back, ``digest`` says which course a machine runs,
and ``executor`` is the class grader's executor on the cluster. Dask is imported only here.
"""
