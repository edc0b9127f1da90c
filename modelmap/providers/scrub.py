"""Scrubbing secrets from a provider's text, however the server echoed them.

A server may quote a key whole, cut it short (``sk-abc…xyz``), fold it across lines, read a
UTF-8 header as Latin-1 and echo the mojibake, percent-encode or JSON-escape it, or quote
it in pieces. :func:`scrub` masks the whole value and every run of :data:`RUN` or more of
its characters in each of those forms.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from urllib.parse import quote

RUN = 8  # any run of this many characters of a secret is treated as the secret
_MASK = "***"


def _forms(secret: str) -> set[str]:
    """``secret`` as a server may echo it: as sent or read back as Latin-1 or cp1252
    (mojibake of UTF-8), each of these also percent-encoded or JSON-escaped."""
    raw = secret.encode("utf-8", "surrogatepass")
    bases = {secret, raw.decode("latin-1"), raw.decode("cp1252", "replace")}
    forms = set(bases)
    for base in bases:
        encoded = quote(base, safe="")
        forms |= {encoded, encoded.lower(), quote(base), quote(base, safe="").replace("%20", "+")}
        forms.add(json.dumps(base)[1:-1])
        forms.add(json.dumps(base, ensure_ascii=False)[1:-1])
    return {f for f in forms if f}


_CUT = re.compile(r"\u2026|\.{2,}|\*+")  # what marks a value shown cut short


def _windows(
    secrets: Iterable[str], run: int, public: Iterable[str] = ()
) -> tuple[set[str], set[str], list[str]]:
    """Every ``run``-long piece of every form of every secret (whitespace removed) that is
    not also part of a ``public`` text, the forms shorter than ``run``, and the whole forms
    (for cut-short prefixes and suffixes)."""
    windows: set[str] = set()
    short: set[str] = set()
    whole: list[str] = []
    for secret in secrets:
        if len(secret) < 4:
            continue
        for form in _forms(secret):
            form = "".join(form.split())
            whole.append(form)
            if len(form) < run:
                short.add(form)
            else:
                windows.update(form[i : i + run] for i in range(len(form) - run + 1))
    shown = ["".join(text.split()) for text in public]
    if shown:  # "https://" of a Referer header is no secret when the URL is shown anyway
        windows = {w for w in windows if not any(w in text for text in shown)}
    return windows, short, whole


def _cut_spans(skeleton: str, whole: list[str], run: int) -> list[tuple[int, int]]:
    """Spans of a secret's start (5 or more characters) shown just before an ellipsis or
    asterisks, and of its end (5 or more) just after one: ``sk-abcd...wxyz1``."""
    spans: list[tuple[int, int]] = []
    for cut in _CUT.finditer(skeleton):
        before, after = skeleton[: cut.start()], skeleton[cut.end() :]
        for form in whole:
            for n in range(min(len(form), run) - 1, 4, -1):
                if before.endswith(form[:n]):
                    spans.append((cut.start() - n, cut.start()))
                    break
            for n in range(min(len(form), run) - 1, 4, -1):
                if after.startswith(form[-n:]):
                    spans.append((cut.end(), cut.end() + n))
                    break
    return spans


def scrub(text: str, secrets: Iterable[str], run: int = RUN, public: Iterable[str] = ()) -> str:
    """``text`` with every secret, every re-encoding of it (Latin-1 mojibake, percent- and
    JSON-escaped), every run of ``run`` or more of its characters and every cut-short
    start or end of it replaced by ``***`` (after its first 3 characters when the secret
    is shown from its start), whitespace folded in or not; overlapping
    pieces merge into one mask. A piece of 8 that is also part of a ``public`` text (the
    request's URL, shown anyway: ``https://`` of a Referer header) is left alone."""
    if not text:
        return text
    windows, short, whole = _windows(secrets, run, public)
    if not whole:
        return text
    where = [i for i, c in enumerate(text) if not c.isspace()]  # skeleton index -> text
    skeleton = "".join(text[i] for i in where)
    spans: list[tuple[int, int]] = []
    if windows:
        spans += [
            (i, i + run) for i in range(len(skeleton) - run + 1) if skeleton[i : i + run] in windows
        ]
    for form in short:
        start = skeleton.find(form)
        while start != -1:
            spans.append((start, start + len(form)))
            start = skeleton.find(form, start + 1)
    if len(skeleton) < 4096:  # cut-short pieces only in messages of a readable size
        spans += _cut_spans(skeleton, whole, run)
    if not spans:
        return text
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    heads = {form[:run]: form[:3] for form in whole if len(form) >= run}
    out: list[str] = []
    last = 0
    for start, end in merged:
        begin, stop = where[start], where[end - 1] + 1
        gap = text[last:begin]
        out.append(gap)
        # a secret shown from its start keeps its first 3 characters ("sk-***"), as
        # elsewhere; a piece from elsewhere in it keeps none; beside a mask already there
        # (scrubbed twice, or a server's own asterisks) no second one is added
        before = gap if gap or len(out) < 2 else out[-2]
        beside = before.endswith("*") or text.startswith("*", stop)
        out.append(heads.get(skeleton[start : start + run], "") + ("" if beside else _MASK))
        last = stop
    out.append(text[last:])
    return "".join(out)
