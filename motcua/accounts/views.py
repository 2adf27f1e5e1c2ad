from django.conf import settings
from django.contrib.auth.views import LoginView


class MotcuaLoginView(LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.DEMO_MODE:
            # Demo only: the accounts made by `motcua load_demo`, so a visitor can try each role.
            from motcua.demo.accounts import demo_accounts_for_login_page

            context["demo_accounts"] = demo_accounts_for_login_page()
        return context
