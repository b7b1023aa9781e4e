"""What a posted public form says about its kept screenshots (incidents.services.kept_screenshots),
for the three public forms that take pictures: the concern form, the reporter's follow-up page and
the site-ban link. Each page binds what it keeps to its own link (`scope`) and to the browser."""

from incidents.services.kept_screenshots import (
    kept_screenshot_remove,
    kept_screenshots_for_form,
    kept_screenshots_keep,
)
from incidents.views.limits import browser_id

KEPT = "kept_screenshot"  # the hidden field listing the pictures the form shows as attached
KEPT_GONE = (
    "Screenshots you attached earlier are kept for an hour only, and some have gone. "
    "Please check the list above and choose any that are missing again."
)


class KeptScreenshotsPost:
    def __init__(self, request, *, school, scope: str = ""):
        self.owner = {
            "school": school,
            "submission_key": request.POST.get("submission_key", ""),
            "browser": browser_id(request),
            "scope": scope,
        }
        self.removing = request.POST.get("remove_screenshot", "")
        self.listed = [value for value in request.POST.getlist(KEPT) if value != self.removing]
        # A Remove that brings no new pictures costs nothing to handle, so it is not counted.
        self.counts_for_rate_limit = bool(request.FILES) or not self.removing

    def find(self) -> tuple[list, int]:
        """The kept pictures the form lists that are still this page's and browser's, and how
        many it lists that are not."""
        return kept_screenshots_for_form(**self.owner, listed=self.listed)

    def remove_and_find(self) -> tuple[list, int]:
        if self.removing:
            kept_screenshot_remove(**self.owner, public_id=self.removing)
        return self.find()

    def goes_back(self, form, gone: int) -> bool:
        """Whether the form is shown again rather than sent: an error, a Remove, or a picture
        it listed that has gone."""
        return not form.is_valid() or bool(self.removing) or bool(gone)

    def keep(self, form, kept: list, gone: int) -> None:
        """The form goes back: nothing chosen is lost, the pictures that passed are kept for the
        next attempt."""
        form.keep_screenshots(
            kept + kept_screenshots_keep(**self.owner, images=form.new_screenshots())
        )
        if gone:
            form.add_error("screenshots", KEPT_GONE)
