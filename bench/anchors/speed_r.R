# A speed workload of experiments/speed/ written the way an R user would write it (README "Speed").
#
# Reads the workload's mixtures, sample sizes, replications and EM covariance model from the mixstudy config
# itself, and for every mixture, n and replication draws a fresh sample and fits
#   stats::kmeans(x, K)                          (defaults: Hartigan-Wong, nstart = 1)
#   mclust::Mclust(x, G = K, modelNames = ...)   ("E"/"EII" for EM covariance 'equal', "V"/"VII" for 'unequal';
#                                                 mclust's default EM tolerance)
# The separation of a fit is the mean of the K(K-1)/2 pairwise distances of its centres.
#
# Usage: Rscript bench/anchors/speed_r.R --config experiments/speed/<workload>.json [--reps R] [--seed S]
# Prints one line per (mixture, n) and a final line 'RESULT {json}' parsed by bench/anchors/run.ts (the fields
# of speed_sklearn.py).
suppressPackageStartupMessages({ library(mclust); library(jsonlite) })

args <- commandArgs(trailingOnly = TRUE)
opt <- function(name, default) {
  i <- match(paste0("--", name), args)
  if (is.na(i)) default else args[i + 1]
}
config <- fromJSON(opt("config", NA), simplifyVector = FALSE)
reps <- as.integer(opt("reps", config$replications))
set.seed(as.integer(opt("seed", "2024")))
em <- Filter(function(e) e$method == "em", config$estimators)[[1]]
cov <- if (is.null(em$options$covariance)) "equal" else em$options$covariance

separation <- function(centres) {  # centres: K x d
  K <- nrow(centres)
  s <- c()
  for (i in 1:(K - 1)) for (j in (i + 1):K) s <- c(s, sqrt(sum((centres[i, ] - centres[j, ])^2)))
  mean(s)
}

cpu_now <- function() { t <- proc.time(); sum(t[c("user.self", "sys.self")], na.rm = TRUE) }
wall0 <- proc.time()[["elapsed"]]
cpu0 <- cpu_now()
rows <- character(0)
for (mix in config$mixtures) {
  w <- unlist(mix$weights)
  mu <- do.call(rbind, lapply(mix$means, unlist))
  K <- nrow(mu); d <- ncol(mu)
  sig <- if (!is.null(mix$sigmas)) unlist(mix$sigmas) else rep(if (is.null(mix$sigma)) 1 else mix$sigma, K)
  model <- if (d == 1) (if (cov == "equal") "E" else "V") else (if (cov == "equal") "EII" else "VII")
  for (n in unlist(config$n)) {
    t_km <- 0; t_gm <- 0
    sep_km <- numeric(reps); sep_gm <- numeric(reps); iters <- numeric(reps)
    for (r in seq_len(reps)) {
      z <- sample.int(K, n, replace = TRUE, prob = w)
      x <- mu[z, , drop = FALSE] + sig[z] * matrix(rnorm(n * d), n, d)
      t0 <- proc.time()[["elapsed"]]
      km <- kmeans(x, K)
      t1 <- proc.time()[["elapsed"]]
      m <- Mclust(x, G = K, modelNames = model, verbose = FALSE)
      t2 <- proc.time()[["elapsed"]]
      t_km <- t_km + (t1 - t0); t_gm <- t_gm + (t2 - t1)
      sep_km[r] <- separation(km$centers)
      sep_gm[r] <- if (is.null(m)) NA else separation(t(matrix(m$parameters$mean, nrow = d)))
      it <- if (is.null(m)) NULL else attr(m, "info")$iterations
      iters[r] <- if (is.null(it)) NA else it
    }
    se <- function(v) { v <- v[!is.na(v)]; sd(v) / sqrt(length(v)) }
    cat(sprintf("%s n=%6d  kmeans %7.2f s  sep %.4f   Mclust(%s) %7.2f s  sep %.4f (±%.4f)  iters %.1f\n",
                mix$id, as.integer(n), t_km, mean(sep_km), model, t_gm, mean(sep_gm, na.rm = TRUE), se(sep_gm),
                mean(iters)))
    rows <- c(rows, sprintf(paste0('{"mixture":"%s","n":%d,"kmeansSeconds":%.6f,"gmmSeconds":%.6f,',
                                   '"kmeansSeparation":%.10f,"kmeansSeparationSE":%.10f,"gmmSeparation":%.10f,',
                                   '"gmmSeparationSE":%.10f,"gmmIterations":%s}'),
                            mix$id, as.integer(n), t_km, t_gm, mean(sep_km), se(sep_km),
                            mean(sep_gm, na.rm = TRUE), se(sep_gm),
                            if (any(is.na(iters))) "null" else sprintf("%.3f", mean(iters))))
  }
}
wall <- proc.time()[["elapsed"]] - wall0
cpu <- cpu_now() - cpu0
cat(sprintf("total wall %.2f s, cpu %.2f s\n", wall, cpu))
cat(sprintf('RESULT {"tool":"r","variant":"default","reps":%d,"wallSeconds":%.4f,"cpuSeconds":%.4f,"rows":[%s]}\n',
            reps, wall, cpu, paste(rows, collapse = ",")))
