"""docker-compose.yml, read (there is no Docker engine here): only the reverse proxy is
published, gunicorn listens inside the compose network, and the app trusts that proxy alone."""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_only_the_reverse_proxy_is_published():
    services = compose()["services"]
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"proxy"}
    assert services["proxy"]["image"].startswith("caddy:")
    assert "--bind" in services["api"]["command"]


def test_the_app_trusts_x_forwarded_for_from_the_proxys_fixed_address_only():
    document = compose()
    services = document["services"]
    proxy_address = services["proxy"]["networks"]["internal"]["ipv4_address"]
    subnet = document["networks"]["internal"]["ipam"]["config"][0]["subnet"]
    assert ipaddress.ip_address(proxy_address) in ipaddress.ip_network(subnet)
    for name in ("api", "worker", "beat", "migrate"):
        environment = services[name]["environment"]
        assert environment["TRUSTED_PROXIES"] == proxy_address, name
        assert "BEHIND_PROXY" not in environment
        assert services[name]["networks"] == ["internal"], name


def test_the_caddyfile_sends_requests_to_gunicorn_with_the_address_it_saw():
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert re.search(r"reverse_proxy\s+api:8000", caddyfile)
    assert "header_up X-Forwarded-For {remote_host}" in caddyfile
    mounted = compose()["services"]["proxy"]["volumes"]
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in mounted
