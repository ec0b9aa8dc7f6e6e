# Reference values for mildkracht.core.stats.reliability, computed with R's psych package.
#
# Run from anywhere (needs R with psych, GPArotation and jsonlite; on Debian:
# apt-get install r-cran-psych r-cran-jsonlite):
#
#     Rscript tests/core/stats/reference/make_reference.R
#
# It simulates the data sets with a fixed seed, writes them as CSV next to this script,
# reads the CSV files back (so R and Python compute from the very same numbers) and writes
# psych's results to psych_reference.json. The Python tests read only the stored files;
# they never need R.
#
# Choices, matching what the Python code does:
# - Listwise deletion: mildkracht drops every row with a missing answer, so psych is run on
#   na.omit(x). psych's alpha() would otherwise use pairwise covariances; those values are
#   stored too, under "pairwise_for_information", only to show the difference.
# - Reversal is done before the analysis (6 - x for the SCS negative items, as in docs/scoring-keys.md);
#   alpha() is called with check.keys = FALSE so psych never re-keys items itself.
# - omega(x, nfactors = 1): psych's default flip = TRUE reflects items whose general-factor
#   loading is negative, so its omega.tot describes a re-keyed score. mildkracht describes
#   the score as given (like alpha), which is psych's flip = FALSE. Both are stored;
#   they are equal whenever no loading is negative.
# - Numbers are written with 17 significant digits ("%.17g"), which round-trips a double
#   exactly; jsonlite's digits = NA would keep only 15.

suppressPackageStartupMessages({
  library(psych)
  library(jsonlite)
})

script_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
out_dir <- if (length(script_arg)) dirname(normalizePath(sub("^--file=", "", script_arg))) else "."

# ---- JSON helpers: full precision numbers -----------------------------------------------------
num_text <- function(x) {
  s <- sprintf("%.17g", as.numeric(x))
  s[is.na(x)] <- "null"
  s
}
num <- function(x) structure(num_text(x), class = "json")  # a scalar
nums <- function(x) structure(paste0("[", paste(num_text(x), collapse = ","), "]"), class = "json")

# ---- Data simulation -------------------------------------------------------------------------
set.seed(20250917)

likert <- function(z, cuts) findInterval(z, cuts) + 1L

simulate_factor_data <- function(n, loadings, factor_of_item, phi) {
  n_factors <- ncol(phi)
  scores <- matrix(rnorm(n * n_factors), n) %*% chol(phi)
  common <- scores[, factor_of_item, drop = FALSE] %*% diag(loadings)
  noise <- matrix(rnorm(n * length(loadings)), n) %*% diag(sqrt(1 - loadings^2))
  common + noise
}

# (a) SCS-like: 26 items, 1-5, six correlated components as in Neff (2003).
scs_subscales <- list(
  self_kindness = c(5, 12, 19, 23, 26),
  self_judgment = c(1, 8, 11, 16, 21),
  common_humanity = c(3, 7, 10, 15),
  isolation = c(4, 13, 18, 25),
  mindfulness = c(9, 14, 17, 22),
  over_identification = c(2, 6, 20, 24)
)
scs_negative <- c(1, 8, 11, 16, 21, 4, 13, 18, 25, 2, 6, 20, 24)
positive_components <- c(1, 3, 5)
phi <- matrix(0, 6, 6)
for (i in 1:6) for (j in 1:6) {
  same_side <- (i %in% positive_components) == (j %in% positive_components)
  phi[i, j] <- if (i == j) 1 else if (same_side) 0.55 else -0.45
}
factor_of_item <- integer(26)
for (s in seq_along(scs_subscales)) factor_of_item[scs_subscales[[s]]] <- s
scs_z <- simulate_factor_data(240, runif(26, 0.55, 0.8), factor_of_item, phi)
scs <- sapply(1:26, function(i) likert(scs_z[, i], c(-1.3, -0.45, 0.35, 1.2) + rnorm(1, 0, 0.25)))
colnames(scs) <- paste0("scs", 1:26)

# (b) Five items, 1-7: three good ones, a weak one and one that runs against the others.
small_z <- simulate_factor_data(80, c(0.75, 0.7, 0.65, 0.1, -0.35), rep(1L, 5), matrix(1))
small <- sapply(1:5, function(i) likert(small_z[, i], qnorm((1:6) / 7)))
colnames(small) <- paste0("q", 1:5)

# (c) Ten items, 1-5, with about 4 % of the answers missing.
missing_z <- simulate_factor_data(150, runif(10, 0.5, 0.75), rep(1L, 10), matrix(1))
with_missing <- sapply(1:10, function(i) likert(missing_z[, i], c(-1.2, -0.4, 0.4, 1.2)))
with_missing[matrix(runif(length(with_missing)) < 0.04, nrow(with_missing))] <- NA
colnames(with_missing) <- paste0("m", 1:10)

# (d) Five continuous items: h1 is (almost exactly) the sum of two correlated clusters, h2-h3
#     and h4-h5. A one-factor minres solution then wants h1's loading above 1 (a Heywood
#     case): psych holds h1's uniqueness at its lower bound, 0.005.
cluster_a <- rnorm(100)
cluster_b <- 0.3 * cluster_a + sqrt(1 - 0.3^2) * rnorm(100)
heywood <- cbind(
  (cluster_a + cluster_b) / sqrt(2.6) + 0.05 * rnorm(100),
  0.7 * cluster_a + 0.71 * rnorm(100),
  0.7 * cluster_a + 0.71 * rnorm(100),
  0.7 * cluster_b + 0.71 * rnorm(100),
  0.7 * cluster_b + 0.71 * rnorm(100)
)
heywood <- round(heywood, 4)
colnames(heywood) <- paste0("h", 1:5)

