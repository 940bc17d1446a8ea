#!/usr/bin/env python3
"""Ingest and query benchmark of kg, against the baseline a user would otherwise write (rdflib).

What it measures, on each corpus:
- `kg ingest` end to end (a child process, as a user runs it): seconds, articles/s, triples
  written, and peak memory (the resident set of the whole process tree, sampled every 20 ms);
- on SaudiNewsNet, also extraction and mapping alone, the graphs dropped (the part of the
  ingest time no store can remove), and `kg ingest --no-evidence`;
- every saved query (queries/*.rq, with the bindings of its `# Example:` line): the median
  latency of at least 5 runs in-process on the on-disk store (after one warm-up run), and
  the median of 5 `kg query` runs end to end (process start to last row printed);
- a rewrite of a saved query proposed for speed (benchmarks/proposed/NAME.rq): its median,
  and whether it gives the saved query's rows;
- the rdflib baseline: parse the graph `kg export` writes as Turtle, then run the same
  queries with rdflib (each in a forked child, so one that never ends is cut at the time
  limit and reported as a lower bound); and the ratios.  The saved queries are shaped for
  Oxigraph, which can make them slower in rdflib than the plain SPARQL a user would write:
  `--rdflib-plain` also times rdflib on those plain forms (tests/fixtures/plain_queries,
  which give the same rows).

Corpora: SaudiNewsNet (`--corpus`, default ../shared/corpus/saudinewsnet/2015-07.jsonl.gz
beside the repository; skipped with a message when absent) and synthetic corpora made by
`kg.synthetic` of 1x and `--scale`x the SaudiNewsNet article count, to show how ingest time
grows.  rdflib is skipped for graphs above `--rdflib-max-triples` (it needs ~1.3 GB per
million triples).

Usage:  python benchmarks/bench.py [--quick] [--scale 10] [--jobs N] [--runs 5] [--json out.json]
This is a script, not a test: a full run takes tens of minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kg import synthetic  # noqa: E402
from kg.queries import parse_header, prepare, saved_queries  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "saudinewsnet" / "2015-07.jsonl.gz"
SAUDINEWSNET_ARTICLES = 15042
KG = [sys.executable, "-m", "kg.cli"]
PROPOSED = Path(__file__).resolve().parent / "proposed"
PLAIN = REPO / "tests" / "fixtures" / "plain_queries"  # the saved queries before they were shaped for speed
# Extraction, mapping and serialisation of every article as `kg ingest` runs them (same
# processes, same --jobs), the graphs then dropped: what ingest costs before any store write.
_EXTRACT_ONLY = """
import sys
from pathlib import Path
from kg.ingest import article_graphs, default_jobs
from kg.mapping import GraphOptions
from kg.readers import read_articles
articles = read_articles([Path(sys.argv[1])], on_problem=lambda problem: None)
graphs = article_graphs(articles, jobs=int(sys.argv[2]) or default_jobs(), options=GraphOptions(None))
print(sum(1 for _ in graphs))
"""
_INGESTED = re.compile(
    r"Ingested (\d+) articles: (\d+) officials, (\d+) meetings, (\d+) triples in ([\d.]+) s"
)


# ---------------------------------------------------------------------- processes and memory


def _tree_rss(pid: int) -> int:
    """Resident bytes of `pid` and all its descendants (Linux /proc)."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    stack.extend(int(c) for c in f.read().split())
        except (OSError, ValueError):
            continue
    return total


