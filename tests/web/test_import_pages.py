"""Ledger import through a background job, the history and the per-row error report; detection as a job."""

from __future__ import annotations

import io
import re

from enforcement.extensions import db
from enforcement.models import ImportBatch, Job, JobStatus
from enforcement.services import jobs
from tests.conftest import SHARED_DATA, csrf_from

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


def _text(html: str) -> str:
    """What a reader sees: tags dropped, white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_job_page_and_the_import_page_give_the_same_import_number(app, client, auth, world):
    """The import is called by its import number everywhere; the job's own number is named as a job's."""
    auth.login(world.supervisor.username)
    for _ in range(2):  # two detection jobs first: job numbers run ahead of import numbers
        jobs.enqueue(jobs.DETECT, world.office, world.supervisor, {})
        _work(app)
    response = _upload(client, (HEADER + GOOD).encode(), "so-thang-1.csv")
    state = _work(app)
    batch_id, job_id = state.result["batch_id"], int(response.headers["Location"].split("/")[2])
    assert job_id != batch_id
    job_page = _text(_html(client.get(response.headers["Location"])))
    import_page = _text(_html(client.get(f"/imports/{batch_id}")))
    assert f"Lần nhập sổ #{batch_id}: so-thang-1.csv" in import_page
    assert job_page.count(f"Lần nhập sổ #{batch_id}") >= 2  # the heading and the link to the report
    assert f"Công việc chạy nền #{job_id}" in job_page
    assert f"Nhập sổ theo dõi thu #{job_id}" not in job_page and f"Lần nhập sổ #{job_id}" not in job_page
    index = _text(_html(client.get("/imports/")))
    assert f"#{job_id} Nhập sổ theo dõi thu: so-thang-1.csv" in index  # the job, in the job table
    assert f"Lần nhập sổ #{batch_id} :" in index


def test_a_rejected_file_shows_how_many_rows_it_has(app, client, auth, world):
    auth.login(world.inspector.username)
    third = _EMPLOYER + ",2026-03,1000000,0,10,0\n"
    response = _upload(client, (HEADER + GOOD + BAD + third).encode(), "so-loi.csv")
    state = _work(app)
    batch = db.session.get(ImportBatch, state.result["batch_id"])
    assert (batch.status, batch.rows_total, batch.rows_rejected) == ("rejected", 3, 1)
    job_page = _text(_html(client.get(response.headers["Location"])))
    assert "Tệp bị từ chối: 1 lỗi trong 3 dòng dữ liệu. Không có dữ liệu nào được ghi." in job_page
    report = _text(_html(client.get(f"/imports/{batch.id}")))
    assert "Số dòng dữ liệu trong tệp 3" in report and "Dòng có lỗi 1" in report and "Số lỗi 1" in report
    assert "Dòng mới" not in report  # nothing was written: no "0 new rows" to misread
    history = _text(_html(client.get("/imports/")))
    assert f"#{batch.id} " in history and "so-loi.csv" in history and "Bị từ chối 3 0 0 1" in history


def test_a_file_refused_at_its_header_says_so_without_a_row_count(app, client, auth, world):
    auth.login(world.inspector.username)
    response = _upload(client, b"ma_don_vi,ky\nTA1845P,2026-01\n", "thieu-cot.csv")
    state = _work(app)
    page = _text(_html(client.get(response.headers["Location"])))
    assert state.result["status"] == "rejected"
    assert "Tệp bị từ chối: " in page and "trong 0 dòng" not in page
    assert page.count("Tệp bị từ chối") == 1


def test_an_inspector_is_told_who_runs_the_scan_after_an_import(app, client, auth, world):
    auth.login(world.inspector.username)
    response = _upload(client, (HEADER + GOOD).encode())
    _work(app)
    page = _text(_html(client.get(response.headers["Location"])))
    assert "quét nợ để mở hoặc cập nhật hồ sơ — việc của lãnh đạo phòng" in page
    assert 'action="/imports/detect"' not in _html(client.get(response.headers["Location"]))


def test_the_csv_template_filled_in_is_accepted(app, client, auth, world):
    """The downloaded template is a valid ledger once rows are added (';' and BOM as Excel saves it)."""
    auth.login(world.inspector.username)
    template = client.get("/imports/template.csv").get_data()
    assert template.startswith("\ufeff".encode())
    header = template.decode("utf-8-sig").strip().split(";")
    shared = (SHARED_DATA / "LEDGER_FORMAT.md").read_text(encoding="utf-8")
    assert header == re.findall(r"^\| `([a-z_]+)` \|", shared, re.M)  # every column of the format, in order
    values = {"ma_don_vi": "TA1845P", "ma_so_thue": "3788149397", "ten_don_vi": "Công ty TNHH Dệt may An Phú",
              "ky": "01/2026", "phai_dong": "1.000.000", "da_dong": "0", "so_lao_dong": "10"}
    row = ";".join(values.get(name, "") for name in header)
    filled = template + (row + "\r\n").encode()
    _upload(client, filled, "mau-da-dien.csv")
    state = _work(app)
    assert state.result["status"] == "accepted", state.result


def test_the_error_report_can_be_downloaded_beside_the_file_to_fix(app, client, auth, world):
    from python_calamine import CalamineWorkbook

    auth.login(world.inspector.username)
    _upload(client, (HEADER + GOOD + BAD).encode(), "so-loi.csv")
    batch_id = _work(app).result["batch_id"]
    report = _html(client.get(f"/imports/{batch_id}"))
    assert f"/imports/{batch_id}/errors.xlsx" in report and f"/imports/{batch_id}/errors.csv" in report
    book = client.get(f"/imports/{batch_id}/errors.xlsx")
    assert f"loi-nhap-so-{batch_id}.xlsx" in book.headers["Content-Disposition"]
    rows = CalamineWorkbook.from_filelike(io.BytesIO(book.get_data())).get_sheet_by_index(0).to_python()
    assert rows[0] == ["Dòng", "Cột", "Giá trị", "Lỗi"]
    assert rows[1][:3] == [3, "phai_dong", "12.5"] and rows[1][3].startswith("Phải đóng:")
    text = client.get(f"/imports/{batch_id}/errors.csv").get_data().decode("utf-8-sig")
    assert text.splitlines()[1].startswith("3;phai_dong;12.5;Phải đóng:")
    from tests.factories import UserFactory

    stranger = UserFactory(role="inspector")
    with client.session_transaction() as session:
        session.clear()
    auth.login(stranger.username)
    assert client.get(f"/imports/{batch_id}/errors.csv").status_code == 404


def test_the_inspector_reads_who_runs_the_scan_on_the_import_page(client, auth, world):
    auth.login(world.inspector.username)
    page = _text(_html(client.get("/imports/")))
    assert "Sau khi nhập sổ, lãnh đạo phòng chạy quét nợ để mở hoặc cập nhật hồ sơ." in page
    assert "Chạy quét nợ" not in page
