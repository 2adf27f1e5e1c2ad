"""The demo's accounts, one per role (placeholder until the demo loader lands)."""


def demo_accounts_for_login_page() -> list[dict]:
    return []
