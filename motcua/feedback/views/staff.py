"""Officials' side of feedback: the list of their units' feedback, and the answer page."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from motcua.desk.urgency import UrgencyScale

from .. import handling
from ..access import can_handle, possible_assignees, staff_required, visible_feedback
from ..forms import AnswerForm, AssignForm, VersionForm
from ..models import ANSWERED_STATES, OPEN_STATES, Feedback, State

PAGE_SIZE = 25


@dataclass(frozen=True)
class Tab:
    slug: str
    label: str
    states: tuple


TABS = (
    Tab("", gettext_lazy("Chưa trả lời"), OPEN_STATES),
    Tab("da-tra-loi", gettext_lazy("Đã trả lời"), ANSWERED_STATES),
)


def _tab(slug: str | None) -> Tab:
    return next((tab for tab in TABS if tab.slug == slug), TABS[0])


@staff_required
def staff_list(request):
    tab = _tab(request.GET.get("tab"))
    rows = (
        visible_feedback(request.visibility, Feedback.objects.filter(state__in=tab.states))
        .select_related("procedure", "agency", "assigned_to")
        .only(
            "id", "number", "state", "received_at", "due_at", "answered_at", "answered_on_time",
            "procedure__name", "agency__name", "assigned_to__username", "assigned_to__full_name",
        )
    )
    if tab.states == OPEN_STATES:
        rows = rows.order_by(F("due_at").asc(), "id")
    else:
        rows = rows.order_by("-answered_at", "-id")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    scale = UrgencyScale()
    items = [
        (feedback, scale.of(feedback.due_at) if feedback.is_open else None)
        for feedback in page.object_list
    ]
    return render(
        request, "feedback/staff_list.html", {"tabs": TABS, "tab": tab, "page": page, "rows": items}
    )


def _visible(request, pk: int) -> Feedback:
    queryset = Feedback.objects.select_related(
        "procedure", "agency", "unit", "assigned_to", "answered_by", "dossier"
    )
    return get_object_or_404(visible_feedback(request.visibility, queryset), pk=pk)


def _detail(request, feedback: Feedback, *, assign_form=None, answer_form=None, status=200):
    handler = can_handle(request.user)
    context = {"feedback": feedback, "handler": handler}
    if handler and feedback.is_open:
        context["assign_form"] = assign_form or AssignForm(
            assignees=possible_assignees(feedback),
            initial={"version": feedback.version, "assignee": request.user.pk},
        )
        context["answer_form"] = answer_form or AnswerForm(
            consent=feedback.consent_to_publish,
            initial={"version": feedback.version, "public_question": feedback.content},
        )
    if handler and feedback.state == State.ANSWERED:
        context["close_form"] = VersionForm(initial={"version": feedback.version})
    if feedback.is_open:
        context["urgency"] = UrgencyScale().of(feedback.due_at)
    return render(request, "feedback/staff_detail.html", context, status=status)


@staff_required
def staff_detail(request, pk: int):
    return _detail(request, _visible(request, pk))


def _handler_only(request):
    if not can_handle(request.user):
        # Inspectors read the feedback of their units but do not answer it.
        raise Http404


@staff_required
@require_POST
def staff_assign(request, pk: int):
    feedback = _visible(request, pk)
    _handler_only(request)
    form = AssignForm(request.POST, assignees=possible_assignees(feedback))
    if not form.is_valid():
        return _detail(request, feedback, assign_form=form, status=400)
    try:
        handling.assign(
            feedback,
            to=form.cleaned_data["assignee"],
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
    except handling.HandlingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã giao xử lý phản ánh."))
    return redirect("feedback:staff_detail", pk=feedback.pk)


@staff_required
@require_POST
def staff_answer(request, pk: int):
    feedback = _visible(request, pk)
    _handler_only(request)
    form = AnswerForm(request.POST, consent=feedback.consent_to_publish)
    if not form.is_valid():
        return _detail(request, feedback, answer_form=form, status=400)
    data = form.cleaned_data
    try:
        handling.answer(
            feedback,
            text=data["answer"],
            by=request.user,
            expected_version=data["version"],
            publish=data.get("publish", False),
            public_question=data.get("public_question", ""),
        )
    except handling.HandlingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã lưu câu trả lời. Người gửi xem được câu trả lời khi tra cứu."))
    return redirect("feedback:staff_detail", pk=feedback.pk)


@staff_required
@require_POST
def staff_close(request, pk: int):
    feedback = _visible(request, pk)
    _handler_only(request)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Yêu cầu không hợp lệ. Hãy tải lại trang."))
        return redirect("feedback:staff_detail", pk=feedback.pk)
    try:
        handling.close(feedback, by=request.user, expected_version=form.cleaned_data["version"])
    except handling.HandlingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã kết thúc xử lý phản ánh."))
    return redirect("feedback:staff_detail", pk=feedback.pk)
