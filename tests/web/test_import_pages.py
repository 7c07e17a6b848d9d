"""Ledger import through a background job, the history and the per-row error report; detection as a job."""

from __future__ import annotations

import io

from enforcement.extensions import db
from enforcement.models import ImportBatch, Job, JobStatus
from enforcement.services import jobs
from tests.conftest import csrf_from

HEADER = ("ma_don_vi,ma_so_thue,ten_don_vi,dia_chi,quan_huyen,loai_hinh,nguoi_dai_dien,ky,phai_dong,da_dong,"
          "so_lao_dong,trich_luong_nld\n")
_EMPLOYER = "TA1845P,3788149397,Công ty TNHH Dệt may An Phú,Số 27,Thuận An,doanh_nghiep,Nguyễn Văn Hùng"
GOOD = _EMPLOYER + ",2026-01,1000000,0,10,0\n"
BAD = _EMPLOYER + ",2026-02,12.5,0,10,0\n"


def _html(response) -> str:
    return response.get_data(as_text=True)


def _work(app) -> jobs.JobState | None:
    """What a worker does: claim and run one job in an application context."""
    with app.app_context():
        return jobs.work_once("test-worker")


def _upload(client, content: bytes, name: str = "so-thu.csv"):
    token = csrf_from(_html(client.get("/imports/")))
    return client.post("/imports/upload", content_type="multipart/form-data",
                       data={"csrf_token": token, "file": (io.BytesIO(content), name)})


def test_an_upload_becomes_a_job_with_a_progress_page(client, auth, world):
    auth.login(world.inspector.username)
    response = _upload(client, b"not,a,ledger\n1,2,3\n")
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    job = db.session.scalar(db.select(Job).order_by(Job.id.desc()))
    assert job.status == JobStatus.QUEUED and job.payload.startswith(b"not,a,ledger")
    page = _html(client.get(response.headers["Location"]))
    assert "Làm mới" in page and "jobs.js" in page and f"/jobs/{job.id}" in page
    status = client.get(f"/jobs/{job.id}").get_json()
    assert status["status"] == "queued" and status["finished"] is False


def test_a_rejected_file_has_a_per_row_error_report(app, client, auth, world):
    auth.login(world.inspector.username)
    _upload(client, (HEADER + GOOD + BAD).encode(), "so-loi.csv")
    state = _work(app)
    assert state is not None and state.status == "done", state.error
    batch = db.session.get(ImportBatch, state.result["batch_id"])
    assert batch.status == "rejected"
    report = _html(client.get(f"/imports/{batch.id}"))
    assert "Báo cáo lỗi theo dòng (1)" in report and "12.5" in report and "không có dữ liệu nào được ghi" in report
    assert "so-loi.csv" in _html(client.get("/imports/"))


def test_a_good_file_is_imported_and_reported(app, client, auth, world):
    auth.login(world.inspector.username)
    response = _upload(client, (HEADER + GOOD).encode(), "so-tot.csv")
    state = _work(app)
    assert state.status == "done" and state.progress == 100
    assert "Đã nhập 1 dòng" in state.result["message"]
    page = _html(client.get(response.headers["Location"]))
    assert "Xem báo cáo lần nhập sổ #" in page and "Đã nhập 1 dòng" in page


def test_job_status_is_404_for_another_office(client, auth, world):
    from tests.factories import UserFactory

    job = jobs.enqueue(jobs.DETECT, world.office, world.supervisor, {})
    stranger = UserFactory()
    auth.login(stranger.username)
    assert client.get(f"/jobs/{job.id}").status_code == 404
    assert client.get(f"/jobs/{job.id}/view").status_code == 404


def test_supervisor_runs_detection_as_a_job(app, client, auth, world):
    auth.login(world.supervisor.username)
    token = csrf_from(_html(client.get("/imports/")))
    response = client.post("/imports/detect", data={"csrf_token": token, "as_of": ""})
    assert response.status_code == 302
    state = _work(app)
    assert state.status == "done", state.error
    assert "Đã quét nợ" in state.result["message"]
    page = _html(client.get(response.headers["Location"]))
    assert "Hoàn thành" in page and "Xem hồ sơ đang mở" in page


def test_an_inspector_cannot_run_detection(client, auth, world):
    auth.login(world.inspector.username)
    token = csrf_from(_html(client.get("/imports/")))
    assert client.post("/imports/detect", data={"csrf_token": token}).status_code == 403


def test_the_admin_is_told_who_may_import(client, auth, world):
    """No bare 403: the page names the roles that may import and the user's own."""
    from tests.factories import UserFactory

    admin = UserFactory(office=world.office, role="admin")
    auth.login(admin.username)
    response = client.get("/imports/")
    page = _html(response)
    assert response.status_code == 403
    assert "Cán bộ kiểm tra, Lãnh đạo phòng" in page and "Quản trị hệ thống" in page


def test_template_files_have_the_format_header(client, auth, world):
    from python_calamine import CalamineWorkbook

    auth.login(world.inspector.username)
    csv_text = client.get("/imports/template.csv").get_data().decode("utf-8-sig")
    assert csv_text.strip().split(";")[:3] == ["ma_don_vi", "ma_so_thue", "ten_don_vi"]
    xlsx = client.get("/imports/template.xlsx")
    assert xlsx.status_code == 200 and "mau-so-theo-doi-thu.xlsx" in xlsx.headers["Content-Disposition"]
    book = CalamineWorkbook.from_filelike(io.BytesIO(xlsx.get_data()))
    assert book.sheet_names[1] == "Hướng dẫn"
    assert book.get_sheet_by_index(0).to_python()[0][:3] == ["ma_don_vi", "ma_so_thue", "ten_don_vi"]
    guide = book.get_sheet_by_index(1).to_python()
    assert guide[[r[0] for r in guide].index("ky")][:3] == ["ky", "Kỳ", "bắt buộc"]
    assert "Tệp mẫu" in _html(client.get("/imports/"))


def test_after_an_accepted_import_the_supervisor_is_offered_the_scan(app, client, auth, world):
    auth.login(world.supervisor.username)
    response = _upload(client, (HEADER + GOOD).encode())
    state = _work(app)
    assert state is not None and state.result["status"] == "accepted"
    page = _html(client.get(response.headers["Location"]))
    assert f"Xem báo cáo lần nhập sổ #{state.result['batch_id']}" in page
    assert "Chạy quét nợ" in page and 'action="/imports/detect"' in page
    assert f"Lần nhập sổ #{state.result['batch_id']}" in _html(client.get("/imports/"))


def test_a_rejected_import_is_shown_as_an_error_once_with_its_report(app, client, auth, world):
    auth.login(world.inspector.username)
    response = _upload(client, (HEADER + GOOD + BAD).encode())
    _work(app)
    page = _html(client.get(response.headers["Location"]))
    assert 'class="flash flash-error">Tệp bị từ chối: 1 lỗi' in page  # never in a green "success" box
    assert page.count("Tệp bị từ chối") == 1 and "Xem báo cáo lần nhập sổ #" in page
    assert "Chạy quét nợ" not in page
