"""Staff pages are never kept by a browser or a proxy.

Schools share PCs: after sign-out, the back button or a cache must not show a case, a letter or
an export to the next person. One rule for every page and file under these paths (views can be
classes or functions, and a file response is built in several places), so it lives here rather
than on each view.
"""

from django.utils.cache import patch_cache_control

PRIVATE_PREFIXES = ("/staff/", "/accounts/", "/admin/")


class StaffNoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(PRIVATE_PREFIXES):
            patch_cache_control(response, no_store=True, private=True)
        return response
