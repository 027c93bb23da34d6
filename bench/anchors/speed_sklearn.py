#!/usr/bin/python3
"""A speed workload of experiments/speed/ written the way a scikit-learn user would write it (README "Speed").

Reads the workload's mixtures, sample sizes, replications and EM covariance model from the mixstudy config
itself (so the anchor and mixstudy cannot drift apart), and for every mixture, n and replication draws a fresh
sample with numpy and fits
  KMeans(n_clusters=K, n_init=1)                  (Lloyd, one k-means++ start: mixstudy's 'kmeans')
  GaussianMixture(K, covariance_type=...)         ('tied' for EM covariance 'equal' [one shared variance in 1-D],
                                                   'spherical' for 'unequal' [one sigma per component])
The separation of a fit is the mean of the K(K-1)/2 pairwise distances of its centres (|mu_2 - mu_1| for K = 2),
as mixstudy's 'separation' estimand.

  --variant default   GaussianMixture at its defaults (tol=1e-3, max_iter=100): stops after a few passes.
  --variant tight     GaussianMixture(tol=1e-8, max_iter=100000): converged.

Run single-threaded (OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1; bench/anchors/run.sh sets them).
Prints one line per (mixture, n) and a final line 'RESULT {json}' parsed by bench/anchors/run.ts:
{"tool", "variant", "reps", "wallSeconds", "cpuSeconds", "rows": [{"mixture", "n", "kmeansSeconds",
"gmmSeconds", "kmeansSeparation", "kmeansSeparationSE", "gmmSeparation", "gmmSeparationSE", "gmmIterations"}]}.
"""
import argparse
import itertools
import json
import time
import warnings

import numpy as np
from sklearn.cluster import KMeans
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture


def separation(centres: np.ndarray) -> float:
    K = centres.shape[0]
    return float(np.mean([np.linalg.norm(centres[i] - centres[j]) for i, j in itertools.combinations(range(K), 2)]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--config', required=True, help='an experiments/speed/*.json config')
    ap.add_argument('--variant', choices=['default', 'tight'], default='default')
    ap.add_argument('--reps', type=int, default=None, help="replications (default: the config's)")
    ap.add_argument('--seed', type=int, default=2024)
    args = ap.parse_args()
    warnings.simplefilter('ignore', ConvergenceWarning)
    with open(args.config, encoding='utf8') as f:
        config = json.load(f)
    reps = args.reps or config['replications']
    em = next(e for e in config['estimators'] if e['method'] == 'em')
    cov = em.get('options', {}).get('covariance', 'equal')
    cov_type = {'equal': 'tied', 'unequal': 'spherical'}[cov]
    gmm_options = {} if args.variant == 'default' else dict(tol=1e-8, max_iter=100000)

    rng = np.random.default_rng(args.seed)
    wall0, cpu0 = time.perf_counter(), time.process_time()
    rows = []
    for mix in config['mixtures']:
        w = np.array(mix['weights'], dtype=float)
        mu = np.array(mix['means'], dtype=float)
        K, d = mu.shape
        sig = np.array(mix['sigmas'], dtype=float) if 'sigmas' in mix else np.full(K, float(mix.get('sigma', 1.0)))
        for n in config['n']:
            t_km = t_gm = 0.0
            sep_km = np.empty(reps)
            sep_gm = np.empty(reps)
            iters = np.empty(reps)
            for r in range(reps):
                z = rng.choice(K, size=n, p=w)
                x = mu[z] + sig[z, None] * rng.standard_normal((n, d))
                t0 = time.perf_counter()
                km = KMeans(n_clusters=K, n_init=1, random_state=r).fit(x)
                t1 = time.perf_counter()
                gm = GaussianMixture(K, covariance_type=cov_type, random_state=r, **gmm_options).fit(x)
                t2 = time.perf_counter()
                t_km += t1 - t0
                t_gm += t2 - t1
                sep_km[r] = separation(km.cluster_centers_)
                sep_gm[r] = separation(gm.means_)
                iters[r] = gm.n_iter_
            row = dict(
                mixture=mix['id'],
                n=n,
                kmeansSeconds=t_km,
                gmmSeconds=t_gm,
                kmeansSeparation=float(sep_km.mean()),
                kmeansSeparationSE=float(sep_km.std(ddof=1) / np.sqrt(reps)),
                gmmSeparation=float(sep_gm.mean()),
                gmmSeparationSE=float(sep_gm.std(ddof=1) / np.sqrt(reps)),
                gmmIterations=float(iters.mean()),
            )
            rows.append(row)
            print(
                f"{mix['id']} n={n:>6}  kmeans {t_km:7.2f} s  sep {row['kmeansSeparation']:.4f}   "
                f"gmm[{cov_type}, {args.variant}] {t_gm:7.2f} s  sep {row['gmmSeparation']:.4f} "
                f"(±{row['gmmSeparationSE']:.4f})  iters {row['gmmIterations']:.1f}",
                flush=True,
            )
    wall = time.perf_counter() - wall0
    cpu = time.process_time() - cpu0
    print(f"total wall {wall:.2f} s, cpu {cpu:.2f} s", flush=True)
    print('RESULT ' + json.dumps(dict(tool='sklearn', variant=args.variant, reps=reps, wallSeconds=wall, cpuSeconds=cpu, rows=rows)))


if __name__ == '__main__':
    main()
