# Reference values for mildkracht.core.stats.group_change, computed with base R.
#
# R is only how change_reference.json was made: the Python tests read the stored JSON and
# the stored CSV files and never need R. To make the file again (needs only base R; on
# Debian: apt-get install r-base-core):
#
#     Rscript tests/core/stats/reference/make_change_reference.R
#
# It reads every change_*.csv next to this script (columns id, from, to, minutes; an empty
# minutes cell is unknown) and writes change_reference.json with, per data set:
# - t.test(to, from, paired = TRUE): t, df, p, the mean change and its 95 % interval;
# - the means and the change of the group mean in percent of the first mean;
# - Cohen's d_z = mean(d) / sd(d) and its 95 % interval by inverting the noncentral t:
#   the ncp with pt(t, df, ncp) = 0.975 and = 0.025 (uniroot, tol 1e-13), divided by sqrt(n);
# - cor.test(minutes, d, method = "spearman") over the people whose minutes are known (the
#   minutes have ties, so R gives no exact p-value; only rho is used) and the 95 % interval
#   tanh(atanh(rho) -/+ qnorm(0.975) * sqrt((1 + rho^2 / 2) / (n - 3))) of Bonett & Wright
#   (2000), which R's cor.test does not compute: here R checks the arithmetic;
# - reliable change counts (Jacobson & Truax 1991) with SD 3.68 / 6 and reliability 0.92,
#   the SCS total reference of mildkracht.core.progress_report.
# Numbers are written with 17 significant digits, which round-trips a double exactly.

script_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
out_dir <- if (length(script_arg)) dirname(normalizePath(sub("^--file=", "", script_arg))) else "."

num <- function(x) if (is.na(x)) "null" else sprintf("%.17g", x)
pair <- function(x) sprintf("[%s, %s]", num(x[1]), num(x[2]))
object <- function(fields) {
  paste0("{", paste(sprintf("\"%s\": %s", names(fields), unlist(fields)), collapse = ", "), "}")
}

REFERENCE_SD <- 3.68 / 6
REFERENCE_RELIABILITY <- 0.92

d_z_interval <- function(d) {
  n <- length(d)
  t <- mean(d) / sd(d) * sqrt(n)
  ncp_for <- function(p) {
    # A narrow start, widened only when needed: far out in the tails pt(ncp =) warns that
    # it cannot reach full precision (harmless there, but then every run would warn).
    uniroot(function(ncp) pt(t, n - 1, ncp) - p, c(t - 4, t + 4), extendInt = "downX",
            tol = 1e-13, maxiter = 1000)$root
  }
  c(ncp_for(0.975), ncp_for(0.025)) / sqrt(n)
}

spearman <- function(minutes, d) {
  known <- !is.na(minutes)
  n <- sum(known)
  rho <- unname(suppressWarnings(
    cor.test(minutes[known], d[known], method = "spearman", exact = FALSE)
  )$estimate)
  se <- sqrt((1 + rho^2 / 2) / (n - 3))
  list(rho = rho, ci = tanh(atanh(rho) + c(-1, 1) * qnorm(0.975) * se), n = n)
}

reliable_counts <- function(from, to) {
  rci <- (to - from) / (sqrt(2) * REFERENCE_SD * sqrt(1 - REFERENCE_RELIABILITY))
  c(improved = sum(rci > 1.96), unchanged = sum(abs(rci) <= 1.96), declined = sum(rci < -1.96))
}

describe <- function(path) {
  data <- read.csv(path, colClasses = c("character", "numeric", "numeric", "numeric"))
  d <- data$to - data$from
  test <- t.test(data$to, data$from, paired = TRUE)
  rank <- spearman(data$minutes, d)
  counts <- reliable_counts(data$from, data$to)
  object(list(
    n = length(d),
    mean_from = num(mean(data$from)),
    mean_to = num(mean(data$to)),
    mean_change = num(unname(test$estimate)),
    mean_change_ci = pair(test$conf.int),
    percent_change = num(100 * (mean(data$to) - mean(data$from)) / mean(data$from)),
    t = num(unname(test$statistic)),
    df = num(unname(test$parameter)),
    p = num(test$p.value),
    d_z = num(mean(d) / sd(d)),
    d_z_ci = pair(d_z_interval(d)),
    improved = counts[["improved"]],
    unchanged = counts[["unchanged"]],
    declined = counts[["declined"]],
    spearman_rho = num(rank$rho),
    spearman_ci = pair(rank$ci),
    spearman_n = rank$n
  ))
}

files <- sort(list.files(out_dir, pattern = "^change_.*\\.csv$", full.names = TRUE))
entries <- vapply(files, function(path) sprintf("  \"%s\": %s", basename(path), describe(path)), "")
json <- paste0(
  "{\n  \"r_version\": \"", R.version.string, "\",\n",
  paste(entries, collapse = ",\n"), "\n}\n"
)
writeLines(json, file.path(out_dir, "change_reference.json"), sep = "")
