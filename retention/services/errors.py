class RetentionRefused(Exception):
    """A retention step that cannot be done as asked (the message says why)."""
