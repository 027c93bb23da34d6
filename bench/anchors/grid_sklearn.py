#!/usr/bin/python3
"""Per-fit grid for scikit-learn (anchor for the issue-2 benchmark table).

For (d, K) in {(1,2), (2,3), (10,4)} and each n: median wall and CPU seconds per fit over --reps fits, median iterations and
throughput in point-iterations per second (n * iterations / seconds) of KMeans(K, n_init=1) (Lloyd, k-means++)
and GaussianMixture(K, covariance_type='spherical') at its defaults. Data: K unit-variance spherical components,
equal weights; centres +-1 for (1,2), else 4 along coordinate axes. Single-threaded (run.sh sets
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1). Last line: 'RESULT ' + JSON list of rows.
"""
import argparse
import json
import time
import warnings

import numpy as np
from sklearn.cluster import KMeans
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture


def data(rng: np.random.Generator, n: int, d: int, K: int) -> np.ndarray:
    k = rng.integers(0, K, n)
    centres = np.zeros((K, d))
    if d == 1 and K == 2:
        centres[:, 0] = [-1.0, 1.0]
    else:
        for c in range(1, K):
            centres[c, (c - 1) % d] = 4.0
    return centres[k] + rng.standard_normal((n, d))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--n', type=float, nargs='+', default=[1e2, 1e3, 1e4, 1e5])
    ap.add_argument('--reps', type=int, default=5)
    args = ap.parse_args()
    warnings.simplefilter('ignore', ConvergenceWarning)
    rng = np.random.default_rng(7)
    rows = []
    for d, K in [(1, 2), (2, 3), (10, 4)]:
        for n in (int(v) for v in args.n):
            x = data(rng, n, d, K)
            for name, make in [
                ('kmeans', lambda r: KMeans(K, n_init=1, random_state=r)),
                ('gmm-spherical', lambda r: GaussianMixture(K, covariance_type='spherical', random_state=r)),
            ]:
                make(0).fit(x)  # warm-up
                times, cpus, iters = [], [], []
                for r in range(args.reps):
                    t0, c0 = time.perf_counter(), time.process_time()
                    m = make(r + 1).fit(x)
                    times.append(time.perf_counter() - t0)
                    cpus.append(time.process_time() - c0)
                    iters.append(m.n_iter_)
                sec = float(np.median(times))
                cpu = float(np.median(cpus))
                it = float(np.median(iters))
                row = dict(tool='sklearn', method=name, n=n, d=d, K=K, medianSeconds=sec, medianCpuSeconds=cpu,
                           iterations=it, pointIterPerSec=n * it / sec,
                           pointIterPerCpuSec=n * it / cpu if cpu > 0 else None)
                rows.append(row)
                print(f"{name:14} d={d:<2} K={K} n={n:>8}  {sec * 1e3:9.2f} ms/fit (cpu {cpu * 1e3:8.2f})  "
                      f"iters {it:5.1f}  {row['pointIterPerSec'] / 1e6:7.1f} M pt-it/s wall", flush=True)
    print('RESULT ' + json.dumps(rows))


if __name__ == '__main__':
    main()
