# Independent scoring of the SCS in R, written from docs/scoring-keys.md alone
# (not from Mildkracht's data files). Run once: Rscript score_scs.R; the output is committed.
d <- read.csv("scs_answers.csv", na.strings = "")
item <- function(n) d[[paste0("scs_", n)]]
sub <- function(items) rowMeans(sapply(items, item))   # NA when any item is NA
sk <- sub(c(5, 12, 19, 23, 26)); sj <- sub(c(1, 8, 11, 16, 21))
ch <- sub(c(3, 7, 10, 15));      is <- sub(c(4, 13, 18, 25))
mi <- sub(c(9, 14, 17, 22));     oi <- sub(c(2, 6, 20, 24))
neg <- c(1, 8, 11, 16, 21, 4, 13, 18, 25, 2, 6, 20, 24)
keyed <- sapply(1:26, function(n) if (n %in% neg) 6 - item(n) else item(n))
total <- (sk + (6 - sj) + ch + (6 - is) + mi + (6 - oi)) / 6
band <- ifelse(is.na(total), NA, ifelse(total < 2.5, "low", ifelse(total < 3.5, "moderate", "high")))
out <- data.frame(id = d$id, scs_self_kindness = sk, scs_self_judgment = sj,
  scs_common_humanity = ch, scs_isolation = is, scs_mindfulness = mi,
  scs_over_identification = oi, scs_total = total,
  scs_total_item_mean = rowMeans(keyed), scs_total_sum = rowSums(keyed),
  scs_cs = (sk + ch + mi) / 3, scs_rus = ((6 - sj) + (6 - is) + (6 - oi)) / 3,
  scs_band = band)
write.csv(format(out, digits = 15), "scs_scored_by_r.csv", row.names = FALSE, na = "", quote = FALSE)
