"""The form generated from a JSON Schema: widgets, order, conditions, and Vietnamese errors."""

from __future__ import annotations

from django.http import QueryDict

from motcua.portal import schema_form as sf

from .apply_fixtures import VALID_POST, demo_schema


def nodes_by_path(nodes, found=None):
    found = {} if found is None else found
    for node in nodes:
        found[node.path] = node
        if node.kind == "object":
            nodes_by_path(node.children, found)
        elif node.kind == "array":
            for row in node.children:
                nodes_by_path(row, found)
    return found


def post(**values) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in values.items():
        data[key] = value
    return data


SCHEMA = {
    "type": "object",
    "required": ["name", "kind", "count", "agree"],
    "properties": {
        "name": {"type": "string", "title": "Họ tên", "maxLength": 100, "pattern": "^[^0-9]+$"},
        "story": {"type": "string", "title": "Trình bày", "maxLength": 2000, "description": "Ngắn gọn."},
        "born": {"type": "string", "title": "Ngày sinh", "format": "date"},
        "email": {"type": "string", "title": "Thư điện tử", "format": "email"},
        "kind": {"type": "string", "title": "Loại", "enum": ["A", "B"]},
        "ward": {"type": "string", "title": "Phường", "enum": ["1", "2", "3", "4", "5", "6"]},
        "count": {"type": "integer", "title": "Số bản", "minimum": 1, "maximum": 5},
        "area": {"type": "number", "title": "Diện tích", "exclusiveMinimum": 0},
        "agree": {"type": "boolean", "const": True, "title": "Cam đoan"},
        "has_car": {"type": "boolean", "title": "Có xe?"},
        "plate": {"type": "string", "title": "Biển số"},
        "rooms": {
            "type": "array", "title": "Các phòng", "minItems": 1,
            "items": {"type": "object", "title": "Phòng", "required": ["label"],
                      "properties": {"label": {"type": "string", "title": "Tên phòng"},
                                     "size": {"type": "number", "title": "Diện tích"}}},
        },
    },
    "dependentRequired": {"has_car": ["plate"]},
}


def test_each_schema_type_gets_its_widget_and_browser_checks():
    fields = nodes_by_path(sf.build(SCHEMA, {}, {}))
    assert fields["name"].kind == "text"
    assert fields["name"].attrs == {"maxlength": 100, "pattern": "[^0-9]+", "required": True}
    assert fields["story"].kind == "textarea"
    assert fields["born"].kind == "date"
    assert fields["email"].kind == "email"
    assert fields["kind"].kind == "radio"
    assert fields["ward"].kind == "select"
    assert fields["count"].kind == "number" and fields["count"].attrs["min"] == 1
    assert fields["area"].attrs["step"] == "any"
    assert fields["agree"].kind == "checkbox" and fields["agree"].attrs.get("required")
    assert fields["rooms"].kind == "array" and fields["rooms"].rows >= 1
    assert 'maxlength="100"' in str(fields["name"].html_attrs)


def test_birth_registration_renders_fieldsets_with_vietnamese_legends():
    nodes = sf.build(demo_schema(), {}, {})
    titles = [node.label for node in nodes if node.kind == "object"]
    assert "Người yêu cầu" in titles and "Người được khai sinh" in titles
    fields = nodes_by_path(nodes)
    assert fields["child.date_of_birth"].kind == "date"
    assert fields["child.sex"].kind == "radio"
    assert fields["applicant.relationship"].kind == "select"
    assert "Theo quê quán của cha hoặc mẹ" in fields["child.hometown"].help


def test_field_order_does_not_depend_on_the_order_of_properties():
    schema = demo_schema()
    shuffled = {**schema, "properties": dict(reversed(list(schema["properties"].items())))}
    assert sf.ordered_properties(schema) == sf.ordered_properties(shuffled)
    order = sf.ordered_properties(schema)
    assert order[0] == "applicant"
    assert order.index("father") == order.index("father_known") + 1
    assert order[-1] == "commitment"


def test_explicit_x_order_wins():
    schema = {"type": "object", "x-order": ["b", "a"], "properties": {"a": {"type": "string"}, "b": {"type": "string"}}}
    assert sf.ordered_properties(schema) == ["b", "a"]


def test_conditional_fields_are_shown_with_a_hint_and_marked_for_the_script():
    fields = nodes_by_path(sf.build(demo_schema(), {}, {}))
    father = fields["father"]
    assert "Bắt buộc khi «Đã xác định được người cha?» là «Có»" in father.condition
    assert father.show_when == "father_known" and father.show_value == "true"
    evidence = fields["birth_evidence"]
    assert evidence.show_when == "child.place_of_birth_kind"
    assert evidence.show_value == "Ngoài cơ sở y tế"
    # Not required by the browser: it is required only in some cases.
    assert "required" not in fields["father.full_name"].attrs
    plate = nodes_by_path(sf.build(SCHEMA, {}, {}))["plate"]
    assert "Bắt buộc khi đã nhập «Có xe?»" in plate.condition


def test_valid_post_parses_to_typed_data_that_validates():
    data = sf.parse(demo_schema(), post(**VALID_POST))
    assert data["copies_requested"] == 1
    assert data["father_known"] is True and data["parents_married"] is False
    assert data["attachments"] == [{"kind": "Giấy chứng sinh", "file_name": "giay-chung-sinh.pdf"}]
    assert sf.validate(demo_schema(), data) == {}


