#!/usr/bin/env python3
"""Independent reference values for Linkwork's cohort statistics (src/domain/cohort-stats.ts).

Written from the textbook formulas with the Python 3 standard library only (no SciPy/R here, and
nothing shared with the @stdlib code under test):

- paired t: mean and sample SD of the differences (statistics module), t = mean / (sd / sqrt(n)),
  df = n - 1. The t CDF is a numerical integration (composite Simpson, 20,000 panels) of the
  Student t density written from its formula with math.lgamma; the two-sided p is
  2 * (1 - CDF(|t|)); the 0.975 quantile for the 95% CI is found by bisection on that CDF.
- Cohen's d_z = mean difference / sample SD of the differences.
- Wilcoxon signed-rank, zeros dropped (Wilcoxon's method): V = sum of the ranks (average ranks for
  ties) of the positive differences. Without ties or zeros and n <= 50, the exact two-sided p is
  found by ENUMERATING all 2^n sign assignments of the ranks 1..n (n <= 20 here); otherwise the
  normal approximation z = (V - n(n+1)/4 - 0.5*sign(V - n(n+1)/4)) /
  sqrt(n(n+1)(2n+1)/24 - sum(t^3 - t)/48), p = 2 * (1 - Phi(|z|)) with Phi from math.erfc.
- meaningful change, attrition and band transitions by direct counting.

Run:  python3 tests/outcomes/reference/cohort_reference.py > tests/outcomes/reference/cohort-reference.json
"""
import itertools
import json
import math
import statistics


def t_pdf(x, df):
    c = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    return math.exp(c - (df + 1) / 2 * math.log1p(x * x / df))


def t_cdf(x, df, panels=20000):
    """P(T <= x) = 0.5 + integral_0^x pdf (Simpson's rule)."""
    if x == 0:
        return 0.5
    a, b = 0.0, abs(x)
    h = (b - a) / panels
    s = t_pdf(a, df) + t_pdf(b, df)
    for i in range(1, panels):
        s += (4 if i % 2 else 2) * t_pdf(a + i * h, df)
    area = s * h / 3
    return 0.5 + area if x > 0 else 0.5 - area


def t_quantile(p, df):
    lo, hi = 0.0, 1000.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if t_cdf(mid, df, panels=4000 if hi - lo > 1e-3 else 20000) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def average_ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        r = (i + j) / 2 + 1
        for k in range(i, j + 1):
            ranks[order[k]] = r
        i = j + 1
    return ranks


def wilcoxon(diffs):
    nz = [d for d in diffs if d != 0]
    zeros = len(diffs) - len(nz)
    n = len(nz)
    absd = [abs(d) for d in nz]
    ranks = average_ranks(absd)
    v = sum(r for r, d in zip(ranks, nz) if d > 0)
    ties = len(set(absd)) != len(absd)
    if n <= 50 and not ties and zeros == 0:
        # Exact: enumerate every sign pattern of ranks 1..n (all 2^n equally likely under H0).
        total = 0
        le = 0
        ge = 0
        for signs in itertools.product((0, 1), repeat=n):
            s = sum(r for r, keep in zip(range(1, n + 1), signs) if keep)
            total += 1
            if s <= v:
                le += 1
            if s >= v:
                ge += 1
        p = min(1.0, 2 * min(le, ge) / total)
        return {"statistic": v, "pValue": p, "method": "exact", "nonZero": n}
    mean_v = n * (n + 1) / 4
    counts = {}
    for a in absd:
        counts[a] = counts.get(a, 0) + 1
    tie_term = sum(t ** 3 - t for t in counts.values()) / 48
    sd_v = math.sqrt(n * (n + 1) * (2 * n + 1) / 24 - tie_term)
    corr = 0.5 * (1 if v > mean_v else -1 if v < mean_v else 0)
    z = (v - mean_v - corr) / sd_v
    p = math.erfc(abs(z) / math.sqrt(2))  # = 2 * (1 - Phi(|z|))
    return {"statistic": v, "pValue": p, "method": "normal_approximation", "nonZero": n}


def band_index(bands, x):
    for i, b in enumerate(bands):
        if b["min"] <= x <= b["max"]:
            return i
    return -1


