"""Writes docs/benchmarks.md from the JSON results bench/run leaves in bench/.work/results/SIZE/.

Usage: python3 report.py RESULTS_DIR OUT_MD"""

import json
import os
import sys

def load(d, name):
    try:
        with open(os.path.join(d, name + ".json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def num(v, digits=0):
    if v is None:
        return "–"
    return f"{v:,.{digits}f}"


def mb(kb):
    return "–" if not kb else f"{kb / 1024:.1f} MB"


def ratio(a, b):
    if not a or not b:
        return "–"
    r = a / b
    if r < 1:
        return f"1/{b / a:.0f}" if r < 0.1 else f"{r:.2f}×"
    return f"{r:.2f}×" if r < 10 else f"{r:.0f}×"


def spread(r):
    """Every round's req/s, in the order they ran (one round: blank)."""
    runs = r.get("rps_runs") or []
    return " · ".join(num(x) for x in runs) if len(runs) > 1 else ""


def errors(r):
    e = r.get("errors", {})
    n = sum(e.values())
    if not n:
        return "0"
    parts = [f"{k} {v}" for k, v in e.items() if v]
    return f"{n} ({', '.join(parts)})"


def verdict(ok):
    return "met" if ok else "**missed**"


RUNS = [
    # key, label, the target (text, check on the result)
    ("list", "filtered scoped enterprise list (park + tier=yi + year, page_size 20)",
     "≥ 6,000 req/s, p99 ≤ 20 ms", lambda r: r["rps"] >= 6000 and r["lat_ms"]["p99"] <= 20),
    ("list-park", "scoped enterprise list, park only (page 2 of the park)", None, None),
    ("detail", "enterprise detail (rotating over 100 ids of the park)",
     "≥ 10,000 req/s, p99 ≤ 10 ms", lambda r: r["rps"] >= 10000 and r["lat_ms"]["p99"] <= 10),
    ("cockpit", "cockpit for the year", "p95 ≤ 100 ms", lambda r: r["lat_ms"]["p95"] <= 100),
    ("projects", "project list of the park (page_size 20, late/due flags derived)", None, None),
    ("project", "project detail with its stages (rotating over the park's projects)", None, None),
    ("tickets-overdue", "overdue tickets of the park (by the SLA columns; each listed ticket's clock evaluated live)", None, None),
    ("ticket", "ticket create: durable write, history and audit rows (group commit)",
     "≥ 2,000/s at 64 writers", lambda r: r["rps"] >= 2000 and not sum(r["errors"].values())),
    ("write", "indicator upsert: durable write + audit row (one commit per request)", None, None),
    ("mixed", "mixed: 45% list, 45% detail, 10% ticket create", None, None),
]
PG_TARGET = {"list": ("≥ 4,000 req/s", lambda r: r["rps"] >= 4000)}


def size_section(d, out):
    meta = load(d, "meta") or {}
    w = out.append
    size = meta.get("size", os.path.basename(d))
    w(f"## {size}: {num(meta.get('enterprises'))} enterprises — run of {meta.get('started', '?')}")
    w("")
    parts = meta.get("parts") or {}
    if len(set(parts.values())) > 1:
        w("Parts measured at: " + ", ".join(f"{k} {v}" for k, v in sorted(parts.items())) + ".")
        w("")
    w(f"Machine: {meta.get('cores')} cores ({meta.get('cpu')}), {meta.get('mem_gb')} GB RAM, Linux "
      f"{meta.get('kernel')}; {meta.get('wrk')}; {meta.get('postgres')} (local, same machine). "
      f"ZoneOps `target/fast/zoneops` built {meta.get('binary_built')} (commit {meta.get('git')}, "
      f"`--profile fast`).")
    w("")
    busy = (meta.get("busy") or "").replace("\n", ", ")
    w(f"**Load on the machine**: load average {' '.join(meta.get('loadavg_start', []))} when the run "
      f"started (2 cores, so ≥ 2 means the cores were already fully used by other work)"
      + (f"; busiest other processes: {busy}" if busy else "")
      + ". Every load run below gives the load average just before it. The figures are therefore "
      "lower bounds of what the software does on an idle machine, and comparable only within this run.")
    w("")
    repeat = meta.get("repeat", 1)
    runs = (f", in {repeat} rounds (every run once, then every run again); the table shows each run's "
            f"round with the median req/s (its latencies with it) and, under “runs”, every round's req/s"
            if repeat > 1 else "")
    w(f"Each load run: `wrk -t2 -c{meta.get('connections')} -d{meta.get('duration')}s --timeout 30s` "
      f"over 127.0.0.1{runs}, scripted by `bench/lib/load.lua`, logged in as `park_auto` (scope: one park) "
      f"with its session cookie. Zone: `{(load(d, 'gen-sqlite') or load(d, 'gen-pg') or {}).get('command', 'zoneops demo')}` "
      f"(monthly records 2020-01…2021-12, projects and tickets of 2021); every query asks for year {meta.get('year')}.")
    w("")

    # --- data
    w("### The zone")
    w("")
    w("| | SQLite | PostgreSQL |")
    w("|---|---|---|")
    gs, gp = load(d, "gen-sqlite"), load(d, "gen-pg")

    def g(k, f=num):
        return [f(x.get(k)) if x else "–" for x in (gs, gp)]

    w("| enterprises | " + " | ".join(g("enterprises")) + " |")
    w("| monthly indicator rows | " + " | ".join(g("indicators")) + " |")
    w("| users | " + " | ".join(g("users")) + " |")
    w("| projects | " + " | ".join(g("projects")) + " |")
    w("| tickets (with their histories) | " + " | ".join(g("tickets")) + " |")
    w("| generation time | " + " | ".join(g("secs", lambda v: f"{v:.1f} s")) + " |")
    w("| database size | " + " | ".join(g("bytes", lambda v: f"{v / 1e6:.0f} MB")) + " |")
    w("")

    # --- ZoneOps load runs
    hello, hello_run = load(d, "hello"), load(d, "hello-get")
    hello_rps = hello_run.get("rps") if hello_run else None
    for backend, title in (("sqlite", "SQLite"), ("pg", "PostgreSQL")):
        info = load(d, f"zoneops-{backend}")
        if not info:
            continue
        w(f"### ZoneOps on {title}")
        w("")
        w(f"Cold start to the first logged-in answer: **{info['cold_start_ms']} ms** (process start → "
          f"first 200 of the list with an existing session; page cache warm). RSS idle: "
          f"**{mb(info['rss_idle_kb'])}**. The list query `{info['list_path']}` matches "
          f"{info['list_total']} enterprises (page {info['list_page']} is asked for).")
        if info.get("cockpit_uncached_ms") is not None:
            w("")
            w(f"The cockpit computed afresh (the first request, nothing reusable: decision 0013) took "
              f"**{info['cockpit_uncached_ms']} ms**; the load run below repeats the question, so "
              f"it measures the reused answer, which a write anywhere would make the next request "
              f"recompute.")
        w("")
        w("| run | req/s | runs | p50 | p95 | p99 | errors | peak RSS | ÷ hello | load avg | target | |")
        w("|---|---:|---|---:|---:|---:|---|---:|---:|---|---|---|")
        for key, label, target, check in RUNS:
            r = load(d, f"{backend}-{key}")
            if not r or r.get("failed"):
                w(f"| {label} | failed | | | | | | | | | {target or ''} | |")
                continue
            if not r["requests"]:
                w(f"| {label} | 0 (no answer within the {r['secs']:.0f} s run) | | | | | {errors(r)} | "
                  f"{mb(r['rss_peak_kb'])} | | {r['loadavg_before']} | {target or ''} | "
                  f"{verdict(False) if target else ''} |")
                continue
            if backend == "pg":
                # The targets are for SQLite unless they name PostgreSQL.
                target, check = PG_TARGET.get(key, (None, None))
                target = target and target + " (PostgreSQL)"
            lat = r["lat_ms"]
            w(f"| {label} | {num(r['rps'])} | {spread(r)} | {lat['p50']:.1f} ms | {lat['p95']:.1f} ms | {lat['p99']:.1f} ms | "
              f"{errors(r)} | {mb(r['rss_peak_kb'])} | {ratio(r['rps'], hello_rps) if hello_rps else '–'} | "
              f"{r['loadavg_before']} | {target or ''} | {verdict(check(r)) if check else ''} |")
        w("")
        checks = [("RSS idle ≤ 30 MB", info["rss_idle_kb"] <= 30 * 1024),
                  ("cold start ≤ 300 ms", info["cold_start_ms"] <= 300)]
        lr = load(d, f"{backend}-list")
        if lr and not lr.get("failed"):
            checks.append(("RSS ≤ 150 MB under list load", lr["rss_peak_kb"] <= 150 * 1024))
        w("Other targets: " + "; ".join(f"{t}: {verdict(ok)}" for t, ok in checks) + ".")
        w("")

    # --- the peer
    peer, pg_ = load(d, "peer"), load(d, "peer-gen")
    if peer:
        w("### Side by side: django-crm-admin (the peer)")
        w("")
        w(f"django-crm-admin 3.1 (Django 6, Python 3.12, its SQLite database, DEBUG off) under gunicorn "
          f"with {peer['workers']} sync workers (2 × cores + 1), on the same machine in the same run. "
          f"`manage.py setupdata` took {pg_['setup_secs']:.1f} s; the same {num(pg_['companies'])} companies "
          f"were loaded through its `Company` model with `bulk_create` in {pg_['load_secs']:.1f} s "
          f"({pg_['bytes'] / 1e6:.0f} MB database). The park of `park_auto` is the department of its "
          f"department-scoped user `IamGlobalSALES` ({num(pg_['in_scope'])} companies), the tier filter is "
          f"the company type “亿元以上” ({num(pg_['in_scope_yi'])} companies). Its list shows 100 rows a "
          f"page (ours 20); it renders HTML, ours answers JSON. RSS is the sum of the master and workers.")
        w("")
        w("| question | ZoneOps (SQLite) req/s | p99 | peer req/s | p99 | ZoneOps ÷ peer | target |")
        w("|---|---:|---:|---:|---:|---:|---|")
        for ours_key, peer_key, label, target in (
            ("list", "peer-list", f"company list, scoped + filtered, paginated (`{peer['list_path']}`)", 10),
            ("detail", "peer-detail", f"company detail (`{peer['detail_path']}`)", None),
        ):
            o, t = load(d, f"sqlite-{ours_key}"), load(d, peer_key)
            if not t or t.get("failed"):
                continue
            orps = o["rps"] if o and not o.get("failed") else None
            tgt = ""
            if target:
                tgt = f"≥ {target}×: {verdict(bool(orps) and orps / t['rps'] >= target)}" if t["rps"] else ""
            w(f"| {label} | {num(orps)} | {o['lat_ms']['p99'] if o else 0:.1f} ms | {num(t['rps'], 1)} | "
              f"{t['lat_ms']['p99']:.0f} ms | {ratio(orps, t['rps'])} | {tgt} |")
        pl = load(d, "peer-list")
        w("")
        w(f"Peer errors (list): {errors(pl) if pl else '–'}; RSS idle {mb(peer['rss_idle_kb'])}, "
          f"under list load {mb(pl['rss_peak_kb']) if pl else '–'}; gunicorn start to its first logged-in "
          f"answer (login included) {peer['start_to_first_answer_ms']} ms.")
        w("")

    # --- hello
    if hello and hello_run:
        hello = dict(hello_run, **hello)
        w("### Yardstick: bare axum hello-world")
        w("")
        w(f"`bench/hello` (axum 0.8.9 + tokio, same `fast` profile), `GET /`: **{num(hello['rps'])} req/s**, "
          f"p50 {hello['lat_ms']['p50']:.1f} ms, p99 {hello['lat_ms']['p99']:.1f} ms, errors {errors(hello)}, "
          f"RSS idle {mb(hello['rss_idle_kb'])}, under load {mb(hello['rss_peak_kb'])}, load average before "
          f"{hello['loadavg_before']}. The “÷ hello” column above is ZoneOps req/s divided by this.")
        w("")


def main():
    results, out_md = sys.argv[1], sys.argv[2]
    out = [
        "# Benchmarks",
        "",
        "Generated by `bench/run` (see [bench/README.md](../bench/README.md)); do not edit by hand.",
        "Regenerate with `bench/run --size small` (5,000 enterprises, a few minutes) or",
        "`bench/run --size large` (100,000 enterprises). Each size keeps its latest results; the",
        "report shows every size that has been run.",
        "",
        "The durable-write target is measured on ticket create (`POST /api/v1/tickets`: the ticket, its",
        "first history row and an audit row in one transaction, committed in groups); the indicator",
        "upsert is kept as a second write with one commit per request, for comparison.",
        "",
    ]
    for size in ("large", "small"):
        d = os.path.join(results, size)
        if os.path.isdir(d) and load(d, "meta"):
            size_section(d, out)
    with open(out_md, "w") as f:
        f.write("\n".join(out).rstrip() + "\n")


if __name__ == "__main__":
    main()
