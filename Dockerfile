# ConductDesk web, worker and beat image.
FROM python:3.11-slim

# glibc: a fixed mmap threshold returns freed picture buffers (tens of MB each) to the system
# instead of fragmenting the heap, and fewer arenas keep a threaded worker's memory bounded.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    MEDIA_ROOT=/data/media \
    MALLOC_MMAP_THRESHOLD_=1048576 \
    MALLOC_ARENA_MAX=2

# WeasyPrint needs Pango; libharfbuzz-subset0 keeps PDF rendering fast (font subsetting).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 conductdesk \
    && mkdir -p /data/media && chown conductdesk /data/media

WORKDIR /app
COPY . .
RUN pip install .
RUN DJANGO_SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput

USER conductdesk
EXPOSE 8000
VOLUME ["/data/media"]
CMD ["gunicorn", "--config", "config/gunicorn.conf.py", "config.wsgi"]
