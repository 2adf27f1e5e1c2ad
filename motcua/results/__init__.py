"""Electronic results: issued PDFs with a verification code, checked on a public page."""


def current_for(dossier):
    """The electronic result in force for ``dossier`` (None if none): for links elsewhere."""
    from .issue import current_for as _current_for

    return _current_for(dossier)
