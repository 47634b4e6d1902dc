"""Benchmark: the archive against plain MkDocs on the same texts, measured in the same run.

For each N: a synthetic archive (bench/generate.py) is built three ways, each in a process of
its own so that peak memory is measured per step (`ru_maxrss` of the step and its children):

- baseline: the same article texts as bare Markdown pages, Material theme, kept out of the
  navigation, plain `mkdocs build`, then Pagefind over the built site;
- ours: generation alone (load to render, and write) with empty caches, then again with the
  caches it filled (prepared articles and rendered pages, as CI keeps them between runs), the
  full `archive build` (generation, MkDocs, search index) with empty caches, then again with the
  caches that build filled and nothing else (as in CI, which keeps `build/cache`), the search bytes a reader
  downloads for queries of different frequency in headless Chromium (the baseline's through
  Pagefind's own API, for the same queries);
- incremental: one annotation file changed, the pages rewritten and the time until the preview
  (`archive serve`) shows the change (three edits of three articles, the median; the page is
  fetched every 20 ms).

Usage: python bench/run.py N [N ...] [--work DIR] [--skip-browser] [--skip-preview]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate import QUERIES, document_share, generate  # noqa: E402

PYTHON = sys.executable
BIN = Path(PYTHON).parent

TARGETS = """Targets at N = 10,000 (issue 15): full build <= 1.5 x baseline total; generation <= 25% of our MkDocs
phase; with the caches of a previous run, generation >= 1,000 articles/s; preview shows an annotation edit
within 5% of the baseline's MkDocs build; median article page <= 1.5 x baseline's, site <= 2 x; each query
<= 1.1 x the baseline's bytes and <= 300 KB; peak memory <= 1.3 x the baseline's Pagefind peak.
CPU is user + system time of the step and its children (the machine is shared; prefer it to wall time)."""


def measure(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Run a command in a child process; return (seconds, peak MiB of the largest process, output).

    Its CPU time (user + system, with its children) is kept in `LAST_CPU`.
    """
    wrapper = (
        "import resource, subprocess, sys, time, json\n"
        "start = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "elapsed = time.perf_counter() - start\n"
        "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "peak = usage.ru_maxrss / 1024\n"
        "cpu = usage.ru_utime + usage.ru_stime\n"
        "print(json.dumps({'seconds': elapsed, 'peak': peak, 'cpu': cpu, 'code': done.returncode, 'out': done.stdout[-3000:] + done.stderr[-3000:]}))\n"
    )
    completed = subprocess.run(
        [PYTHON, "-c", wrapper, *command], cwd=cwd, capture_output=True, text=True, env=env, check=True
    )
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    if result["code"] != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result['out']}")
    global LAST_CPU  # noqa: PLW0603 - the one figure `measure` returns besides its tuple
    LAST_CPU = result["cpu"]
    return result["seconds"], result["peak"], result["out"]


