"""factory-boy factories for every model of ours, each making a row that saves."""

import factory
import pytest
from django.apps import apps

from tests import factories

OUR_APPS = {
    "audit",
    "accounts",
    "policies",
    "incidents",
    "letters",
    "exports",
    "jobs",
    "demo",
    "retention",
    "sar",
    "vault",
}
FACTORIES = {
    value._meta.model: value
    for value in vars(factories).values()
    if isinstance(value, type) and issubclass(value, factory.django.DjangoModelFactory)
}
MODELS = [m for m in apps.get_models() if m._meta.app_label in OUR_APPS]


def test_every_model_of_ours_has_a_factory():
    assert {m._meta.label for m in MODELS if m not in FACTORIES} == set()


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_each_factory_makes_a_row(model):
    row = FACTORIES[model]()
    assert model.objects.filter(pk=row.pk).exists()
