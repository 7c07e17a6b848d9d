"""The rate limits' configuration (Flask-Limiter on ``limits``): rates written count per period, checked at start."""

from __future__ import annotations

import pytest

from enforcement import create_app
from enforcement.security import check_storage, parse_rate


@pytest.mark.parametrize(
    ("text", "expected"),
    [("20/minute", (20, 60)), ("5/second", (5, 1)), ("100/hour", (100, 3600)), ("3 per 10 seconds", (3, 10)),
     ("7/day", (7, 86400))],
)
def test_rates_are_written_count_per_period(text, expected):
    item = parse_rate(text)
    assert (item.amount, item.get_expiry()) == expected


@pytest.mark.parametrize("text", ["", "20", "x/minute", "0/minute", "20/fortnight"])
def test_a_malformed_rate_is_an_error(text):
    with pytest.raises(ValueError, match="not a rate"):
        parse_rate(text)


def test_a_malformed_rate_in_the_configuration_stops_the_start(app):
    with pytest.raises(ValueError, match="not a rate"):
        create_app({**app.config, "RATELIMIT_API_TOKEN": "600 a minute"})


@pytest.mark.parametrize(
    ("env", "uri", "workers", "allowed", "refused"),
    [
        ("production", "memory://", 4, False, True),
        ("production", "memory://", 4, True, False),  # RATELIMIT_ALLOW_MEMORY_STORAGE=1
        ("production", "memory://", 1, False, False),
        ("production", "memory://", None, False, False),  # not under gunicorn.conf.py (a CLI command)
        ("production", "redis://127.0.0.1:6379/0", 4, False, False),
        ("development", "memory://", 4, False, False),
    ],
)
def test_production_refuses_memory_storage_with_several_workers(env, uri, workers, allowed, refused):
    config = {"ENV_NAME": env, "RATELIMIT_STORAGE_URI": uri, "RATELIMIT_ALLOW_MEMORY_STORAGE": allowed}
    if refused:
        with pytest.raises(RuntimeError, match="RATELIMIT_STORAGE_URI=redis://"):
            check_storage(config, workers)
    else:
        check_storage(config, workers)
