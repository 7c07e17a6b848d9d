"""The one mapping of domain errors to flash messages and status codes in the UI (``web.outcomes``)."""

from __future__ import annotations

import pytest
from flask import get_flashed_messages
from wtforms import StringField

from enforcement.errors import Forbidden, GuardRejected, NotFound, StaleCase, ValidationFailed
from enforcement.web.forms import CsrfForm
from enforcement.web.outcomes import flash_errors, on_domain_error


class _Form(CsrfForm):
    name = StringField()


def test_field_messages_go_next_to_the_fields_and_the_rest_is_flashed(app):
    with app.test_request_context(method="POST"):
        form = _Form(meta={"csrf": False})
        with flash_errors(form) as failure:
            raise ValidationFailed("Thông tin nhập chưa hợp lệ.", errors={"name": ["Không được để trống."],
                                                                         "other": ["Sai mã."]})
        assert failure and failure.status == 422
        assert form.name.errors == ["Không được để trống."]
        assert get_flashed_messages(with_categories=True) == [("error", "Thông tin nhập chưa hợp lệ.; Sai mã.")]


def test_a_guard_says_its_reasons_and_a_stale_case_is_a_warning(app):
    with app.test_request_context():
        with flash_errors() as guard:
            raise GuardRejected("Chưa đủ điều kiện.", reasons=["Đơn vị đã nộp đủ."])
        with flash_errors() as stale:
            raise StaleCase("Hồ sơ vừa được cập nhật.")
        assert (guard.status, stale.status) == (422, 409)
        assert get_flashed_messages(with_categories=True) == [
            ("error", "Chưa đủ điều kiện.; Đơn vị đã nộp đủ."), ("warning", "Hồ sơ vừa được cập nhật.")]


def test_a_block_that_goes_through_is_no_failure_and_other_errors_are_not_swallowed(app):
    with app.test_request_context():
        with flash_errors() as failure:
            pass
        assert not failure and failure.status == 200
        with pytest.raises(KeyError), flash_errors():
            raise KeyError("a bug is not a message")
        assert get_flashed_messages() == []


def test_the_decorator_answers_with_back_and_the_message(app):
    @on_domain_error(lambda case_id: f"back to {case_id}")
    def view(case_id: int) -> str:
        raise Forbidden("Vai trò của bạn không được thực hiện thao tác này.")

    @on_domain_error(lambda **_: "back", details=False)
    def quiet() -> str:
        raise NotFound("Không tìm thấy.", errors={"x": ["y"]})

    with app.test_request_context():
        assert view(case_id=7) == "back to 7" and quiet() == "back"
        assert get_flashed_messages() == ["Vai trò của bạn không được thực hiện thao tác này.", "Không tìm thấy."]
