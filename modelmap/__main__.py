"""Allow ``python -m modelmap``."""

from __future__ import annotations

from modelmap.cli.entry import main

if __name__ == "__main__":
    main()
