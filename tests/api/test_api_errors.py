"""Errors of the API are JSON with a Vietnamese message, including unexpected failures (no stack trace)."""

from __future__ import annotations

import logging

from enforcement.api import cases as cases_api


def test_an_unexpected_failure_is_500_json_without_a_stack_trace(api, app, world, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internals at line 42")

    monkeypatch.setattr(cases_api.queries, "list_cases", broken)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    with caplog.at_level(logging.CRITICAL):
        response = api.as_(world.inspector).get("/cases")
    assert response.status_code == 500
    body = response.get_json()
    assert body["error"] == "InternalServerError"
    assert "Lỗi hệ thống" in body["message"]
    assert "secret internals" not in response.get_data(as_text=True)


def test_domain_errors_keep_their_status_and_details(api, world):
    response = api.as_(world.inspector).get("/cases/424242/timeline")
    assert response.status_code == 404
    assert response.get_json() == {"error": "NotFound", "message": "Không tìm thấy hồ sơ."}


def test_messages_are_vietnamese_with_diacritics(api, world):
    response = api.anonymous().get("/cases")
    assert "Cần mã truy cập API hợp lệ" in response.get_json()["message"]


def test_an_id_beyond_the_integer_column_is_404_json_not_a_database_error(api, world):
    for path in (f"/cases/{2**31}", f"/cases/{10**20}/timeline", f"/documents/{10**20}.pdf"):
        response = api.as_(world.inspector).get(path)
        assert response.status_code == 404 and response.get_json()["error"] == "NotFound", path
