from django.conf import settings


def site(request):
    return {"DEMO_MODE": settings.DEMO_MODE, "MOTCUA_VERSION": __import__("motcua").__version__}
