from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site


def minimal(request):
    """The floor: a Django view that does nothing, through the same middleware."""
    return HttpResponse("ok")


urlpatterns = [path("bench/minimal/", minimal), *site]
