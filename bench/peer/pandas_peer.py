"""The peer of `complaint-lens run` for bench:e2e: the same work as a pandas + scikit-learn + jieba
notebook would do it, on a generated export (Chinese headers, see sample-data/README.md).

  load      pandas.read_csv of the export and the volumes file
  dedupe    one current version per complaint id (latest update time, then last line)
  KPIs      monthly and weekly counts, SLA rates (first response within 24 h, resolved within
            72 h), closed share, mean satisfaction, compensation, by channel, category, region,
            department, product category
  hot spots complaints per (product, batch) against the product's rate per unit: one-sided
            Poisson tail, Benjamini–Hochberg q ≤ 0.05 (scipy-free: scipy.stats is not assumed)
  clusters  jieba tokens → TF-IDF (min_df 3, max_df 0.5, sublinear tf) → k-means (k 20, 1 init)
            fitted on a 60,000-complaint sample and assigned to all (as the product does)
  spikes    weekly counts per category against the trailing 8-week mean: z ≥ 3 flags

Run: python3 bench/peer/pandas_peer.py EXPORT.csv VOLUMES.csv  → one JSON line of timings.
Needs Debian's python3-pandas python3-sklearn python3-jieba (bench setup, not CI).
"""

import json
import math
import sys
import time

import jieba
import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer

jieba.setLogLevel(60)
timings = {}
t_all = time.perf_counter()


def lap(name, t0):
    timings[name] = round(time.perf_counter() - t0, 3)
    return time.perf_counter()


export_file, volumes_file = sys.argv[1], sys.argv[2]
t = time.perf_counter()
df = pd.read_csv(export_file, dtype=str, keep_default_na=False)
volumes = pd.read_csv(volumes_file, dtype={"units": float})
t = lap("load", t)

cols = {
    "投诉编号": "id", "受理时间": "received", "投诉渠道": "channel", "产品型号": "product",
    "产品类别": "product_category", "生产批号": "batch", "地区": "region", "投诉类型": "category",
    "问题描述": "text", "处理部门": "department", "首次响应时间": "first_response",
    "解决时间": "resolved", "关闭时间": "closed", "处理状态": "status", "赔偿金额": "compensation",
    "满意度": "satisfaction", "更新时间": "updated",
}
df = df.rename(columns=cols)[list(cols.values())]
for c in ["received", "first_response", "resolved", "closed", "updated"]:
    df[c] = pd.to_datetime(df[c], errors="coerce")
df["compensation"] = pd.to_numeric(df["compensation"].str.replace(r"[¥,\s元]", "", regex=True), errors="coerce")
df["satisfaction"] = pd.to_numeric(df["satisfaction"], errors="coerce")
df = df[(df["id"] != "") & df["received"].notna()]
df["line"] = np.arange(len(df))
df = df.sort_values(["id", "updated", "line"]).drop_duplicates("id", keep="last")
t = lap("dedupe", t)

df["month"] = df["received"].dt.to_period("M").dt.start_time
df["week"] = df["received"].dt.to_period("W-SUN").dt.start_time
df["resp_ok"] = (df["first_response"] - df["received"]) <= pd.Timedelta(hours=24)
df["res_ok"] = (df["resolved"] - df["received"]) <= pd.Timedelta(hours=72)
df["is_closed"] = df["status"].isin(["已关闭", "closed"])
kpis = []
for grain in ["month", "week"]:
    kpis.append(df.groupby(grain).agg(complaints=("id", "size"), resp=("resp_ok", "mean"),
                                      res=("res_ok", "mean"), closed=("is_closed", "mean"),
                                      sat=("satisfaction", "mean"), comp=("compensation", "sum")))
    for dim in ["channel", "category", "region", "department", "product_category"]:
        kpis.append(df.groupby([grain, dim]).agg(complaints=("id", "size"), resp=("resp_ok", "mean"),
                                                 res=("res_ok", "mean"), closed=("is_closed", "mean"),
                                                 sat=("satisfaction", "mean"), comp=("compensation", "sum")))
t = lap("kpis", t)


def poisson_upper(k, mu):
    """P(X >= k), X ~ Poisson(mu), by summing the pmf from k upward in log space."""
    if k <= 0:
        return 1.0
    total, term = 0.0, math.exp(k * math.log(mu) - mu - math.lgamma(k + 1)) if mu > 0 else 0.0
    i = k
    while term > 1e-16 * max(total, 1e-300) or i < mu:
        total += term
        i += 1
        term *= mu / i
        if i > k + 10000:
            break
    return min(1.0, total)


batches = df.groupby(["product", "batch"]).size().rename("complaints").reset_index()
batches = batches.merge(volumes, on=["product", "batch"], how="inner")
sums = batches.groupby("product")[["complaints", "units"]].sum()
rate = sums["complaints"] / sums["units"]
batches["expected"] = batches["units"] * batches["product"].map(rate)
batches["p"] = [poisson_upper(int(k), mu) for k, mu in zip(batches["complaints"], batches["expected"])]
m = len(batches)
order = np.argsort(batches["p"].to_numpy())
q = np.empty(m)
prev = 1.0
for rank in range(m, 0, -1):
    i = order[rank - 1]
    prev = min(prev, batches["p"].iloc[i] * m / rank)
    q[i] = prev
batches["q"] = q
hotspots = batches[(batches["q"] <= 0.05) & (batches["complaints"] >= 5)]
t = lap("hotspots", t)

texts = df["text"].fillna("").tolist()
tokens = [" ".join(jieba.lcut(x)) for x in texts]
t = lap("tokenize", t)
vectorizer = TfidfVectorizer(tokenizer=str.split, token_pattern=None, lowercase=False,
                             min_df=3, max_df=0.5, sublinear_tf=True)
X = vectorizer.fit_transform(tokens)
rng = np.random.default_rng(20260101)
fit_rows = rng.choice(X.shape[0], size=min(60000, X.shape[0]), replace=False)
km = KMeans(n_clusters=20, n_init=1, random_state=20260101).fit(X[fit_rows])
labels = km.predict(X)
t = lap("clusters", t)

weekly = df.groupby(["category", "week"]).size().rename("n").reset_index().sort_values(["category", "week"])
weekly["base"] = weekly.groupby("category")["n"].transform(lambda s: s.shift(1).rolling(8, min_periods=4).mean())
weekly["sd"] = weekly.groupby("category")["n"].transform(lambda s: s.shift(1).rolling(8, min_periods=4).std())
weekly["z"] = (weekly["n"] - weekly["base"]) / weekly["sd"].clip(lower=1)
spikes = weekly[weekly["z"] >= 3]
t = lap("spikes", t)

timings["total"] = round(time.perf_counter() - t_all, 3)
print(json.dumps({"complaints": int(len(df)), "hotspots": int(len(hotspots)), "clusters": int(len(set(labels))),
                  "spikes": int(len(spikes)), "kpi_rows": int(sum(len(k) for k in kpis)), "seconds": timings}))
