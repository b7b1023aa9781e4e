"""The governors' report: the headteacher's for their school, and a trust lead's for each school
of the trust side by side. Both show counts and times only (exports.governors); a page, a PDF
pack and a CSV of the same figures."""

import csv

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.generic import TemplateView

from accounts.sessions import sign_in_redirect
from config.client_address import client_address
from exports.cells import neutralise
from exports.charts import bar_chart
from exports.forms import ReportPeriodForm
from exports.governors import Figure, Period, SchoolReport, reports_for, term_of
from exports.views import _no_store
from letters.pdf import html_to_pdf
from policies.access import StaffMixin
from policies.permissions import Action, trusts_for

PRINTED_COLUMNS = 6
REPORT_DENIED = "Only the headteacher sees the governors' report."


class ReportOutput(TemplateView):
    """Reads the period from the query string and answers as a page, a PDF or a CSV."""

    output = "page"
    pdf_template = "exports/governors_pdf.html"

    def get_period(self) -> tuple[ReportPeriodForm, Period]:
        today = timezone.localdate()
        # Only a period asked for is checked: a trust chosen alone shows this term.
        form = ReportPeriodForm(self.request.GET if "period" in self.request.GET else None)
        if form.is_bound and form.is_valid():
            return form, form.chosen(today)
        return form, term_of(today)

    def schools(self) -> list:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        form, period = self.get_period()
        schools = self.schools()
        reports = reports_for(
            schools, period, by=request.user, output=self.output, address=client_address(request)
        )
        for_pdf = self.output == "pdf"
        # Several schools are compared in tables; each school's own charts show alone.
        side_by_side = (
            _side_by_side(schools, reports, for_pdf=for_pdf) if len(schools) > 1 else None
        )
        sections = [
            _section(s, reports[s.pk], charts=side_by_side is None, for_pdf=for_pdf)
            for s in schools
        ]
        context = self.get_context_data(
            form=form,
            period=period,
            sections=sections,
            side_by_side=side_by_side,
            generated_at=timezone.localtime(),
            query=request.GET.urlencode(),
            **kwargs,
        )
        name = f"governors-report-{self.file_stem()}-{period.slug}"
        if self.output == "csv":
            return self.as_csv(schools, reports, period, name)
        if self.output == "pdf":
            pdf, _ = html_to_pdf(render_to_string(self.pdf_template, context, request=request))
            response = HttpResponse(pdf, content_type="application/pdf")
            response["Content-Disposition"] = content_disposition_header(True, f"{name}.pdf")
            return _no_store(response)
        return self.render_to_response(context)

    def as_csv(self, schools, reports, period, name):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(True, f"{name}.csv")
        writer = csv.writer(response)
        writer.writerow(["School", "Period", "Section", "Item", "Value"])
        for school in schools:
            for section, item, value in _rows(reports[school.pk]):
                writer.writerow(
                    [neutralise(school.name), period.label, section, neutralise(item), value]
                )
        return _no_store(response)


class SchoolReportView(StaffMixin, ReportOutput):
    required_action = Action.VIEW_REPORTS
    denied_message = REPORT_DENIED
    template_name = "exports/governors.html"

    def schools(self):
        return [self.school]

    def file_stem(self):
        return self.school.slug


class TrustReportView(LoginRequiredMixin, ReportOutput):
    """A trust lead's view: signed in with both steps and a role at a trust; the schools are
    the trust's own (another trust's never)."""

    template_name = "exports/governors_trust.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        unfinished = sign_in_redirect(request)
        if unfinished is not None:
            return unfinished
        trusts = trusts_for(request.user, Action.VIEW_REPORTS)
        if not trusts:
            raise PermissionDenied("Only a trust's leads see the trust's report.")
        chosen = request.GET.get("trust")
        self.trust = next((t for t in trusts if t.slug == chosen), trusts[0])
        self.trusts = trusts
        return super().dispatch(request, *args, **kwargs)

    def schools(self):
        return list(self.trust.schools.order_by("name"))

    def file_stem(self):
        return self.trust.slug

    def get_context_data(self, **kwargs):
        return super().get_context_data(trust=self.trust, trusts=self.trusts, **kwargs)


def _section(school, report: SchoolReport, *, charts: bool, for_pdf: bool) -> dict:
    return {
        "school": school,
        "report": report,
        "breakdowns": [
            {"figures": figures, "chart": bar_chart(key, title, figures, for_pdf=for_pdf)}
            for key, title, figures in report.breakdowns()
        ]
        if charts
        else [],
    }


def _headline(report: SchoolReport) -> list[tuple[str, str]]:
    return [
        ("Cases opened", report.cases.shown),
        ("Time to triage, median", report.triage.shown_median),
        ("Time to triage, 90th percentile", report.triage.shown_p90),
        ("Time to the headteacher's decision, median", report.decisions.shown_median),
        ("Time to the headteacher's decision, 90th percentile", report.decisions.shown_p90),
        ("Triaged later than due", report.sla_misses.shown),
        *((f"Site bans {f.label}", f.shown) for f in report.bans),
    ]


def _rows(report: SchoolReport):
    """(section, item, value) for the CSV: the headline, then each breakdown."""
    for item, value in _headline(report):
        yield "Summary", item, value
    for _key, title, figures in report.breakdowns():
        for figure in figures:
            yield title, figure.label, figure.shown


def _side_by_side(schools, reports: dict[int, SchoolReport], *, for_pdf: bool) -> dict:
    """Each measure with one column per school; a breakdown's rows are every label any school
    has, in the order they first appear."""
    tables = [
        {
            "title": "Summary",
            "rows": [
                (label, [_headline(reports[s.pk])[n][1] for s in schools])
                for n, (label, _) in enumerate(_headline(reports[schools[0].pk]))
            ],
        }
    ]
    for n, (_key, title, _) in enumerate(SchoolReport(0).breakdowns()):
        by_label: dict[str, dict[int, Figure]] = {}
        for school in schools:
            for figure in reports[school.pk].breakdowns()[n][2]:
                by_label.setdefault(figure.label, {})[school.pk] = figure
        rows = [
            (label, [found.get(s.pk, Figure(label, 0)).shown for s in schools])
            for label, found in by_label.items()
        ]
        tables.append({"title": title, "rows": rows})
    cases = [Figure(s.name, reports[s.pk].cases.count) for s in schools]
    return {
        "tables": tables,
        # An A4 page holds a few schools' columns: the PDF prints them a few schools at a time.
        "printed": [
            {
                "schools": schools[first : first + PRINTED_COLUMNS],
                "tables": [
                    {
                        "title": table["title"],
                        "rows": [
                            (label, values[first : first + PRINTED_COLUMNS])
                            for label, values in table["rows"]
                        ],
                    }
                    for table in tables
                ],
            }
            for first in range(0, len(schools), PRINTED_COLUMNS)
        ],
        "chart": bar_chart("schools", "Cases opened by school", cases, for_pdf=for_pdf),
        "figures": cases,
    }