LAST_CPU = 0.0
"""CPU seconds (user + system) of the last command `measure` ran."""


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def baseline_project(archive: Path, out: Path) -> None:
    """The same article texts as bare Markdown pages with the Material theme, out of the navigation."""
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs" / "articles"
    docs.mkdir(parents=True)
    (out / "docs" / "index.md").write_text("# Baseline\n\nPlain MkDocs over the same texts.\n", encoding="utf-8")
    for raw in sorted((archive / "articles").glob("*.txt")):
        lines = [line.strip() for line in raw.read_text(encoding="utf-8").splitlines() if line.strip()]
        title, body = lines[2], lines[3:]
        (docs / f"{raw.stem}.md").write_text(f"# {title}\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
    (out / "mkdocs.yml").write_text(
        "site_name: Baseline\ntheme:\n  name: material\n  font: false\nplugins: []\n"
        "nav:\n  - Home: index.md\nnot_in_nav: |\n  /articles/*.md\n",
        encoding="utf-8",
    )


def our_project(archive: Path) -> None:
    for name in ("docs", "overrides"):
        if (archive / name).exists():
            shutil.rmtree(archive / name)
        shutil.copytree(REPO / name, archive / name)
    shutil.copy(REPO / "mkdocs.yml", archive / "mkdocs.yml")


def median_article_bytes(site: Path) -> int:
    sizes = [p.stat().st_size for p in (site / "articles").glob("*/index.html")]
    return int(statistics.median(sizes)) if sizes else 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _body_size(response: Any) -> int:
    """Bytes of a response's body; 0 when it failed or arrives after the page was closed."""
    try:
        return len(response.body()) if response.ok else 0
    except Exception:  # noqa: BLE001 - Playwright raises its own errors for a closed page
        return 0


def _bytes_after_load(site: Path, start: str, action: Callable[[Any], None]) -> int | None:
    """Bytes Chromium downloads while `action` runs on the page at `start` (after that page has loaded)."""
    try:
        from playwright.sync_api import sync_playwright  # noqa: PLC0415
    except ImportError:
        return None
    port = free_port()
    server = subprocess.Popen(
        [PYTHON, "-m", "http.server", str(port), "-d", str(site)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        time.sleep(0.7)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
            )
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/{start}", wait_until="networkidle")
            sizes: list[int] = []
            page.on("response", lambda r: sizes.append(_body_size(r)))
            action(page)
            page.wait_for_load_state("networkidle")
            browser.close()
            return sum(sizes)
    finally:
        server.terminate()


def search_bytes(site: Path, query: str) -> int | None:
    """Bytes a reader downloads for one search in the site's search box, from an article page."""

    def search(page: Any) -> None:
        page.keyboard.press("/")
        page.keyboard.type(query, delay=30)
        page.wait_for_selector("[data-archive-search-results] li", timeout=30000)

    article = next((site / "articles").glob("*/index.html")).parent.name
    return _bytes_after_load(site, f"articles/{article}/", search)


API_SEARCH = """async (query) => {
  const pagefind = await import("/pagefind/pagefind.js");
  await pagefind.init();
  const search = await pagefind.search(query);
  await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
  return search.results.length;
}"""


def api_search_bytes(site: Path, query: str) -> int | None:
    """Bytes Pagefind's own API downloads for one query and its first ten results (no search page needed)."""
    return _bytes_after_load(site, "", lambda page: page.evaluate(API_SEARCH, query))


PREVIEW_EDITS = 3
"""Edits timed in the preview (of three articles); the median is reported."""
PREVIEW_POLL_S = 0.02
"""How often the edited page is fetched: well below the 1 s the target allows, so the figure is the preview's, not the poll's."""


def preview_latency(archive: Path) -> tuple[float | None, int]:
    """Seconds from saving an annotation edit until `archive serve` shows it (median of `PREVIEW_EDITS`); pages rewritten."""
    port = free_port()
    timings = archive / "preview-timings.jsonl"
    timings.unlink(missing_ok=True)
    env = {**os.environ, "ARCHIVE_TIMINGS": str(timings), "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [str(BIN / "archive"), "--root", str(archive), "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=archive,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        files = sorted((archive / "annotations" / "articles").glob("*.yml"))
        # `mkdocs serve` serves the site under the path of its site_url.
        site_url = re.search(r"^site_url:\s*(\S+)", (archive / "mkdocs.yml").read_text(), re.MULTILINE)
        prefix = urllib.parse.urlparse(site_url.group(1)).path if site_url else "/"
        base = f"http://127.0.0.1:{port}{prefix.rstrip('/')}/articles/"
        deadline = time.time() + 1800
        while time.time() < deadline:
            try:
                urllib.request.urlopen(base + files[0].stem + "/", timeout=5).read()
                break
            except OSError:
                time.sleep(1)
        seconds: list[float] = []
        written = -1
        for k in range(PREVIEW_EDITS):
            target = files[len(files) // 2 + 7 * k]
            url = base + target.stem + "/"
            time.sleep(3)  # Let the watcher settle after the first build, or the last edit's undoing.
            marker = f"Edited for the benchmark {time.time_ns()}."
            text = target.read_text(encoding="utf-8")
            edited = re.sub(r"(    summary: ).*", rf"\g<1>{marker}", text, count=1)
            start = time.perf_counter()
            target.write_text(edited, encoding="utf-8")
            if _shown(url, marker, present=True):
                seconds.append(time.perf_counter() - start)
                phases = [json.loads(line) for line in timings.read_text().splitlines()]
                written = phases[-1]["written"] if phases else -1
            target.write_text(text, encoding="utf-8")
            _shown(url, marker, present=False)
        return (statistics.median(seconds) if seconds else None), written
    finally:
        server.terminate()
        server.wait(timeout=30)


def _shown(url: str, marker: str, *, present: bool, limit: float = 600) -> bool:
    """Fetch `url` every `PREVIEW_POLL_S` until `marker` is on its page (or, not `present`, gone); False after `limit` seconds."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        try:
            if (marker in urllib.request.urlopen(url, timeout=5).read().decode("utf-8")) == present:
                return True
        except OSError:
            pass
        time.sleep(PREVIEW_POLL_S)
    return False


def run(n: int, work: Path, browser: bool, preview: bool) -> dict[str, float | int | None]:
    root = work / f"n{n}"
    archive, base = root / "archive", root / "baseline"
    generate(archive, n)
    our_project(archive)
    baseline_project(archive, base)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    results: dict[str, float | int | None] = {"n": n}
    results["base_build_s"], results["base_build_mb"], _ = measure([str(BIN / "mkdocs"), "build", "-q"], base, env)
    results["base_build_cpu"] = LAST_CPU
    results["base_pagefind_s"], results["base_pagefind_mb"], _ = measure(
        [PYTHON, "-m", "pagefind", "--site", "site", "--silent"], base, env
    )
    results["base_pagefind_cpu"] = LAST_CPU
    results["base_site_mb"] = du(base / "site") / 2**20
    results["base_article_bytes"] = median_article_bytes(base / "site")
    gen = (
        "import sys, time, json, pathlib;from build_tools.site import generate;"
        "from build_tools.render.context import RenderOptions;"
        "root=pathlib.Path(sys.argv[1]);t=time.perf_counter();"
        "g=generate(root, root/'build'/sys.argv[2], RenderOptions());"
        "print(json.dumps({'s': time.perf_counter()-t, 'pages': len(g.pages)}))"
    )
    shutil.rmtree(archive / "build", ignore_errors=True)
    # First with empty caches (everything parsed and rendered), then again with the caches it filled.
    results["gen_s"], results["gen_mb"], _ = measure([PYTHON, "-c", gen, str(archive), "bench-generated"], REPO, env)
    results["gen_cpu"] = LAST_CPU
    results["gen_rate"] = n / results["gen_s"]
    # As in CI: the caches kept, the pages written into a folder that is not there. A new folder,
    # not the first run's deleted: on this machine's disk, creating 40,000 files just after deleting
    # as many took 12.5 s at 10,000 articles, against 2.3 s with no deletion before.
    results["gen_warm_s"], results["gen_warm_mb"], _ = measure(
        [PYTHON, "-c", gen, str(archive), "bench-generated-warm"], REPO, env
    )
    results["gen_warm_cpu"] = LAST_CPU
    results["gen_warm_rate"] = n / results["gen_warm_s"]
    # The full build starts with no caches. The generations' files are moved aside, and deleted
    # once everything is measured: deleted here, they slowed the build's own writes (see above).
    set_aside = root / "set-aside"
    shutil.rmtree(set_aside, ignore_errors=True)  # Left by an interrupted run.
    (archive / "build").rename(set_aside)
    results.update(full_build(archive, root / "timings.jsonl", env, ""))
    results["site_mb"] = du(archive / "site") / 2**20
    results["index_mb"] = du(archive / "site" / "pagefind") / 2**20
    results["article_bytes"] = median_article_bytes(archive / "site")
    # Again as in CI, where the workflows keep `build/cache` between runs: the caches the full build
    # filled stay, the generated pages, the search index's files and the site start anew.
    (set_aside / "warm").mkdir()
    for path in [archive / "site", *(p for p in (archive / "build").iterdir() if p.name != "cache")]:
        path.rename(set_aside / "warm" / f"{path.parent.name}-{path.name}")
    results.update(full_build(archive, root / "timings-warm.jsonl", env, "_warm"))
    search_env = (
        "import sys, pathlib;from build_tools.pipeline import run_pipeline;from build_tools.search import "
        "write_search_index;from build_tools.pages import search_records;root=pathlib.Path(sys.argv[1]);"
        "write_search_index(root/'site', search_records(run_pipeline(root).archive))"
    )
    _, results["search_mb"], _ = measure([PYTHON, "-c", search_env, str(archive)], REPO, env)
    for label, query in QUERIES.items():
        results[f"share {label}"] = document_share(archive, query)
        results[f"ours {label}"] = (search_bytes(archive / "site", query) or 0) / 1024 if browser else None
        results[f"base {label}"] = (api_search_bytes(base / "site", query) or 0) / 1024 if browser else None
    if preview:
        results["preview_s"], results["preview_written"] = preview_latency(archive)
    shutil.rmtree(set_aside)
    return results


def full_build(archive: Path, timings: Path, env: dict[str, str], suffix: str) -> dict[str, float | None]:
    """`archive build` measured, with its phases: generation, MkDocs (the rest), search indexing alongside."""
    timings.unlink(missing_ok=True)
    seconds, peak, _ = measure(
        [str(BIN / "archive"), "--root", str(archive), "build"], archive, {**env, "ARCHIVE_TIMINGS": str(timings)}
    )
    phases = {p["phase"]: p["seconds"] for p in map(json.loads, timings.read_text().splitlines())}
    return {
        f"full{suffix}_s": seconds,
        f"full{suffix}_mb": peak,
        f"full{suffix}_cpu": LAST_CPU,
        f"full{suffix}_gen_s": phases.get("generation"),
        f"search{suffix}_s": phases.get("search"),
        f"search{suffix}_wait_s": phases.get("search-wait"),
        # Pagefind indexes alongside MkDocs: only the time the build waited for it is its own.
        f"mkdocs{suffix}_s": seconds - (phases.get("generation") or 0) - (phases.get("search-wait") or 0),
    }


def fmt(value: float | None, spec: str = ".1f") -> str:
    return "n/a" if value is None else format(value, spec)


def table(r: dict[str, float | int | None], reference_bytes: int | None) -> str:
    def ratio(a: float | None, b: float | None) -> str:
        return "n/a" if not a or not b else f"{a / b:.2f}x"

    base_total = (r["base_build_s"] or 0) + (r["base_pagefind_s"] or 0)
    rows = [
        (
            "baseline: mkdocs build (Material, articles out of nav)",
            f"{fmt(r['base_build_s'])} s",
            f"{fmt(r['base_build_mb'], '.0f')} MiB",
            "",
        ),
        (
            "baseline: Pagefind over its site",
            f"{fmt(r['base_pagefind_s'])} s",
            f"{fmt(r['base_pagefind_mb'], '.0f')} MiB",
            "",
        ),
        (
            "baseline: total",
            f"{fmt(base_total)} s",
            "",
            (
                f"CPU {fmt((r.get('base_build_cpu') or 0) + (r.get('base_pagefind_cpu') or 0))} s "
                f"(MkDocs {fmt(r.get('base_build_cpu'))} s)"
            ),
        ),
        (
            "ours: generation alone, empty caches (load..render, write)",
            f"{fmt(r['gen_s'])} s",
            f"{fmt(r['gen_mb'], '.0f')} MiB",
            f"{fmt(r['gen_rate'], '.0f')} articles/s, CPU {fmt(r.get('gen_cpu'))} s",
        ),
        (
            "ours: generation with the caches of the run before (CI)",
            f"{fmt(r['gen_warm_s'])} s",
            f"{fmt(r.get('gen_warm_mb'), '.0f')} MiB",
            f"{fmt(r['gen_warm_rate'], '.0f')} articles/s, CPU {fmt(r.get('gen_warm_cpu'))} s",
        ),
        (
            "ours: generation inside the build (empty caches)",
            f"{fmt(r['full_gen_s'])} s",
            "",
            f"{ratio(r['full_gen_s'], r['mkdocs_s'])} of our MkDocs time",
        ),
        (
            "ours: MkDocs build (the rest of the build)",
            f"{fmt(r['mkdocs_s'])} s",
            "",
            ratio(r["mkdocs_s"], r["base_build_s"]) + " of baseline build",
        ),
        (
            "ours: search indexing (Pagefind, alongside MkDocs)",
            f"{fmt(r['search_s'])} s",
            f"{fmt(r['search_mb'], '.0f')} MiB",
            f"build waited {fmt(r['search_wait_s'])} s for it",
        ),
        (
            "ours: full build (= make site, empty caches)",
            f"{fmt(r['full_s'])} s",
            f"{fmt(r['full_mb'], '.0f')} MiB",
            ratio(r["full_s"], base_total)
            + " of baseline total; peak "
            + ratio(r["full_mb"], r["base_pagefind_mb"])
            + f" of baseline Pagefind's; CPU {fmt(r.get('full_cpu'))} s",
        ),
        (
            "ours: full build, caches of the run before kept (CI)",
            f"{fmt(r.get('full_warm_s'))} s",
            f"{fmt(r.get('full_warm_mb'), '.0f')} MiB",
            ratio(r.get("full_warm_s"), base_total) + f" of baseline total; CPU {fmt(r.get('full_warm_cpu'))} s",
        ),
        (
            "ours: generation inside that build",
            f"{fmt(r.get('full_warm_gen_s'))} s",
            "",
            (
                f"{ratio(r.get('full_warm_gen_s'), r.get('mkdocs_warm_s'))} of its MkDocs time "
                f"({fmt(r.get('mkdocs_warm_s'))} s)"
            ),
        ),
        (
            "site size (ours / baseline)",
            f"{fmt(r['site_mb'])} MiB",
            f"{fmt(r['base_site_mb'])} MiB",
            ratio(r["site_mb"], r["base_site_mb"]) + f"; index {fmt(r['index_mb'])} MiB",
        ),
        (
            "median article page HTML (ours / baseline)",
            f"{r['article_bytes']} B",
            f"{r['base_article_bytes']} B",
            ratio(r["article_bytes"], r["base_article_bytes"])
            + ((", " + ratio(r["article_bytes"], reference_bytes) + " of N=100") if reference_bytes else ""),
        ),
    ]
    for label, query in QUERIES.items():
        share = r.get(f"share {label}")
        rows.append(
            (
                f"search, {label} '{query}' (in {fmt((share or 0) * 100, '.1f')}% of articles), KB (ours / baseline)",
                f"{fmt(r.get(f'ours {label}'))} KB",
                f"{fmt(r.get(f'base {label}'))} KB",
                ratio(r.get(f"ours {label}"), r.get(f"base {label}")),
            )
        )
    rows.append(
        (
            f"edit one annotation: preview shows it after (median of {PREVIEW_EDITS})",
            f"{fmt(r.get('preview_s'), '.2f')} s",
            f"{r.get('preview_written', 'n/a')} files rewritten",
            ratio(r.get("preview_s"), r["base_build_s"]) + " of baseline build",
        )
    )
    width = max(len(row[0]) for row in rows)
    lines = [f"N = {r['n']}", f"{'measure':<{width}} | time/size | memory/other | ratio"]
    lines.append("-" * (width + 50))
    lines += [f"{a:<{width}} | {b} | {c} | {d}" for a, b, c, d in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="+")
    parser.add_argument("--work", type=Path, default=Path("/tmp/archive-bench"))
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--skip-preview", action="store_true")
    args = parser.parse_args()
    reference = None
    if min(args.sizes) > 100:
        reference = run(100, args.work, browser=False, preview=False)["article_bytes"]
    print(TARGETS + "\n")
    for n in sorted(args.sizes):
        result = run(n, args.work, browser=not args.skip_browser, preview=not args.skip_preview)
        if n == 100:
            reference = result["article_bytes"]
        print(table(result, reference if isinstance(reference, int) else None), flush=True)
        print(flush=True)
        (args.work / f"results-{n}.json").write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
