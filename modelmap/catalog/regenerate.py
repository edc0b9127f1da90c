"""Rebuild the bundled snapshot: ``python -m modelmap.catalog.regenerate [SOURCE] [-o OUT]``.

SOURCE is a LiteLLM cost map file (default: the one inside the installed ``litellm``
package, ``model_prices_and_context_window_backup.json``). The snapshot day is today
unless ``--date YYYY-MM-DD`` is given.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from datetime import date
from pathlib import Path

from modelmap.catalog.litellm import convert
from modelmap.catalog.load import BUNDLED
from modelmap.catalog.snapshot import CatalogError, dumps, loads


def installed_source() -> tuple[Path, str]:
    """The cost map shipped in the installed litellm wheel, and its version."""
    spec = importlib.util.find_spec("litellm")  # locates it without importing it
    if spec is None or spec.origin is None:
        raise CatalogError("litellm is not installed: name the cost map file to read")
    from importlib.metadata import version

    path = Path(spec.origin).with_name("model_prices_and_context_window_backup.json")
    return path, f"litellm {version('litellm')}"


def build(source: Path, generator: str, snapshot: date) -> str:
    """Snapshot text converted from the cost map at ``source`` (checked by the loader)."""
    try:
        data = json.loads(source.read_bytes())
    except (OSError, ValueError) as exc:
        raise CatalogError(f"{source}: cannot read the cost map: {exc}") from None
    text = dumps(convert(data, snapshot=snapshot, generator=generator, where=str(source)))
    loads(text, str(source))  # the same check every load makes
    return text


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m modelmap.catalog.regenerate")
    parser.add_argument("source", nargs="?", type=Path, help="a LiteLLM cost map JSON file")
    parser.add_argument("-o", "--output", type=Path, default=BUNDLED)
    parser.add_argument("--date", type=date.fromisoformat, default=None)
    args = parser.parse_args(argv)
    try:
        if args.source is None:
            source, generator = installed_source()
        else:
            source, generator = args.source, f"file {args.source.name}"
        text = build(source, generator, args.date or date.today())
    except CatalogError as exc:
        sys.stderr.write(f"regenerate: error: {exc}\n")
        return 2
    args.output.write_text(text, encoding="utf-8")
    sys.stderr.write(f"wrote {args.output} from {source}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
