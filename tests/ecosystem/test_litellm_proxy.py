"""The exported config on the real LiteLLM proxy, against the fake provider on 127.0.0.1.

Needs the interop extra (``pip install -e '.[interop]'``); skipped without it. The proxy
runs offline (``LITELLM_LOCAL_MODEL_COST_MAP``), bound to loopback, and is always killed.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fakeprovider import Behaviour, FakeProvider
from fakeprovider.server import free_port
from typer.testing import CliRunner

from modelmap.cli.main import app

pytestmark = [pytest.mark.slow, pytest.mark.interop]

MASTER = "sk-master-test-0000"
START_TIMEOUT = 90.0
CONFIG = """\
models:
  smart:
    backend: prox-a/gpt-4o
    aliases: [clever]
    fallbacks: [prox-b/gpt-4o-mini, local]
    parameters: {{temperature: 0.2}}
  local:
    backend: prox-c/llama3
backends:
  prox-a: {{provider: custom, base_url: "{a}", api_key: "${{PROX_A_KEY}}"}}
  prox-b: {{provider: custom, base_url: "{b}", api_key: "${{PROX_B_KEY}}"}}
  prox-c: {{provider: custom, base_url: "{c}", api_key: "${{PROX_C_KEY}}"}}
"""


def _litellm() -> str:
    binary = Path(sys.executable).with_name("litellm")
    missing = [m for m in ("litellm", "fastapi", "uvicorn") if importlib.util.find_spec(m) is None]
    if missing or not binary.exists():
        pytest.skip(
            f"the LiteLLM proxy is not installed ({', '.join(missing) or 'no litellm command'}):"
            " pip install -e '.[interop]'"
        )
    return str(binary)


@pytest.fixture(scope="module")
def proxy(
    fake_provider: FakeProvider, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    """The proxy serving the exported config; yields its URL and the modelmap config."""
    binary = _litellm()
    bases = {
        name: fake_provider.add(f"prox-{name}", "openai", key=f"key-{name}", models=[model])
        for name, model in (("a", "gpt-4o"), ("b", "gpt-4o-mini"), ("c", "llama3"))
    }
    folder = tmp_path_factory.mktemp("proxy")
    config = folder / "modelmap.yaml"
    config.write_text(CONFIG.format(**bases), encoding="utf-8")
    exported = folder / "litellm.yaml"
    result = CliRunner().invoke(app, ["export", "-c", str(config), "-o", str(exported)])
    assert result.exit_code == 0, result.output
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.endswith(("_API_KEY", "_PROXY"))}
    env.update(
        LITELLM_MASTER_KEY=MASTER,
        PROX_A_KEY="key-a",
        PROX_B_KEY="key-b",
        PROX_C_KEY="key-c",
        LITELLM_LOCAL_MODEL_COST_MAP="True",
        LITELLM_TELEMETRY="False",
        NO_PROXY="127.0.0.1,localhost",
    )
    log = (folder / "proxy.log").open("w")
    process = subprocess.Popen(
        [binary, "--config", str(exported), "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                if httpx.get(f"{url}/health/liveliness", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.flush()
                tail = (folder / "proxy.log").read_text(encoding="utf-8")[-2000:]
                pytest.fail(f"the proxy did not start within {START_TIMEOUT:.0f} s:\n{tail}")
            time.sleep(0.5)  # polling a start-up, not timing a behaviour
        yield url, config
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        log.close()


def _chat(url: str, name: str) -> httpx.Response:
    return httpx.post(
        f"{url}/v1/chat/completions",
        headers={"Authorization": f"Bearer {MASTER}"},
        json={"model": name, "messages": [{"role": "user", "content": "hi"}]},
        timeout=60,
    )


def _chain(config: Path, name: str) -> list[str]:
    result = CliRunner().invoke(app, ["resolve", name, "-c", str(config), "--json"])
    assert result.exit_code == 0, result.output
    return [entry["backend"] for entry in json.loads(result.stdout)["chain"]]


def _counts(fake: FakeProvider) -> dict[str, int]:
    return {name: len(fake.requests(name)) for name in ("prox-a", "prox-b", "prox-c")}


def test_every_name_and_alias_reaches_its_backend(
    proxy: tuple[str, Path], fake_provider: FakeProvider
) -> None:
    url, config = proxy
    for name in ("smart", "clever", "local"):
        before = _counts(fake_provider)
        response = _chat(url, name)
        assert response.status_code == 200, response.text
        primary = _chain(config, name)[0]
        after = _counts(fake_provider)
        assert {b: after[b] - before[b] for b in after} == {b: int(b == primary) for b in after}, (
            name
        )
        seen: Any = fake_provider.requests(primary)[-1]
        assert seen.headers["authorization"] == f"Bearer key-{primary[-1]}"


def test_failover_follows_the_resolved_chain(
    proxy: tuple[str, Path], fake_provider: FakeProvider
) -> None:
    url, config = proxy
    chain = _chain(config, "smart")
    assert chain == ["prox-a", "prox-b", "prox-c"]
    fake_provider.set_behaviour("prox-a", Behaviour(status=503))
    fake_provider.set_behaviour("prox-b", Behaviour(status=503))
    try:
        for name in ("smart", "clever"):
            before = _counts(fake_provider)
            response = _chat(url, name)
            assert response.status_code == 200, response.text
            after = _counts(fake_provider)
            # each entry once, in the chain's order: the last one answered
            assert [after[b] - before[b] for b in chain] == [1, 1, 1], name
    finally:
        fake_provider.set_behaviour("prox-a", Behaviour())
        fake_provider.set_behaviour("prox-b", Behaviour())


@pytest.mark.parametrize(
    ("status", "tries"),
    [
        (400, 1),  # the difference the header states: modelmap stops at a 400, LiteLLM not
        (429, 2),  # retry_policy: a 429 is retried once, then the chain moves on
        (401, 1),
        (403, 1),
        (404, 1),
        (500, 1),
        (529, 1),
    ],
)
def test_what_the_header_says_about_errors(
    proxy: tuple[str, Path], fake_provider: FakeProvider, status: int, tries: int
) -> None:
    url, _ = proxy
    fake_provider.set_behaviour("prox-a", Behaviour(status=status))
    try:
        before = _counts(fake_provider)
        response = _chat(url, "smart")
        after = _counts(fake_provider)
    finally:
        fake_provider.set_behaviour("prox-a", Behaviour())
    assert response.status_code == 200, response.text
    assert after["prox-a"] - before["prox-a"] == tries
    # the next chain entry answered, and none after it was tried: with the test above
    # (a and b failing, each tried once before c answered) the order is a, b, c
    assert after["prox-b"] - before["prox-b"] == 1
    assert after["prox-c"] - before["prox-c"] == 0
