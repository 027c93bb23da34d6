#!/usr/bin/python3
"""The canonical study written the way a scikit-learn user would write it (the speed anchor, README "Speed").

Workload: 0.5*N(-1,1) + 0.5*N(1,1); n in {100, 1000, 10000, 100000}; 200 replications each; every replication
draws a fresh sample with numpy and fits KMeans(n_clusters=2, n_init=1) and GaussianMixture(2, 'tied') (one
shared variance = mixstudy's EM 'equal'). The separation of a fit is |mu_2 - mu_1|.

  --variant default   GaussianMixture at its defaults (tol=1e-3, max_iter=100): stops early; separation
                      about 2.066 at n=1e5 instead of tending to 2.
  --variant tight     GaussianMixture(tol=1e-8, max_iter=100000): converged, comparable to mixstudy's 1e-10
                      relative log-likelihood criterion (sklearn's tol is on the per-sample mean log-likelihood,
                      so 1e-8 absolute ~ 1e-8/1.7 relative).

Run single-threaded (the issue's measurement): OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 (run.sh sets them).
Prints one line per n and a final JSON line prefixed with 'RESULT ' that bench/anchors/run.ts parses:
{"variant", "wallSeconds", "cpuSeconds", "perN": [{"n", "kmeansSeconds", "gmmSeconds", "kmeansSeparation",
"gmmSeparation", "gmmIterations"}]}.
"""
import argparse
import json
import time
import warnings

import numpy as np
from sklearn.cluster import KMeans
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--variant', choices=['default', 'tight'], default='default')
    ap.add_argument('--reps', type=int, default=200)
    ap.add_argument('--n', type=int, nargs='+', default=[100, 1000, 10000, 100000])
    ap.add_argument('--seed', type=int, default=2024)
    args = ap.parse_args()
    warnings.simplefilter('ignore', ConvergenceWarning)

    gmm_options = {} if args.variant == 'default' else dict(tol=1e-8, max_iter=100000)
    rng = np.random.default_rng(args.seed)
    wall0, cpu0 = time.perf_counter(), time.process_time()
    per_n = []
    for n in args.n:
        t_km = t_gm = 0.0
        sep_km = np.empty(args.reps)
        sep_gm = np.empty(args.reps)
        iters = np.empty(args.reps)
        for r in range(args.reps):
            z = rng.random(n) < 0.5
            x = (np.where(z, -1.0, 1.0) + rng.standard_normal(n)).reshape(-1, 1)
            t0 = time.perf_counter()
            km = KMeans(n_clusters=2, n_init=1, random_state=r).fit(x)
            t1 = time.perf_counter()
            gm = GaussianMixture(2, covariance_type='tied', random_state=r, **gmm_options).fit(x)
            t2 = time.perf_counter()
            t_km += t1 - t0
            t_gm += t2 - t1
            sep_km[r] = abs(km.cluster_centers_[1, 0] - km.cluster_centers_[0, 0])
            sep_gm[r] = abs(gm.means_[1, 0] - gm.means_[0, 0])
            iters[r] = gm.n_iter_
        row = dict(
            n=n,
            kmeansSeconds=t_km,
            gmmSeconds=t_gm,
            kmeansSeparation=float(sep_km.mean()),
            kmeansSeparationSE=float(sep_km.std(ddof=1) / np.sqrt(args.reps)),
            gmmSeparation=float(sep_gm.mean()),
            gmmSeparationSE=float(sep_gm.std(ddof=1) / np.sqrt(args.reps)),
            gmmIterations=float(iters.mean()),
        )
        per_n.append(row)
        print(
            f"n={n:>6}  kmeans {t_km:7.2f} s  sep {row['kmeansSeparation']:.4f}   "
            f"gmm[{args.variant}] {t_gm:7.2f} s  sep {row['gmmSeparation']:.4f} "
            f"(±{row['gmmSeparationSE']:.4f})  iters {row['gmmIterations']:.1f}",
            flush=True,
        )
    wall = time.perf_counter() - wall0
    cpu = time.process_time() - cpu0
    print(f"total wall {wall:.2f} s, cpu {cpu:.2f} s", flush=True)
    print('RESULT ' + json.dumps(dict(variant=args.variant, reps=args.reps, wallSeconds=wall, cpuSeconds=cpu, perN=per_n)))


if __name__ == '__main__':
    main()