def run_measured(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int, str, str, int]:
    """(wall seconds, peak tree RSS bytes, stdout, stderr, exit code) of a command."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    return seconds, peak, out, err, proc.returncode


# ---------------------------------------------------------------------- queries


def query_cases() -> list[tuple[str, str, list[str]]]:
    """(name, prepared SPARQL, --bind arguments) of every saved query, bound as its Example line."""
    cases = []
    for q in saved_queries():
        text, binds = _prepared(q.text)
        cases.append((q.name, text, [x for b in binds for x in ("--bind", b)]))
    return cases


def plain_cases() -> list[tuple[str, str]]:
    """(name, prepared SPARQL) of the plain form of each saved query that has one."""
    cases = []
    for name, _, _ in query_cases():
        path = PLAIN / f"{name}.rq"
        if path.is_file():
            cases.append((name, _prepared(path.read_text(encoding="utf-8"))[0]))
    return cases


def _prepared(query_text: str) -> tuple[str, list[str]]:
    """The query bound as its `# Example:` line binds it, and those NAME=VALUE bindings."""
    args = shlex.split(parse_header(query_text).example)
    binds = [args[i + 1] for i, a in enumerate(args[:-1]) if a in ("--bind", "-b")]
    return prepare(query_text, dict(b.split("=", 1) for b in binds)), binds


def _rows(result) -> list[tuple[str, ...]]:
    return [tuple(str(t) for t in row) for row in result.rows]


def kg_latencies(store: Path, runs: int) -> dict[str, dict]:
    """In-process medians (after one warm-up) and `kg query` end-to-end medians."""
    from kg.store import Store

    out: dict[str, dict] = {}
    with Store.open(store) as kg_store:
        for name, text, _ in query_cases():
            t0 = time.perf_counter()
            rows = len(kg_store.query(text).rows)
            first = time.perf_counter() - t0
            times = []
            for _ in range(runs):
                t0 = time.perf_counter()
                kg_store.query(text)
                times.append(time.perf_counter() - t0)
            out[name] = {"rows": rows, "first_s": first, "median_s": statistics.median(times), "runs": runs}
        # rewrites proposed for speed (benchmarks/proposed/NAME.rq): timed, and their rows compared
        for path in sorted(PROPOSED.glob("*.rq")):
            if path.stem not in out:
                continue
            text, _ = _prepared(path.read_text(encoding="utf-8"))
            saved = dict((n, t) for n, t, _ in query_cases())[path.stem]
            same = _rows(kg_store.query(text)) == _rows(kg_store.query(saved))
            times = []
            for _ in range(runs):
                t0 = time.perf_counter()
                kg_store.query(text)
                times.append(time.perf_counter() - t0)
            out[path.stem]["proposed"] = {"median_s": statistics.median(times), "same_rows": same}
    for name, _, binds in query_cases():
        times = []
        for _ in range(runs):
            seconds, _, _, err, code = run_measured([*KG, "query", name, "--store", str(store), *binds])
            if code != 0:
                raise SystemExit(f"kg query {name} failed: {err}")
            times.append(seconds)
        out[name]["cli_median_s"] = statistics.median(times)
    return out


def rdflib_baseline(turtle: Path, runs: int, limit: float, plain: bool = False) -> dict:
    """Parse `turtle` with rdflib in a child, then each query in a grandchild (cut after `limit` s).

    With `plain`, also the plain form of each query (`plain_cases`).
    """
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: parse once, fork per query so a runaway query can be killed
        os.close(r)
        try:
            from rdflib import Graph

            t0 = time.perf_counter()
            g = Graph()
            g.parse(turtle, format="turtle")
            result = {
                "parse_s": time.perf_counter() - t0,
                "triples": len(g),
                "rss_after_parse": _tree_rss(os.getpid()),
            }
            result["queries"] = {name: _rdflib_query(g, text, runs, limit) for name, text, _ in query_cases()}
            if plain:
                result["plain"] = {name: _rdflib_query(g, text, runs, limit) for name, text in plain_cases()}
            os.write(w, json.dumps(result).encode())
        finally:
            os._exit(0)
    os.close(w)
    chunks = []
    while chunk := os.read(r, 1 << 16):
        chunks.append(chunk)
    os.close(r)
    os.waitpid(pid, 0)
    return json.loads(b"".join(chunks) or b"{}")


def _rdflib_query(g, text: str, runs: int, limit: float) -> dict:
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        times, rows = [], 0
        budget = time.perf_counter() + limit
        for _ in range(runs):
            t0 = time.perf_counter()
            rows = len(list(g.query(text)))
            times.append(time.perf_counter() - t0)
            if time.perf_counter() + times[-1] > budget:
                break  # another run would pass the limit: the median of those done
        os.write(
            w, json.dumps({"median_s": statistics.median(times), "runs": len(times), "rows": rows}).encode()
        )
        os._exit(0)
    os.close(w)
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.05)
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(r)
        return {"timeout_s": limit}
    data = os.read(r, 1 << 16)
    os.close(r)
    return json.loads(data)


def _ratio(b: dict, kg_seconds: float) -> str:
    """rdflib's median over kg's, or a lower bound when rdflib was cut."""
    if "timeout_s" in b:
        return f"> {b['timeout_s'] / kg_seconds:.0f}x (cut at {b['timeout_s']:.0f} s)"
    return f"{b['median_s'] / kg_seconds:.0f}x ({b['median_s']:.2f} s, {b['runs']} runs)"


# ---------------------------------------------------------------------- one corpus


def _count_lines(path: Path) -> int:
    import gzip

    with gzip.open(path, "rb") as f:
        return sum(1 for _ in f)


def bench_corpus(label: str, corpus: Path, work: Path, args: argparse.Namespace, rdflib: bool) -> dict:
    store = work / f"store-{label}"
    print(f"\n== {label}: {corpus.name}", flush=True)
    cmd = [*KG, "ingest", str(corpus), "--store", str(store)]
    if args.jobs:
        cmd += ["--jobs", str(args.jobs)]
    seconds, peak, _, err, code = run_measured(cmd)
    m = _INGESTED.search(err)
    if code not in (0, 3) or m is None:
        raise SystemExit(f"kg ingest failed ({code}): {err[-2000:]}")
    articles, _, meetings, triples, _ = (int(x) if "." not in x else float(x) for x in m.groups())
    result = {
        "corpus": str(corpus),
        "articles": articles,
        "meetings": meetings,
        "triples_written": triples,
        "ingest_s": seconds,
        "articles_per_s": articles / seconds,
        "peak_rss_bytes": peak,
    }
    stats = subprocess.run([*KG, "stats", "--store", str(store)], capture_output=True, text=True, check=True)
    result["store_triples"] = int(re.search(r"Triples\s+(\d+)", stats.stdout).group(1))
    print(
        f"ingest: {articles} articles in {seconds:.1f} s ({articles / seconds:.0f}/s), "
        f"{triples} triples written, peak RSS {peak / 2**20:.0f} MiB",
        flush=True,
    )
    if label == "saudinewsnet":
        # the same work with nothing written: the part of ingest time no store can remove
        seconds, peak, out, err, code = run_measured(
            [sys.executable, "-c", _EXTRACT_ONLY, str(corpus), str(args.jobs or 0)]
        )
        if code != 0:
            raise SystemExit(f"extraction alone failed ({code}): {err[-2000:]}")
        result["extract_only"] = {"seconds": seconds, "peak_rss_bytes": peak}
        print(
            f"extraction and mapping alone (no store): {seconds:.1f} s for {out.strip()} articles "
            f"({articles / seconds:.0f}/s), peak RSS {peak / 2**20:.0f} MiB",
            flush=True,
        )
        # the same corpus without evidence (kg ingest --no-evidence): what the Web Annotations cost
        lean = work / f"store-{label}-no-evidence"
        seconds, peak, _, err, code = run_measured(
            [*KG, "ingest", str(corpus), "--store", str(lean), *cmd[len(KG) + 4 :], "--no-evidence"]
        )
        m = _INGESTED.search(err)
        if code not in (0, 3) or m is None:
            raise SystemExit(f"kg ingest --no-evidence failed ({code}): {err[-2000:]}")
        result["no_evidence"] = {"ingest_s": seconds, "peak_rss_bytes": peak, "triples_written": int(m[4])}
        print(
            f"ingest --no-evidence: {seconds:.1f} s ({articles / seconds:.0f}/s), {m[4]} triples written, "
            f"peak RSS {peak / 2**20:.0f} MiB",
            flush=True,
        )
    result["queries"] = kg_latencies(store, args.runs)
    for name, q in result["queries"].items():
        print(
            f"  {name:24s} in-process {1000 * q['median_s']:9.1f} ms   kg query {q['cli_median_s']:6.2f} s"
            f"   rows {q['rows']}",
            flush=True,
        )
        if "proposed" in q:
            p = q["proposed"]
            print(
                f"  {'':24s} proposed rewrite {1000 * p['median_s']:7.1f} ms   same rows: {p['same_rows']}",
                flush=True,
            )
    if rdflib and not args.skip_rdflib:
        if result["store_triples"] > args.rdflib_max_triples:
            print(
                f"  rdflib baseline skipped: {result['store_triples']} triples > --rdflib-max-triples",
                flush=True,
            )
        else:
            turtle = work / f"{label}.ttl"
            t0 = time.perf_counter()
            subprocess.run([*KG, "export", "--store", str(store), "-o", str(turtle)], check=True)
            result["export_turtle_s"] = time.perf_counter() - t0
            base = rdflib_baseline(turtle, args.runs, args.rdflib_timeout, args.rdflib_plain)
            result["rdflib"] = base
            print(f"  rdflib: parse {base['parse_s']:.1f} s, {base['triples']} triples", flush=True)
            for name, q in result["queries"].items():
                q["rdflib_ratio"] = _ratio(base["queries"][name], q["median_s"])
                print(f"  {name:24s} rdflib / kg: {q['rdflib_ratio']}", flush=True)
                if name in base.get("plain", {}):
                    q["rdflib_plain_ratio"] = _ratio(base["plain"][name], q["median_s"])
                    print(f"  {'':24s} rdflib (plain form) / kg: {q['rdflib_plain_ratio']}", flush=True)
            turtle.unlink()
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="SaudiNewsNet .jsonl.gz")
    ap.add_argument(
        "--scale", type=int, default=10, help="the large synthetic corpus is this many times the base"
    )
    ap.add_argument("--base", type=int, default=None, help="synthetic base size [the corpus's article count]")
    ap.add_argument("--jobs", type=int, default=None, help="kg ingest --jobs [the number of cores]")
    ap.add_argument("--runs", type=int, default=5, help="runs per query (at least 5 for the report)")
    ap.add_argument("--rdflib-timeout", type=float, default=300.0, help="seconds per rdflib query")
    ap.add_argument("--rdflib-max-triples", type=int, default=3_000_000)
    ap.add_argument("--skip-rdflib", action="store_true")
    ap.add_argument(
        "--rdflib-plain", action="store_true", help="also time rdflib on the plain form of each query"
    )
    ap.add_argument("--quick", action="store_true", help="a small run to try the script: base 500, scale 4")
    ap.add_argument("--workdir", type=Path, default=None, help="keep stores and corpora here")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = ap.parse_args()
    if args.quick:
        args.base, args.scale = args.base or 500, 4
    work = args.workdir or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"kg benchmark, {os.cpu_count()} cores, work folder {work}", flush=True)
    results: dict[str, dict] = {}
    base = args.base
    if args.quick:
        print("--quick: SaudiNewsNet skipped")
    elif args.corpus.is_file():
        results["saudinewsnet"] = bench_corpus("saudinewsnet", args.corpus, work, args, rdflib=True)
        base = base or _count_lines(args.corpus)  # articles read, empty ones included
    else:
        print(f"SaudiNewsNet not found at {args.corpus}: skipped (give --corpus PATH)")
    base = base or SAUDINEWSNET_ARTICLES
    for factor in (1, args.scale):
        n = base * factor
        path = work / f"synthetic-{n}.jsonl.gz"
        t0 = time.perf_counter()
        synthetic.write_corpus(path, n, seed=0)
        print(f"\nsynthetic corpus of {n} articles written in {time.perf_counter() - t0:.1f} s", flush=True)
        results[f"synthetic_{factor}x"] = bench_corpus(
            f"synthetic-{factor}x", path, work, args, rdflib=factor == 1
        )
        path.unlink()
    small, large = results["synthetic_1x"], results[f"synthetic_{args.scale}x"]
    growth = (large["ingest_s"] / small["ingest_s"]) / (large["articles"] / small["articles"])
    results["linearity"] = {"time_ratio_per_article": growth}
    print(
        f"\nsynthetic ingest: {small['articles']} articles {small['ingest_s']:.1f} s, "
        f"{large['articles']} articles {large['ingest_s']:.1f} s: time per article x{growth:.2f} "
        "(1.00 = linear)"
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
