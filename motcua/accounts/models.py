"""People who log in: citizens, businesses' representatives and officials.

What an official may do and see is not stored here: it follows from their memberships of
agencies (``units.Membership``) and is answered by ``units.scoping``.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name()
