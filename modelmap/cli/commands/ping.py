"""``modelmap ping``: probe backends without spending tokens; exit 1 when any probe fails."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from modelmap.cli.common import EXIT_FAILED, EXIT_OK, run
from modelmap.cli.options import (
    CATALOG_FILE,
    CONFIG,
    ENV_FILE,
    NO_CATALOG,
    NO_ENV_FILE,
    finite_seconds,
)

if TYPE_CHECKING:
    from modelmap.catalog import Catalog
    from modelmap.catalog.drift import Drift
    from modelmap.ping import BackendPlan, PingResult

COLUMNS = ("backend", "provider", "model id", "status", "http", "latency ms", "detail")


def _row(r: PingResult) -> tuple[str, ...]:
    code = str(r.http_status) if r.http_status is not None else "-"
    latency = f"{r.latency_ms:.0f}" if r.latency_ms is not None else "-"
    return (r.backend, r.provider, r.model_id, r.status, code, latency, r.detail)


def render_table(results: Sequence[PingResult]) -> str:
    """Aligned plain-text columns (no escape codes, so it pipes cleanly)."""
    rows = [COLUMNS, *(_row(r) for r in results)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS) - 1)]
    lines = []
    for row in rows:
        cells = [cell.ljust(w) for cell, w in zip(row, widths, strict=False)] + [row[-1]]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def _progress(total: int) -> tuple[Callable[[PingResult], None], Callable[[], None]]:
    """A live progress display on stderr when it is a terminal; otherwise nothing."""
    if not sys.stderr.isatty():
        return (lambda _result: None), (lambda: None)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    progress = Progress(
        TextColumn("pinging"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=Console(file=sys.stderr),
        transient=True,
    )
    task = progress.add_task("", total=total)
    progress.start()

    def update(result: PingResult) -> None:
        progress.update(task, advance=1, description=f"{result.backend} {result.status}")

    return update, progress.stop


def _drifts(lists: list[tuple[BackendPlan, Any]], catalog: Catalog | None) -> dict[str, Drift]:
    """Per backend on its provider's default URL: where its model list and the catalog
    disagree (a proxy or private deployment lists what it likes)."""
    if catalog is None:
        return {}
    from datetime import date

    from modelmap.catalog.drift import drift
    from modelmap.provider_types import provider_type

    found = {}
    for item, body in lists:
        target = item.target
        kind = provider_type(target.provider)
        default = kind.default_base_url if kind else None
        if default is None or target.base_url.rstrip("/") != default.rstrip("/"):
            continue
        result = drift(target.backend, target.provider, body, catalog, date.today())
        if result is not None:
            found[target.backend] = result
    return found


def command(
    names: list[str] | None = typer.Argument(
        None,
        metavar="NAMES...",
        help="Models to probe (their whole chains). Default: every enabled model.",
        show_default=False,
    ),
    config: Path | None = CONFIG,
    as_json: bool = typer.Option(False, "--json", help="A JSON list of results on stdout."),
    timeout: float | None = typer.Option(
        None,
        "--timeout",
        metavar="S",
        min=0.001,
        callback=finite_seconds,
        help="Seconds per probe (default: the backend's timeout, else 10).",
        show_default=False,
    ),
    concurrency: int = typer.Option(
        64,  # modelmap.ping.DEFAULT_CONCURRENCY, not imported here: it pulls in httpx
        "--concurrency",
        metavar="N",
        min=1,
        help="Probes in flight at once; lower it if a provider rate-limits model listing.",
    ),
    env_file: Path | None = ENV_FILE,
    no_env_file: bool = NO_ENV_FILE,
    catalog: Path | None = CATALOG_FILE,
    no_catalog: bool = NO_CATALOG,
) -> None:
    """Check that every backend answers, accepts its key and serves its models (no tokens)."""

    def body() -> int:
        from modelmap.cli.options import catalog_for, load_for_command
        from modelmap.ping import ping, plan

        loaded = load_for_command(config, env_file, no_env_file)
        plans = plan(loaded.config, names or ())
        total = sum(len(p.model_ids) for p in plans)
        update, stop = _progress(total) if not as_json else ((lambda _r: None), (lambda: None))
        facts = catalog_for(catalog, no_catalog)
        lists: list[tuple[BackendPlan, Any]] = []
        try:
            results = ping(
                plans,
                loaded.environ,
                concurrency=concurrency,
                timeout=timeout,
                on_result=update,
                on_list=lambda item, body: lists.append((item, body)),
            )
        finally:
            stop()
        drifts = _drifts(lists, facts)
        failed = sum(not r.ok for r in results)
        if as_json:
            rows = []
            for r in results:
                found = drifts.get(r.backend)
                rows.append({**r.as_dict(), "drift": found.as_dict() if found else None})
            sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        else:
            sys.stdout.write(render_table(results))
            backends = len({r.backend for r in results})
            sys.stderr.write(
                f"{len(results) - failed} ok, {failed} failed "
                f"({backends} backend{'s' if backends != 1 else ''})\n"
            )
            from modelmap.catalog.drift import drift_text

            for found in drifts.values():
                sys.stderr.write(drift_text(found))
        return EXIT_FAILED if failed else EXIT_OK

    run(body)
