"""What policies tells the apps above it, which it never imports."""

from django.dispatch import Signal

# A school was created (by the admin or the seed), with `school`. letters seeds its templates.
school_created = Signal()
