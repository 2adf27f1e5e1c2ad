"""``motcua audit --help`` explains the command: it is how an operator learns to check the chains."""

from __future__ import annotations

import pytest
from django.core.management import ManagementUtility


def test_audit_help_explains_the_verify_check(capsys):
    with pytest.raises(SystemExit) as done:
        ManagementUtility(["motcua", "audit", "--help"]).execute()

    assert done.value.code == 0
    text = capsys.readouterr().out
    assert "Kiểm tra nhật ký hồ sơ: mỗi chuỗi sự kiện phải nguyên vẹn" in text
    assert "verify: kiểm tra mọi chuỗi nhật ký." in text
