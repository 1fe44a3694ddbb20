"""Search: the index of the published map (numpy postings and facet masks) and its queries.

numpy's OpenBLAS starts a thread per core when numpy is imported, and those threads spin for a
moment before they sleep: about 0.1 s of CPU in every process that imports the index (each
gunicorn worker, each command), for nothing, since the index makes no BLAS call (no matrix
product, no linear algebra). One thread is asked for unless the environment says otherwise,
before any module of this package imports numpy.
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
