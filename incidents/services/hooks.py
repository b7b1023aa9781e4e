"""Extension points for apps above incidents (letters). incidents never imports them: they
register here at start-up (AppConfig.ready), and incidents calls what is registered.

- "case_transitioned": called inside the transition's transaction with
  case, name, source, target, by.
- "site_ban_step": called inside the transaction with ban, step, by.
- "case_panels": called by the case page with case, user, role; each listener returns a
  (template name, context) pair to include, or None. The page is cached under the case's
  stamp, so a panel may show only tables listed in incidents.casestamp.TOUCHING (add a new
  table there, with a migration installing its triggers).
"""

from collections import defaultdict
from collections.abc import Callable

_listeners: dict[str, list[Callable]] = defaultdict(list)


def listen(event: str, listener: Callable) -> None:
    if listener not in _listeners[event]:
        _listeners[event].append(listener)


def emit(event: str, **arguments) -> list:
    return [listener(**arguments) for listener in _listeners[event]]
