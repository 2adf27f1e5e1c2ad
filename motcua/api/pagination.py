from django.core.paginator import InvalidPage
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import NotFound


class PageNumberPagination(pagination.PageNumberPagination):
    """Page numbers with a page_size the client may lower or raise up to 100.

    A page past the end (or a malformed number) answers 404 with a Vietnamese message
    rather than a 500 or a silently different page.
    """

    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_page_message = _("Trang không hợp lệ hoặc vượt quá số trang hiện có.")

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except (InvalidPage, OverflowError, ValueError) as exc:  # pragma: no cover - defensive
            raise NotFound(self.invalid_page_message) from exc
