# Per-fit grid for R (anchor for the issue-2 benchmark table).
#
# For (d, K) in {(1,2), (2,3), (10,4)} and each n: median wall and CPU seconds per fit over --reps fits, median iterations and
# point-iterations per second (n * iterations / seconds) of stats::kmeans(x, K, algorithm = "Lloyd",
# iter.max = 300) and of mclust's EM for the equal spherical model (me(), model "E" in 1-D, "EII" otherwise,
# started from the k-means partition — mclust's EM alone, without its hierarchical initialisation).
# Data: K unit-variance spherical components, equal weights; centres +-1 for (1,2), else 4 along axes.
# Usage: Rscript bench/anchors/grid_r.R [--n 100,1000,...] [--reps R]. Last line: 'RESULT ' + JSON rows.
suppressPackageStartupMessages(library(mclust))
args <- commandArgs(trailingOnly = TRUE)
opt <- function(name, default) {
  i <- match(paste0("--", name), args)
  if (is.na(i)) default else args[i + 1]
}
ns <- as.numeric(strsplit(opt("n", "100,1000,10000,1e5"), ",")[[1]])
reps <- as.integer(opt("reps", "5"))
set.seed(7)

make_data <- function(n, d, K) {
  k <- sample.int(K, n, replace = TRUE)
  centres <- matrix(0, K, d)
  if (d == 1 && K == 2) centres[, 1] <- c(-1, 1) else for (c in 2:K) centres[c, ((c - 2) %% d) + 1] <- 4
  centres[k, , drop = FALSE] + matrix(rnorm(n * d), n, d)
}

rows <- character(0)
emit <- function(method, n, d, K, times, cpus, iters) {
  sec <- median(times); cpu <- median(cpus); it <- median(iters)
  cat(sprintf("%-14s d=%-2d K=%d n=%8d  %9.2f ms/fit (cpu %8.2f)  iters %5.1f  %7.1f M pt-it/s wall\n",
              method, d, K, as.integer(n), sec * 1e3, cpu * 1e3, it, n * it / sec / 1e6))
  rows <<- c(rows, sprintf(paste0('{"tool":"R","method":"%s","n":%d,"d":%d,"K":%d,"medianSeconds":%.6g,',
                                  '"medianCpuSeconds":%.6g,"iterations":%.3f,"pointIterPerSec":%.6g,',
                                  '"pointIterPerCpuSec":%s}'),
                           method, as.integer(n), d, K, sec, cpu, it, n * it / sec,
                           if (cpu > 0) sprintf("%.6g", n * it / cpu) else "null"))
}
cpu_now <- function() { t <- proc.time(); sum(t[c("user.self", "sys.self")], na.rm = TRUE) }
timeit <- function(f) {
  t0 <- proc.time()[["elapsed"]]; c0 <- cpu_now(); v <- f()
  list(t = proc.time()[["elapsed"]] - t0, c = cpu_now() - c0, v = v)
}

for (shape in list(c(1, 2), c(2, 3), c(10, 4))) {
  d <- shape[1]; K <- shape[2]
  for (n in ns) {
    x <- make_data(n, d, K)
    # Lloyd k-means; proc.time has 1 ms resolution, so tiny fits are repeated inside one timing.
    inner <- max(1, ceiling(2e5 / (n * d)))
    times <- numeric(reps); cpus <- numeric(reps); iters <- numeric(reps)
    for (r in seq_len(reps)) {
      res <- timeit(function() { for (i in seq_len(inner)) km <- kmeans(x, K, algorithm = "Lloyd", iter.max = 300); km })
      times[r] <- res$t / inner; cpus[r] <- res$c / inner; iters[r] <- res$v$iter
    }
    emit("kmeans-lloyd", n, d, K, times, cpus, iters)
    model <- if (d == 1) "E" else "EII"
    z0 <- unmap(kmeans(x, K, algorithm = "Lloyd", iter.max = 300)$cluster)
    times <- numeric(reps); cpus <- numeric(reps); iters <- numeric(reps)
    for (r in seq_len(reps)) {
      res <- timeit(function() { for (i in seq_len(inner)) e <- me(x, modelName = model, z = z0); e })
      times[r] <- res$t / inner; cpus[r] <- res$c / inner; iters[r] <- attr(res$v, "info")[["iterations"]]
    }
    emit(paste0("me-", model), n, d, K, times, cpus, iters)
  }
}
cat(sprintf("RESULT [%s]\n", paste(rows, collapse = ",")))
