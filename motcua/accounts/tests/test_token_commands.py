"""The integration token commands explain themselves: ``--help`` is how an operator learns them."""

from __future__ import annotations

import pytest
from django.core.management import ManagementUtility


def help_of(command: str, capsys) -> str:
    with pytest.raises(SystemExit) as done:
        ManagementUtility(["motcua", command, "--help"]).execute()
    assert done.value.code == 0
    return capsys.readouterr().out


def test_create_integration_token_help_lists_its_options(capsys):
    text = help_of("create_integration_token", capsys)

    assert "Tạo token tích hợp cho một hệ thống khác" in text
    for option in ("--agency", "--agency-id", "--role", "--name", "--expires-days"):
        assert option in text
    assert "Số ngày hiệu lực (mặc định: không hết hạn)." in text


def test_revoke_integration_token_help_explains_the_prefix(capsys):
    text = help_of("revoke_integration_token", capsys)

    assert "Thu hồi một token tích hợp theo tiền tố của khóa." in text
    assert "Tiền tố của khóa, ví dụ mc_AbCd1234." in text
