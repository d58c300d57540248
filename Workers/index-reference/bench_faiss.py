"""FAISS side of the index search benchmark (Benchmarks/Sources/IndexBenchmark is the Swift side).

    python bench_faiss.py DIR [--threads 1]

DIR holds base.npy (n × d, L2-normalised float32), queries.npy (q × d) and swift_top10.npy (the Swift
search's row indices, q × 10). Times IndexFlatIP search one query at a time and in batches of 100 with the
same queries, prints queries/s, and how many of the Swift top-10 lists equal FAISS's (ties aside).
Needs numpy and faiss-cpu (Workers/index-reference/requirements.txt).
"""
import argparse
import os
import time

import faiss
import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("dir")
ap.add_argument("--threads", type=int, default=1)
a = ap.parse_args()
faiss.omp_set_num_threads(a.threads)
base = np.load(os.path.join(a.dir, "base.npy"), mmap_mode="r")
queries = np.ascontiguousarray(np.load(os.path.join(a.dir, "queries.npy")))
swift = np.load(os.path.join(a.dir, "swift_top10.npy"))
index = faiss.IndexFlatIP(base.shape[1])
index.add(np.ascontiguousarray(base))
index.search(queries[:1], 10)
t0 = time.perf_counter()
for i in range(len(queries)):
    index.search(queries[i:i + 1], 10)
single = len(queries) / (time.perf_counter() - t0)
t0 = time.perf_counter()
for i in range(0, len(queries), 100):
    _, ids = index.search(queries[i:i + 100], 10)
batch = len(queries) / (time.perf_counter() - t0)
_, ids = index.search(queries, 10)
same = int(sum(set(ids[i]) == set(swift[i]) for i in range(len(queries))))
print(f"faiss {faiss.__version__} IndexFlatIP threads={a.threads}: batch 1 {single:8.1f} q/s, batch 100 {batch:8.1f} q/s; "
      f"top-10 equal to Swift's for {same}/{len(queries)} queries")
