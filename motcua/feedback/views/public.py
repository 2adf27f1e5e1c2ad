"""Citizens' side of feedback: send it, follow it, and read the published answers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..access import allow_submission
from ..forms import FeedbackForm
from ..handling import HandlingError, find_by_number_and_secret, receive
from ..models import Feedback

PAGE_SIZE = 20
SENT_KEY = "feedback_sent"


def published(request):
    """Answers published with the sender's consent: question wording checked by an
    official, the answer, the procedure and the agency; never who asked."""
    rows = (
        Feedback.objects.filter(published_at__isnull=False)
        .select_related("procedure", "agency")
        .only(
            "id",
            "number",
            "public_question",
            "answer",
            "answered_at",
            "published_at",
            "procedure__name",
            "procedure__code",
            "agency__name",
        )
        .order_by("-published_at", "-id")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "feedback/published.html", {"page": page})


def send(request):
    form = FeedbackForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if not allow_submission(request):
                form.add_error(
                    None,
                    _(
                        "Bạn đã gửi nhiều phản ánh trong thời gian ngắn. Hãy thử lại sau một giờ, "
                        "hoặc gọi đường dây nóng của cơ quan."
                    ),
                )
                status = 429
            else:
                data = form.cleaned_data
                try:
                    feedback = receive(
                        procedure=data["procedure"],
                        content=data["content"],
                        sender_name=data["sender_name"],
                        sender_phone=data["sender_phone"],
                        sender_email=data["sender_email"],
                        sender=request.user,
                        agency=data["agency"],
                        unit=data["unit"],
                        dossier=data["dossier"],
                        dossier_code=data["dossier_code"],
                        consent_to_publish=data["consent_to_publish"],
                    )
                except HandlingError as error:
                    form.add_error(None, str(error))
                    status = 400
                else:
                    # Shown once on the next page; never in its URL.
                    request.session[SENT_KEY] = {"number": feedback.number, "secret": feedback.secret}
                    return redirect("feedback:sent")
        else:
            status = 400
    return render(request, "feedback/send.html", {"form": form}, status=status)


def sent(request):
    receipt = request.session.pop(SENT_KEY, None)
    if not receipt:
        return redirect("feedback:lookup")
    feedback = find_by_number_and_secret(receipt["number"], receipt["secret"])
    return render(request, "feedback/sent.html", {"feedback": feedback, "secret": receipt["secret"]})


def lookup(request):
    number = (request.GET.get("so") or "").strip()[:20]
    secret = (request.GET.get("bi-mat") or "").strip()[:32]
    feedback = None
    error = ""
    status = 200
    if number or secret:
        feedback = find_by_number_and_secret(number, secret)
        if feedback is None:
            error = _(
                "Không tìm thấy phản ánh với số và mã tra cứu này. Hãy kiểm tra lại hai thông tin "
                "trên phiếu tiếp nhận."
            )
            status = 404
    return render(
        request,
        "feedback/lookup.html",
        {"feedback": feedback, "number": number, "error": error},
        status=status,
    )


@login_required
def mine(request):
    rows = (
        Feedback.objects.filter(sender=request.user)
        .select_related("procedure")
        .only(
            "id", "number", "state", "received_at", "due_at", "answered_at", "answer",
            "content", "procedure__name",
        )
        .order_by("-received_at", "-id")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "feedback/mine.html", {"page": page})
