"""Sessions read from the cache and written through to the database (Django's cached_db), with
the cache's copy kept for at most CACHE_SECONDS.

While Redis is unreachable, sessions are read from and written to the database alone (the cache
counts every failure as a miss), and the copy in Redis can be neither updated nor deleted: a
sign-out then would leave a signed-in copy behind, valid for the cookie's whole age if Redis kept
its data. Bounding the copy's life bounds how long it can outlast the outage; the price is one
session read from the database every CACHE_SECONDS per person.
"""

from django.contrib.sessions.backends import cached_db, db

CACHE_SECONDS = 300


class SessionStore(cached_db.SessionStore):
    def _cache_seconds(self, **kwargs) -> int:
        return min(self.get_expiry_age(**kwargs), CACHE_SECONDS)

    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception:  # as Django's: some backends refuse some keys; read the database
            data = None
        if data is not None:
            return data
        stored = self._get_session_from_db()
        if not stored:
            return {}
        data = self.decode(stored.session_data)
        self._cache.set(self.cache_key, data, self._cache_seconds(expiry=stored.expire_date))
        return data

    def save(self, must_create=False):
        db.SessionStore.save(self, must_create)
        try:
            self._cache.set(self.cache_key, self._session, self._cache_seconds())
        except Exception:
            cached_db.logger.exception("Error saving to cache (%s)", self._cache)
