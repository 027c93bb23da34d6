# The canonical study written the way an R user would write it (the speed anchor, README "Speed").
#
# Workload: 0.5*N(-1,1) + 0.5*N(1,1); n in {100, 1000, 10000, 100000}; 200 replications each; every
# replication draws a fresh sample and fits stats::kmeans(x, 2) (defaults: Hartigan-Wong, nstart = 1) and
# mclust::Mclust(x, G = 2, modelNames = "E") (one shared variance = mixstudy's EM 'equal'; mclust's default
# EM tolerance). The separation of a fit is |mu_2 - mu_1|.
#
# Usage: Rscript bench/anchors/canonical_r.R [--reps R] [--n 100,1000,...] [--seed S]
# Prints one line per n and a final line 'RESULT {json}' parsed by bench/anchors/run.ts:
# {"variant", "wallSeconds", "cpuSeconds", "perN": [{"n", "kmeansSeconds", "gmmSeconds", "kmeansSeparation",
# "gmmSeparation", "gmmIterations"}]}.
suppressPackageStartupMessages(library(mclust))

args <- commandArgs(trailingOnly = TRUE)
opt <- function(name, default) {
  i <- match(paste0("--", name), args)
  if (is.na(i)) default else args[i + 1]
}
reps <- as.integer(opt("reps", "200"))
ns <- as.numeric(strsplit(opt("n", "100,1000,10000,1e5"), ",")[[1]])
set.seed(as.integer(opt("seed", "2024")))

cpu_now <- function() { t <- proc.time(); sum(t[c("user.self", "sys.self")], na.rm = TRUE) }
wall0 <- proc.time()[["elapsed"]]
cpu0 <- cpu_now()
rows <- character(0)
for (n in ns) {
  t_km <- 0; t_gm <- 0
  sep_km <- numeric(reps); sep_gm <- numeric(reps); iters <- numeric(reps)
  for (r in seq_len(reps)) {
    x <- ifelse(runif(n) < 0.5, -1, 1) + rnorm(n)
    t0 <- proc.time()[["elapsed"]]
    km <- kmeans(x, 2)
    t1 <- proc.time()[["elapsed"]]
    m <- Mclust(x, G = 2, modelNames = "E", verbose = FALSE)
    t2 <- proc.time()[["elapsed"]]
    t_km <- t_km + (t1 - t0); t_gm <- t_gm + (t2 - t1)
    sep_km[r] <- abs(diff(as.vector(km$centers)))
    sep_gm[r] <- abs(diff(as.vector(m$parameters$mean)))
    it <- attr(m, "info")$iterations
    iters[r] <- if (is.null(it)) NA else it
  }
  se <- function(v) sd(v) / sqrt(length(v))
  cat(sprintf("n=%6d  kmeans %7.2f s  sep %.4f   Mclust(E) %7.2f s  sep %.4f (±%.4f)  iters %.1f\n",
              as.integer(n), t_km, mean(sep_km), t_gm, mean(sep_gm), se(sep_gm), mean(iters)))
  rows <- c(rows, sprintf(paste0('{"n":%d,"kmeansSeconds":%.6f,"gmmSeconds":%.6f,"kmeansSeparation":%.10f,',
                                 '"kmeansSeparationSE":%.10f,"gmmSeparation":%.10f,"gmmSeparationSE":%.10f,',
                                 '"gmmIterations":%s}'),
                          as.integer(n), t_km, t_gm, mean(sep_km), se(sep_km), mean(sep_gm), se(sep_gm),
                          if (any(is.na(iters))) "null" else sprintf("%.3f", mean(iters))))
}
wall <- proc.time()[["elapsed"]] - wall0
cpu <- cpu_now() - cpu0
cat(sprintf("total wall %.2f s, cpu %.2f s\n", wall, cpu))
cat(sprintf('RESULT {"variant":"default","reps":%d,"wallSeconds":%.4f,"cpuSeconds":%.4f,"perN":[%s]}\n',
            reps, wall, cpu, paste(rows, collapse = ",")))
