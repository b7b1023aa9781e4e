"""The Redis cache backend shares one client per connection pool (config/cache.py)."""

import os
import uuid

import pytest

from config.cache import RedisCache

REDIS_URL = os.environ.get("REDIS_URL", "")
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="needs REDIS_URL (CI sets it)")


def test_one_client_serves_every_call_and_values_round_trip():
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    cache.set("page", {"body": "<p>ok</p>"}, 30)
    assert cache.get("page") == {"body": "<p>ok</p>"}
    assert cache._cache.get_client() is cache._cache.get_client(write=True)
    cache.delete("page")
    assert cache.get("page") is None
