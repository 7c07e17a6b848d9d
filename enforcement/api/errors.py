"""Every error of the API as JSON: ``{"error": …, "message": …, …details}`` with its HTTP status.

Domain errors keep their own status and details (``StaleCase`` 409 with
``current_version``, ``GuardRejected`` 422 with ``reasons``, ``ValidationFailed``
422 with ``errors`` per field, ``Forbidden`` 403, ``NotFound`` 404).  HTTP errors
raised inside API views (413, 405 …) become JSON too, and so do addresses under
``/api/v1`` that match no route: those never reach a blueprint, so an
app-wide ``before_request`` hook answers them before the HTML error pages could.
"""

from __future__ import annotations

import logging

from flask import Response, jsonify, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from enforcement.api.blueprint import PREFIX, api
from enforcement.errors import DomainError
from enforcement.services.documents import DocumentTampered

log = logging.getLogger(__name__)

HTTP_CODES = (400, 401, 403, 404, 405, 409, 413, 415, 422, 423, 429, 500)


def _messages() -> dict[int, str]:
    return {
        400: _("Yêu cầu không hợp lệ."),
        401: _("Cần mã truy cập API hợp lệ."),
        403: _("Bạn không có quyền thực hiện thao tác này."),
        404: _("Không tìm thấy tài nguyên được yêu cầu."),
        405: _("Phương thức HTTP này không được hỗ trợ tại địa chỉ này."),
        409: _("Dữ liệu đã thay đổi, vui lòng tải lại."),
        413: _("Nội dung gửi lên quá lớn."),
        415: _("Định dạng nội dung không được hỗ trợ."),
        422: _("Dữ liệu gửi lên không hợp lệ."),
        423: _("Tài khoản đang bị khóa."),
        429: _("Quá nhiều yêu cầu, vui lòng thử lại sau."),
        500: _("Lỗi hệ thống. Vui lòng thử lại sau hoặc báo quản trị viên."),
    }


def json_error(status: int, error: str, message: str, **details: object) -> Response:
    response = jsonify({"error": error, "message": message, **details})
    response.status_code = status
    return response


def _http_error(exc: HTTPException) -> Response:
    code = exc.code or 500
    response = json_error(code, (exc.name or "Error").replace(" ", ""), _messages().get(code, exc.name or ""))
    if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
        response.headers["Allow"] = ", ".join(sorted(exc.valid_methods))
    return response


@api.errorhandler(DomainError)
def _domain_error(exc: DomainError) -> Response:
    response = jsonify(exc.to_dict())
    response.status_code = exc.status
    return response


@api.errorhandler(DocumentTampered)
def _tampered(exc: DocumentTampered) -> Response:
    log.error("document integrity check failed: %s", exc)
    return json_error(
        500,
        "DocumentIntegrityError",
        _(
            "Lỗi toàn vẹn tài liệu (document integrity): nội dung tệp không khớp mã SHA-256 đã lưu. "
            "Không trả về tài liệu; vui lòng báo quản trị viên."
        ),
    )


def _register_http_handlers() -> None:
    # Code-specific handlers: Flask prefers them over generic ones, and a blueprint's over the app's.
    for code in HTTP_CODES:
        api.register_error_handler(code, _http_error)
    api.register_error_handler(HTTPException, _http_error)


_register_http_handlers()


@api.before_app_request
def _unmatched_api_address() -> Response | None:
    """404/405 as JSON for ``/api/v1/…`` addresses that match no route (or not with this method)."""
    failure = request.routing_exception
    if not isinstance(failure, NotFound | MethodNotAllowed):
        return None
    if request.path != PREFIX and not request.path.startswith(PREFIX + "/"):
        return None
    return _http_error(failure)
