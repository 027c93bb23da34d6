#!/usr/bin/env bash
# `npm run bench:anchors`: the speed workloads of experiments/speed/ (canonical, multivariate, unequal-1d) in
# scikit-learn and R next to mixstudy. Self-contained: the configs, speed_sklearn.py, speed_r.R and this script.
#
# 1. Makes sure the anchors can run: python3-sklearn (Debian's, for /usr/bin/python3) and R with mclust
#    (r-cran-mclust). Missing ones are installed with apt-get when we are root (waiting for the apt lock if
#    another install is running); when that is impossible the anchor is skipped with a message saying why.
# 2. Runs bench/anchors/run.ts: every contender single-threaded (OMP/OpenBLAS threads = 1) except mixstudy's
#    default-workers run, interleaved, median of 3 repeats; prints the table and writes bench/anchors/last.json.
#
# Arguments are passed on to run.ts: --workloads a,b, --quick, --repeats N, --reps R, --grid, --grid-max-n N,
# --no-python, --no-r.
set -u
cd "$(dirname "$0")/../.."

PY=/usr/bin/python3
have_py() { [ -x "$PY" ] && "$PY" -c 'import sklearn, numpy' >/dev/null 2>&1; }
have_r() { command -v Rscript >/dev/null 2>&1 && Rscript -e 'suppressMessages({library(mclust); library(jsonlite)})' >/dev/null 2>&1; }

apt_install() {
  if [ "$(id -u)" != 0 ]; then
    echo "bench:anchors: not root, cannot apt-get install $*" >&2
    return 1
  fi
  command -v apt-get >/dev/null 2>&1 || { echo "bench:anchors: no apt-get on this machine" >&2; return 1; }
  for attempt in $(seq 1 30); do
    # DPkg::Lock::Timeout makes apt wait for a lock held by another install instead of failing at once.
    if DEBIAN_FRONTEND=noninteractive apt-get install -y -o DPkg::Lock::Timeout=60 "$@"; then return 0; fi
    if [ "$attempt" = 1 ]; then apt-get update -o DPkg::Lock::Timeout=60 || true; fi
    echo "bench:anchors: apt-get install failed (attempt $attempt); retrying in 20 s" >&2
    sleep 20
    if [ "$attempt" -ge 3 ] && ! fuser /var/lib/dpkg/lock-frontend >/dev/null 2>&1; then break; fi
  done
  return 1
}

extra=()
if ! have_py; then
  echo "bench:anchors: scikit-learn for $PY is missing; installing python3-sklearn …"
  apt_install python3-sklearn python3-numpy || true
  have_py || { echo "bench:anchors: SKIPPING the scikit-learn anchor (python3-sklearn not installable here)"; extra+=(--no-python); }
fi
if ! have_r; then
  echo "bench:anchors: R or mclust is missing; installing r-base-core r-cran-mclust …"
  apt_install r-base-core r-cran-mclust r-cran-jsonlite || true
  have_r || { echo "bench:anchors: SKIPPING the R anchor (r-cran-mclust not installable here)"; extra+=(--no-r); }
fi

# mixstudy as an installed user runs it: from the compiled dist/ (bin/mixstudy.js falls back to the TypeScript
# sources through tsx, 0.6 s slower per process and per worker thread, when dist/ is older than src/).
echo "bench:anchors: npm run build (so mixstudy runs compiled) …"
npm run --silent build >/dev/null 2>&1 || echo "bench:anchors: build failed; mixstudy will run from the sources through tsx (slower start-up)" >&2

export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
exec node --import tsx bench/anchors/run.ts --python "$PY" "${extra[@]}" "$@"
