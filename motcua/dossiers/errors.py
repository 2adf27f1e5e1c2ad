"""Why a workflow action was refused; each carries a Vietnamese message to show as it is."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class WorkflowError(Exception):
    """Base of the refusals of ``dossiers.workflow``; ``str(error)`` is the user's message."""

    def __init__(self, message):
        self.message = message
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.message)


class StaleDossier(WorkflowError):
    """Someone changed the dossier since the page was shown; ``current`` is its state now."""

    def __init__(self, current=None):
        self.current = current
        super().__init__(
            _(
                "Hồ sơ đã được người khác cập nhật trong lúc bạn thao tác. "
                "Trạng thái hiện tại của hồ sơ được hiển thị bên dưới; vui lòng xem lại rồi thao tác lại."
            )
        )


class TransitionNotAllowed(WorkflowError):
    """The action does not apply to the dossier now, or not for this person."""


class MissingDetails(TransitionNotAllowed):
    """The action needs something the caller did not give (a reason, the missing items…)."""


class OutsideScope(TransitionNotAllowed):
    """The dossier belongs to a unit the official does not work for (views answer 404)."""

    def __init__(self):
        super().__init__(_("Bạn không có quyền xử lý hồ sơ này."))