write_data <- function(x, name) {
  path <- file.path(out_dir, name)
  write.csv(x, path, row.names = FALSE, na = "NA")
  as.matrix(read.csv(path))
}
scs <- write_data(scs, "scs_like.csv")
small <- write_data(small, "five_items.csv")
with_missing <- write_data(with_missing, "with_missing.csv")
heywood <- write_data(heywood, "heywood.csv")

# ---- psych results ---------------------------------------------------------------------------
quiet <- function(expr) suppressWarnings(suppressMessages(expr))

alpha_results <- function(x) {
  a <- quiet(psych::alpha(x, check.keys = FALSE, warnings = FALSE))
  list(
    raw_alpha = num(a$total$raw_alpha),
    std_alpha = num(a$total$std.alpha),
    average_r = num(a$total$average_r),
    alpha_drop_raw_alpha = nums(a$alpha.drop$raw_alpha),
    alpha_drop_std_alpha = nums(a$alpha.drop$std.alpha),
    r_drop = nums(a$item.stats$r.drop)
  )
}

omega_results <- function(x) {
  as_given <- quiet(omega(x, nfactors = 1, flip = FALSE, plot = FALSE))
  psych_default <- quiet(omega(x, nfactors = 1, plot = FALSE))
  list(
    omega_total = num(as_given$omega.tot),
    communalities = nums(as_given$schmid$sl[, "h2"]),
    omega_total_psych_default_flip = num(psych_default$omega.tot),
    omega_total_tight = num(tight_omega_total(x, as_given$schmid$sl[, "h2"]))
  )
}

# psych stops its optimiser (L-BFGS-B, default factr = 1e7) at about 1e-8 relative change in
# the fit, so its omega.tot carries an error of up to about 1e-7. As an independent check,
# this minimises the same least-squares fit of the off-diagonal correlations directly over
# the loadings (Harman's minres), with an exact gradient, to a much tighter tolerance.
# Undefined (null) in a Heywood case, where psych's bound on the uniquenesses is active.
tight_omega_total <- function(x, psych_communalities) {
  if (any(psych_communalities >= 0.995)) return(NA)
  r <- cor(x)
  off <- function(m) m[lower.tri(m)]
  fit <- function(l) sum(off(r - tcrossprod(l))^2)
  gradient <- function(l) {
    residual <- r - tcrossprod(l)
    diag(residual) <- 0
    -4 * drop(residual %*% l) / 2
  }
  best <- optim(sqrt(psych_communalities), fit, gradient, method = "BFGS",
                control = list(reltol = 1e-15, maxit = 10000))
  best <- optim(best$par, fit, gradient, method = "BFGS",
                control = list(reltol = 0, abstol = 0, maxit = 10000))
  (sum(r) - sum(1 - best$par^2)) / sum(r)
}

reference_case <- function(x, csv, items, reverse = character(0), omega = TRUE) {
  x <- x[, items, drop = FALSE]
  x[, reverse] <- 6 - x[, reverse]
  complete <- na.omit(x)
  result <- c(
    list(
      csv = csv,
      items = items,
      reverse_6_minus = reverse,
      n_rows = nrow(x),
      n_complete = nrow(complete)
    ),
    alpha_results(complete)
  )
  if (omega) result <- c(result, omega_results(complete))
  if (nrow(complete) < nrow(x)) {
    pairwise <- quiet(psych::alpha(x, check.keys = FALSE, warnings = FALSE))
    result$pairwise_for_information <- list(
      raw_alpha = num(pairwise$total$raw_alpha),
      std_alpha = num(pairwise$total$std.alpha)
    )
  }
  result
}

scs_names <- colnames(scs)
cases <- list(
  scs_total_reversed = reference_case(
    scs, "scs_like.csv", scs_names, reverse = paste0("scs", scs_negative)
  ),
  scs_unreversed = reference_case(scs, "scs_like.csv", scs_names),
  five_items = reference_case(small, "five_items.csv", colnames(small)),
  with_missing = reference_case(with_missing, "with_missing.csv", colnames(with_missing)),
  heywood = reference_case(heywood, "heywood.csv", colnames(heywood))
)
# Subscale alphas on the raw answers: reversing every item of a subscale leaves its
# covariances, and so its alpha, unchanged. Omega is stored too (four or five items).
for (subscale in names(scs_subscales)) {
  cases[[paste0("scs_", subscale)]] <- reference_case(
    scs, "scs_like.csv", paste0("scs", scs_subscales[[subscale]])
  )
}

reference <- list(
  generated_by = "tests/core/stats/reference/make_reference.R",
  r_version = R.version.string,
  psych_version = as.character(packageVersion("psych")),
  seed = 20250917L,
  cases = cases
)
writeLines(
  toJSON(reference, auto_unbox = TRUE, json_verbatim = TRUE, pretty = TRUE),
  file.path(out_dir, "psych_reference.json")
)
cat("wrote", file.path(out_dir, "psych_reference.json"), "\n")
