from django.conf import settings


def site(request):
    return {"DEMO_MODE": settings.DEMO_MODE, "MOTCUA_VERSION": __import__("motcua").__version__}


def official_menu(request):
    """``is_official``: whether the header shows the desk and reports links (one query, run
    only when a template asks, i.e. for signed-in users; anonymous headers are cached)."""
    from django.utils.functional import SimpleLazyObject

    def is_official() -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        seen = getattr(request, "visibility", None)  # set by desk.access.official_required
        if seen is not None:
            return not seen.nothing
        from motcua.units.models import Membership, Role

        return Membership.objects.filter(user=user).exclude(role=Role.CITIZEN).exists()

    return {"is_official": SimpleLazyObject(is_official)}