def test_wrong_values_get_vietnamese_messages_next_to_each_field():
    values = {**VALID_POST, "applicant.id_number": "12-34", "child.date_of_birth": "2026-02-30",
              "copies_requested": "hai", "child.sex": "Khác"}
    del values["mother.full_name"]
    data = sf.parse(demo_schema(), post(**values))
    errors = sf.validate(demo_schema(), data)
    assert errors["applicant.id_number"] == ["Không đúng định dạng; vui lòng kiểm tra lại (xem hướng dẫn bên dưới ô nhập)."]
    assert errors["child.date_of_birth"] == ["Vui lòng nhập đúng ngày theo dạng ngày/tháng/năm."]
    assert errors["copies_requested"] == ["Vui lòng nhập một số nguyên."]
    assert errors["child.sex"] == ["Vui lòng chọn một trong các giá trị đã cho."]
    assert errors["mother.full_name"] == ["Vui lòng nhập thông tin này."]
    # What was typed stays in the data, even when it is wrong.
    assert data["copies_requested"] == "hai"
    fields = nodes_by_path(sf.build(demo_schema(), data, errors))
    assert fields["applicant.id_number"].value == "12-34"
    assert fields["applicant.id_number"].errors


def test_each_error_kind_has_a_vietnamese_sentence():
    values = {"name": "Mai 2", "count": "9", "area": "0", "email": "khong-phai-thu", "born": "hôm qua",
              "story": "x" * 2001, "has_car": "true"}
    errors = sf.validate(SCHEMA, sf.parse(SCHEMA, post(**values)))
    assert errors["count"] == ["Giá trị lớn nhất là 5."]
    assert errors["area"] == ["Giá trị phải lớn hơn 0."]
    assert errors["email"] == ["Vui lòng nhập đúng địa chỉ thư điện tử (ví dụ ten@example.vn)."]
    assert errors["story"] == ["Dài quá 2000 ký tự; vui lòng viết ngắn gọn hơn."]
    assert errors["kind"] == ["Vui lòng nhập thông tin này."]
    assert errors["agree"] == ["Vui lòng đánh dấu để xác nhận."]
    assert errors["plate"] == ["Vui lòng nhập thông tin này."]
    assert "rooms" not in errors  # optional: an empty group is simply left out
    assert "name" in errors and "born" in errors


def test_conditional_requirement_applies_only_when_triggered():
    base = {k: v for k, v in VALID_POST.items() if not k.startswith("father")}
    assert "father" not in sf.validate(demo_schema(), sf.parse(demo_schema(), post(**base)))
    errors = sf.validate(demo_schema(), sf.parse(demo_schema(), post(**base, father_known="true")))
    assert errors["father"] == ["Vui lòng nhập thông tin này."]
    outside = {**VALID_POST, "child.place_of_birth_kind": "Ngoài cơ sở y tế"}
    assert "birth_evidence" in sf.validate(demo_schema(), sf.parse(demo_schema(), post(**outside)))


def test_empty_rows_of_a_repeated_group_are_dropped():
    values = {"rooms.0.label": "", "rooms.1.label": "Phòng khách", "rooms.1.size": "20,5", "rooms.7.label": " "}
    data = sf.parse(SCHEMA, post(**values))
    assert data["rooms"] == [{"label": "Phòng khách", "size": 20.5}]


def test_add_a_row_without_javascript_renders_one_more_row():
    fields = nodes_by_path(sf.build(SCHEMA, {}, {}, posted={sf.ROWS_KEY + "rooms": "3"}))
    assert fields["rooms"].rows == 3
    assert "rooms.2.label" in fields


def test_rows_are_capped():
    fields = nodes_by_path(sf.build(SCHEMA, {}, {}, posted={sf.ROWS_KEY + "rooms": "100000"}))
    assert fields["rooms"].rows == sf.MAX_ROWS


def test_prefill_fills_the_applicant_from_the_profile():
    profile = {"full_name": "Nguyễn Thị Mai", "identity_number": "001190000123", "address": "Kim Liên",
               "phone": "0912345678", "email": "mai@example.vn"}
    data = sf.prefill(demo_schema(), profile)
    assert data == {"applicant": {"full_name": "Nguyễn Thị Mai", "id_number": "001190000123",
                                  "residence": "Kim Liên", "phone": "0912345678", "email": "mai@example.vn"}}


def test_summary_lists_entered_values_in_plain_vietnamese():
    data = sf.parse(demo_schema(), post(**VALID_POST))
    lines = sf.summary(demo_schema(), data)
    pairs = {(line.label, line.value) for line in lines}
    assert ("Ngày, tháng, năm sinh", "01/03/2026") in pairs
    assert ("Đã xác định được người cha?", "Có") in pairs
    assert ("Cha, mẹ đã đăng ký kết hôn?", "Không") in pairs


def test_every_demo_schema_renders_and_validates_an_empty_form():
    import json

    from .apply_fixtures import DATA

    raw = json.loads(DATA.read_text(encoding="utf-8"))
    procedures = raw["procedures"] if isinstance(raw, dict) else raw
    assert len(procedures) == 27
    for procedure in procedures:
        schema = procedure["form_schema"]
        assert sf.build(schema, {}, {})
        assert sf.validate(schema, sf.parse(schema, post()))
