"""Small catalogue samples for the import/export tests: three procedure versions, every table.

The document is written in canonical form (what ``export_json`` produces), so importing it and
exporting again must give it back unchanged. Independent of the demo data on purpose.
"""

from __future__ import annotations

import copy
import datetime as dt

from motcua.units.models import AdministrativeUnit, Agency, AgencyKind, UnitType

# Keys in sorted order: exports sort JSON Schema keys, since PostgreSQL's jsonb reorders them.
KHAI_SINH_SCHEMA = {
    "properties": {
        "ho_ten": {
            "maxLength": 100,
            "title": "Họ, chữ đệm, tên người được khai sinh",
            "type": "string",
        },
        "ngay_sinh": {"format": "date", "title": "Ngày, tháng, năm sinh", "type": "string"},
    },
    "required": ["ho_ten"],
    "title": "Tờ khai đăng ký khai sinh",
    "type": "object",
}


def create_reference_data() -> dict:
    """Units and agencies the sample refers to; Kim Liên's code 00229 is reused after 2025."""
    ha_noi = AdministrativeUnit.objects.create(
        code="01",
        name="Thành phố Hà Nội",
        unit_type=UnitType.PROVINCE,
        designation="Thành phố",
        valid_from=dt.date(2008, 8, 1),
    )
    kim_lien_old = AdministrativeUnit.objects.create(
        code="00229",
        name="Phường Kim Liên (quận Đống Đa)",
        unit_type=UnitType.COMMUNE,
        designation="Phường",
        parent=ha_noi,
        valid_to=dt.date(2025, 6, 30),
    )
    kim_lien_new = AdministrativeUnit.objects.create(
        code="00229",
        name="Phường Kim Liên",
        unit_type=UnitType.COMMUNE,
        designation="Phường",
        parent=ha_noi,
        valid_from=dt.date(2025, 7, 1),
    )
    ubnd = Agency.objects.create(
        name="Ủy ban nhân dân phường Kim Liên",
        kind=AgencyKind.PEOPLES_COMMITTEE,
        code="000.31.35.H26",
        unit=kim_lien_new,
    )
    desk = Agency.objects.create(
        name="Bộ phận một cửa phường Kim Liên",
        kind=AgencyKind.ONE_STOP_DESK,
        code="000.31.35.H26.01",
        unit=kim_lien_new,
        parent=ubnd,
    )
    return {
        "ha_noi": ha_noi,
        "kim_lien_old": kim_lien_old,
        "kim_lien_new": kim_lien_new,
        "ubnd": ubnd,
        "desk": desk,
    }


