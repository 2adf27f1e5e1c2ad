from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from motcua.core.views import switch_language
from motcua.reports.views import public_statistics

admin.site.site_header = _("motcua: quản trị")
admin.site.site_title = "motcua"
admin.site.index_title = _("Quản trị hệ thống một cửa")

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("ngon-ngu/", switch_language, name="switch_language"),
    path("admin/", admin.site.urls),
    path("accounts/", include("motcua.accounts.urls")),
    path("api/v1/", include("motcua.api.urls")),
    # A person who types /api/ wants the documentation (the menu's "API" link goes there too);
    # clients read /api/v1/schema/. Temporary, so a later /api/v2/ can take the address.
    path("api/", RedirectView.as_view(pattern_name="api-docs", permanent=False), name="api-root"),
    path("units/", include("motcua.units.urls")),
    path("motcua/", include("motcua.desk.urls")),
    path("van-ban/", include("motcua.documents.urls")),
    path("bao-cao/", include("motcua.reports.urls")),
    path("dich-vu-cong/", include("motcua.portal.urls")),
    path("thong-bao/", include("motcua.notifications.urls")),
    path("thanh-toan/", include("motcua.payments.urls")),
    path("ket-qua-dien-tu/", include("motcua.results.urls")),
    path("phan-anh/", include("motcua.feedback.urls")),
    # Public statistics of dossier results (no personal data).
    path("thong-ke/", public_statistics, name="public-statistics"),
    # The public lookup by code + secret: the address printed as a QR code on every receipt.
    path("", include("motcua.portal.urls_lookup")),
    path("", include("motcua.catalog.urls")),
]

# JSON errors under /api/, the site's HTML pages elsewhere.
handler400 = "motcua.api.errors.handler400"
handler403 = "motcua.api.errors.handler403"
handler404 = "motcua.api.errors.handler404"
handler500 = "motcua.api.errors.handler500"

if not settings.PRODUCTION:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
