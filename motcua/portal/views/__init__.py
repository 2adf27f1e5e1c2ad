"""Portal pages: ``apply`` (forms, uploads, drafts, submission), ``account`` and ``lookup``."""
