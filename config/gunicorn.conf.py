"""Gunicorn settings for the Docker image: `gunicorn -c config/gunicorn.conf.py config.wsgi`."""

bind = "0.0.0.0:8000"
workers = 2
accesslog = "-"
# The default combined format; the logger class hides follow-up tokens in every atom.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"'
logger_class = "config.gunicorn_logger.RedactingLogger"