def cohort(name, source, people, direction, meaningful, bands):
    with_baseline = [p for p in people if p[0] is not None]
    paired = [p for p in with_baseline if p[1] is not None]
    lost = [p for p in with_baseline if p[1] is None]
    diffs = [round((f - b) * 1e9) / 1e9 for b, f in paired]
    n = len(paired)
    out = {
        "name": name,
        "source": source,
        "direction": direction,
        "meaningfulChange": meaningful,
        "bands": bands,
        "people": [{"baseline": b, "followUp": f} for b, f in people],
        "expected": {
            "withBaseline": len(with_baseline),
            "pairs": n,
            "followUpWithoutBaseline": sum(1 for b, f in people if b is None and f is not None),
            "followUpRate": n / len(with_baseline),
            "meanBaseline": statistics.fmean(b for b, _ in paired),
            "meanFollowUp": statistics.fmean(f for _, f in paired),
        },
    }
    e = out["expected"]
    m = statistics.fmean(diffs)
    sd = statistics.stdev(diffs)
    se = sd / math.sqrt(n)
    t = m / se
    df = n - 1
    q = t_quantile(0.975, df)
    e["tTest"] = {
        "meanChange": m, "sdChange": sd, "standardError": se, "t": t, "df": df,
        "pValue": 2 * (1 - t_cdf(abs(t), df)), "ci95Lower": m - q * se, "ci95Upper": m + q * se,
        "tQuantile975": q,
    }
    e["cohensDz"] = m / sd
    e["wilcoxon"] = wilcoxon(diffs)
    if meaningful is not None:
        sign = 1 if direction == "higher_is_better" else -1
        imp = sum(1 for d in diffs if sign * d >= meaningful)
        det = sum(1 for d in diffs if sign * d <= -meaningful)
        e["meaningfulChange"] = {"threshold": meaningful, "improved": imp, "deteriorated": det,
                                 "noMeaningfulChange": n - imp - det, "shareImproved": imp / n}
    if lost:
        a = statistics.fmean(b for b, _ in paired)
        c = statistics.fmean(b for b, _ in lost)
        e["attrition"] = {"followedUp": n, "lost": len(lost), "meanBaselineFollowedUp": a,
                          "meanBaselineLost": c, "difference": a - c}
    if bands:
        k = len(bands)
        counts = [[0] * k for _ in range(k)]
        unbanded = 0
        for b, f in paired:
            i, j = band_index(bands, b), band_index(bands, f)
            if i < 0 or j < 0:
                unbanded += 1
            else:
                counts[i][j] += 1
        e["bandTransitions"] = {"bands": [b["code"] for b in bands], "counts": counts, "unbanded": unbanded}
    return out


ONS_POSITIVE_BANDS = [
    {"code": "low", "label": "Low", "min": 0, "max": 4},
    {"code": "medium", "label": "Medium", "min": 5, "max": 6},
    {"code": "high", "label": "High", "min": 7, "max": 8},
    {"code": "very_high", "label": "Very high", "min": 9, "max": 10},
]
ONS_ANXIETY_BANDS = [
    {"code": "very_low", "label": "Very low", "min": 0, "max": 1},
    {"code": "low", "label": "Low", "min": 2, "max": 3},
    {"code": "medium", "label": "Medium", "min": 4, "max": 5},
    {"code": "high", "label": "High", "min": 6, "max": 10},
]

DARWIN = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75]
HW_X = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30]
HW_Y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]

# Synthetic ONS4 life satisfaction (0-10, higher is better): ties and zero differences, so the
# Wilcoxon uses the normal approximation; five people lost to follow-up; one follow-up without baseline.
LIFE = [(3, 6), (4, 6), (5, 5), (2, 5), (6, 7), (4, 4), (5, 8), (3, 4), (6, 6), (7, 8), (2, 3), (4, 7),
        (5, 6), (3, 3), (6, 5), (4, 6), (5, 7), (1, 4), (6, 8), (5, 4),
        (6, None), (7, None), (5, None), (8, None), (6, None), (None, 7)]
# Synthetic ONS4 anxiety (0-10, higher is WORSE): a fall is an improvement.
ANXIETY = [(8, 5), (7, 6), (6, 6), (9, 4), (5, 5), (7, 3), (6, 7), (8, 8), (4, 2), (7, 5), (9, 6), (6, 4),
           (5, 6), (8, 7), (3, 3), (7, 4), (4, None), (9, None), (6, None)]
# Synthetic converted-metric scores (two decimals, SWEMWBS-like range but made up): decimal
# differences, no ties or zeros, exact Wilcoxon.
METRIC = [(19.25, 21.54), (17.43, 18.59), (20.73, 20.04), (15.71, 19.98), (22.35, 23.21), (18.59, 21.54),
          (16.88, 17.98), (21.54, 24.11), (14.61, 15.32), (19.98, 19.25), (23.21, 26.02), (17.98, 20.73)]

cases = [
    cohort("darwin-zea-mays", "Darwin's Zea mays (cross- minus self-fertilised height, eighths of an inch), n = 15. "
           "Published: Fisher, The Design of Experiments (1935), ch. 3: t = 2.148 on 14 df; "
           "Wilcoxon V = 96, two-sided exact p = 0.04126 (stdlib README, citing Cureton 1967).",
           [(0, d) for d in DARWIN], "higher_is_better", 20, []),
    cohort("hollander-wolfe-depression", "Hollander & Wolfe (1973) p. 29, Hamilton depression factor at first (y) and second (x) visit, n = 9. "
           "Published: Wilcoxon V = 40, two-sided exact p = 0.0390625 (stdlib README, R ?wilcox.test).",
           [(b, f) for b, f in zip(HW_Y, HW_X)], "higher_is_worse", 0.5, []),
    cohort("ons4-life-satisfaction-synthetic", "Synthetic (made up for this test).", LIFE, "higher_is_better", 2, ONS_POSITIVE_BANDS),
    cohort("ons4-anxiety-synthetic", "Synthetic (made up for this test).", ANXIETY, "higher_is_worse", 2, ONS_ANXIETY_BANDS),
    cohort("metric-decimal-synthetic", "Synthetic (made up for this test).", METRIC, "higher_is_better", 1.5,
           [{"code": "low", "label": "Low", "min": 7, "max": 17.99}, {"code": "mid", "label": "Middle", "min": 18, "max": 23.99},
            {"code": "high", "label": "High", "min": 24, "max": 35}]),
]

print(json.dumps({"generatedBy": "tests/outcomes/reference/cohort_reference.py (Python %s, standard library only)" % (
    ".".join(map(str, __import__("sys").version_info[:3]))), "cases": cases}, indent=1))
