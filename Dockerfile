# ConductDesk web, worker and beat image.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    MEDIA_ROOT=/data/media

# WeasyPrint needs Pango; libharfbuzz-subset0 keeps PDF rendering fast (font subsetting).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 conductdesk \
    && mkdir -p /data/media && chown conductdesk /data/media

WORKDIR /app
COPY pyproject.toml README.md ./
COPY config ./config
COPY policies ./policies
COPY incidents ./incidents
COPY letters ./letters
COPY demo ./demo
RUN pip install .
COPY . .
RUN DJANGO_SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput

USER conductdesk
EXPOSE 8000
VOLUME ["/data/media"]
CMD ["gunicorn", "--config", "config/gunicorn.conf.py", "config.wsgi"]