_DOCUMENT = {
    "format": "motcua-catalog",
    "version": 1,
    "fields": [
        {"code": "chung-thuc", "name": "Chứng thực"},
        {"code": "ho-tich", "name": "Hộ tịch"},
        {"code": "xay-dung", "name": "Xây dựng"},
    ],
    "procedures": [
        {
            "code": "1.001193",
            "version": 1,
            "name": "Thủ tục đăng ký khai sinh",
            "field": "ho-tich",
            "level": "commune",
            "publishing_unit": {"code": "01", "on": "2017-03-20"},
            "competent_authority": "Ủy ban nhân dân cấp xã",
            "implementing_agency": "Công chức tư pháp - hộ tịch",
            "agencies": ["000.31.35.H26"],
            "subjects": "Công dân Việt Nam",
            "channels": {"desk": True, "post": True, "online": True},
            "conditions": "",
            "time_limit": {
                "value": "1",
                "unit": "same_day",
                "same_day_cutoff": "15:00",
                "note": "Nhận hồ sơ sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo.",
                "suspension_allowed": False,
            },
            "result": "Giấy khai sinh (bản chính)",
            "fee_note": "Miễn lệ phí khi đăng ký đúng hạn.",
            "online_level_legacy": 3,
            "online_class": "partial",
            "publishing_decision": "Quyết định số 1872/QĐ-BTP ngày 04/9/2020",
            "published_on": "2017-03-20",
            "valid_from": "2017-03-20",
            "valid_to": "2025-06-30",
            "status": "replaced",
            "replaces": None,
            "change_note": "",
            "form_schema": KHAI_SINH_SCHEMA,
            "source": "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193",
            "citizen_steps": [
                {
                    "title": "Nộp hồ sơ",
                    "description": "Người đi đăng ký nộp hồ sơ tại Bộ phận một cửa\nhoặc trực tuyến.",
                },
                {"title": "Nhận kết quả", "description": ""},
            ],
            "documents": [
                {
                    "name": "Tờ khai đăng ký khai sinh",
                    "originals": 1,
                    "copies": 0,
                    "mandatory": True,
                    "note": "",
                    "form_template": "Mẫu TP/HT-2020-KS.1",
                },
                {
                    "name": "Giấy chứng sinh",
                    "originals": 1,
                    "copies": 2,
                    "mandatory": False,
                    "note": "Không có thì nộp văn bản của người làm chứng.",
                    "form_template": "",
                },
            ],
            "fees": [
                {
                    "kind": "charge",
                    "name": "Lệ phí đăng ký khai sinh quá hạn",
                    "amount": 8000,
                    "note": "",
                    "legal_basis": "Thông tư 85/2019/TT-BTC",
                },
                {
                    "kind": "fee",
                    "name": "Phí cấp bản sao trích lục",
                    "amount": None,
                    "note": "Theo nghị quyết của Hội đồng nhân dân tỉnh.",
                    "legal_basis": "",
                },
            ],
            "legal_bases": [
                {
                    "number": "60/2014/QH13",
                    "title": "Luật Hộ tịch",
                    "issued_on": "2014-11-20",
                    "issuer": "Quốc hội",
                },
                {
                    "number": "123/2015/NĐ-CP",
                    "title": "Nghị định hướng dẫn Luật Hộ tịch",
                    "issued_on": None,
                    "issuer": "",
                },
            ],
            "workflow_steps": [
                {
                    "name": "Tiếp nhận hồ sơ",
                    "role": "desk_officer",
                    "agency_kind": "Bộ phận một cửa",
                    "budget_value": "0.5",
                    "budget_unit": "working_hours",
                    "parallel_group": 0,
                },
                {
                    "name": "Xác minh",
                    "role": "specialist",
                    "agency_kind": "Công an phường",
                    "budget_value": "2",
                    "budget_unit": "working_hours",
                    "parallel_group": 1,
                },
                {
                    "name": "Ký giấy khai sinh",
                    "role": "leader",
                    "agency_kind": "",
                    "budget_value": "1.5",
                    "budget_unit": "working_hours",
                    "parallel_group": 1,
                },
            ],
        },
        {
            "code": "1.001193",
            "version": 2,
            "name": "Thủ tục đăng ký khai sinh",
            "field": "ho-tich",
            "level": "commune",
            "publishing_unit": {"code": "01", "on": "2025-07-01"},
            "competent_authority": "Ủy ban nhân dân cấp xã",
            "implementing_agency": "",
            "agencies": ["000.31.35.H26", "000.31.35.H26.01"],
            "subjects": "Công dân Việt Nam;\tngười nước ngoài thường trú",
            "channels": {"desk": True, "post": False, "online": True},
            "conditions": "=Không có yêu cầu riêng (ô bắt đầu bằng dấu bằng vẫn là văn bản)",
            "time_limit": {
                "value": "1.5",
                "unit": "working_days",
                "same_day_cutoff": None,
                "note": "",
                "suspension_allowed": True,
            },
            "result": "Giấy khai sinh điện tử",
            "fee_note": "",
            "online_level_legacy": 4,
            "online_class": "full",
            "publishing_decision": "Quyết định số 2222/QĐ-UBND",
            "published_on": "2025-07-01",
            "valid_from": "2025-07-01",
            "valid_to": None,
            "status": "active",
            "replaces": {"code": "1.001193", "version": 1},
            "change_note": "Bỏ nộp qua bưu chính.\nThời hạn 1,5 ngày làm việc.",
            "form_schema": KHAI_SINH_SCHEMA,
            "source": "",
            "citizen_steps": [
                {"title": "Nộp hồ sơ trực tuyến", "description": "Trên Cổng dịch vụ công."}
            ],
            "documents": [
                {
                    "name": "Tờ khai điện tử",
                    "originals": 1,
                    "copies": 0,
                    "mandatory": True,
                    "note": "",
                    "form_template": "",
                },
            ],
            "fees": [
                {
                    "kind": "charge",
                    "name": "Lệ phí đăng ký khai sinh quá hạn",
                    "amount": 0,
                    "note": "Miễn",
                    "legal_basis": "",
                },
            ],
            "legal_bases": [
                {
                    "number": "60/2014/QH13",
                    "title": "Luật Hộ tịch",
                    "issued_on": "2014-11-20",
                    "issuer": "Quốc hội",
                },
            ],
            "workflow_steps": [
                {
                    "name": "Tiếp nhận và xử lý",
                    "role": "specialist",
                    "agency_kind": "Tư pháp - hộ tịch",
                    "budget_value": "10",
                    "budget_unit": "working_hours",
                    "parallel_group": 0,
                },
            ],
        },
        {
            "code": "2.000908",
            "version": 1,
            "name": "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
            "field": "chung-thuc",
            "level": "district",
            "publishing_unit": None,
            "competent_authority": "Phòng Tư pháp cấp huyện",
            "implementing_agency": "Phòng Tư pháp",
            "agencies": [],
            "subjects": "",
            "channels": {"desk": True, "post": False, "online": False},
            "conditions": "Bản chính không bị tẩy xóa, sửa chữa.",
            "time_limit": {
                "value": None,
                "unit": "calendar_days",
                "same_day_cutoff": None,
                "note": "Trong ngày hoặc theo thỏa thuận bằng văn bản.",
                "suspension_allowed": False,
            },
            "result": "Bản sao được chứng thực",
            "fee_note": "2.000 đồng/trang",
            "online_level_legacy": None,
            "online_class": "",
            "publishing_decision": "",
            "published_on": None,
            "valid_from": "2019-01-01",
            "valid_to": "2030-12-31",
            "status": "amended",
            "replaces": None,
            "change_note": "",
            "form_schema": {},
            "source": "Sổ tay nghiệp vụ chứng thực",
            "citizen_steps": [
                {"title": "Xuất trình bản chính", "description": "Kèm bản sao cần chứng thực."}
            ],
            "documents": [
                {
                    "name": "Bản chính giấy tờ",
                    "originals": 1,
                    "copies": 1,
                    "mandatory": True,
                    "note": "",
                    "form_template": "",
                },
            ],
            "fees": [
                {
                    "kind": "fee",
                    "name": "Phí chứng thực bản sao",
                    "amount": 2000,
                    "note": "Mỗi trang",
                    "legal_basis": "Thông tư 226/2016/TT-BTC",
                },
            ],
            "legal_bases": [
                {
                    "number": "23/2015/NĐ-CP",
                    "title": "Nghị định về chứng thực",
                    "issued_on": "2015-02-16",
                    "issuer": "Chính phủ",
                },
            ],
            "workflow_steps": [
                {
                    "name": "Chứng thực",
                    "role": "specialist",
                    "agency_kind": "Phòng Tư pháp",
                    "budget_value": "4",
                    "budget_unit": "working_hours",
                    "parallel_group": 0,
                },
            ],
        },
    ],
}


def sample_document() -> dict:
    """A fresh copy of the sample, safe to modify in a test."""
    return copy.deepcopy(_DOCUMENT)
