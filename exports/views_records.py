"""The records view: each case's record, the facts an export holds (exports.columns), for every
staff role. It is what a records role (the bursar) sees of a case: no report text, no contact
details, no notes, no evidence, no letter wording; searched by reference only."""

import datetime

from django.utils.formats import date_format
from django.views.generic import TemplateView

from config.client_address import client_address
from exports.columns import HEADER
from exports.forms import RecordSearchForm
from exports.selectors import case_record, case_records, record_cases
from incidents.pagination import keyset_page
from incidents.services.disclosures import case_record_open
from policies.access import StaffMixin

# The columns the list shows; a case's own record page shows them all.
LIST_COLUMNS = ["Reference", "Opened", "Closed", "State", "Outcome", "Owner", "Site-ban status"]
_LIST_INDEXES = [HEADER.index(name) for name in LIST_COLUMNS]


def shown(value) -> str:
    """A record's value as the page shows it: dates in words, an empty value as a dash."""
    if isinstance(value, datetime.date):
        return date_format(value, "j M Y")
    if value is None or value == "":
        return "—"
    return str(value)


class RecordListView(StaffMixin, TemplateView):
    template_name = "exports/records.html"
    page_size = 25

    def get_context_data(self, **kwargs):
        form = RecordSearchForm(self.request.GET or None)
        page = keyset_page(
            record_cases(school=self.school, **form.search()).values(
                "id", "reference", "opened_at"
            ),
            sort="-opened",
            after=self.request.GET.get("after", ""),
            before=self.request.GET.get("before", ""),
            size=self.page_size,
        )
        records = case_records(school=self.school, case_ids=[row["id"] for row in page.items])
        rows = [
            (row["reference"], [shown(records[row["id"]][index]) for index in _LIST_INDEXES[1:]])
            for row in page.items
        ]
        query = self.request.GET.copy()
        for key in ("after", "before"):
            query.pop(key, None)
        return super().get_context_data(
            form=form,
            columns=LIST_COLUMNS,
            rows=rows,
            page=page,
            querystring=query.urlencode(),
            **kwargs,
        )


class RecordDetailView(StaffMixin, TemplateView):
    template_name = "exports/record.html"

    def get_context_data(self, **kwargs):
        case, record = case_record(school=self.school, reference=self.kwargs["reference"])
        case_record_open(case=case, by=self.request.user, address=client_address(self.request))
        return super().get_context_data(
            case=case, record=[(name, shown(value)) for name, value in record], **kwargs
        )
