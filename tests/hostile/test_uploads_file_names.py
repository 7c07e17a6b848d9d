"""Issue 12 item 7 (file names): a control character in an upload's name is refused, nothing breaks.

The attack: a multipart file name holding NUL gave a 500 through the API
(PostgreSQL refuses NUL), and through the web page the name was echoed into a
flash message kept in the session, after which every request of that browser —
``/login`` and ``/logout`` included — got a bare 500.  Now the name is checked
before it goes anywhere (``file_names.upload_name``): a clear 400 through the
API, a clear message on the page, and the browser's next requests work.
"""

from __future__ import annotations

import io

import pytest

from enforcement.extensions import db
from enforcement.file_names import BadFileName, upload_name
from enforcement.models import ImportBatch, Job
from tests.conftest import Auth, csrf_from
from tests.shared_data import SHARED_DATA

GOOD = (SHARED_DATA / "ledger_small.csv").read_bytes()
BAD_NAMES = ["so\x00thu.csv", "so\nthu.csv", "so\rthu.csv", "\x1b[31mso.csv", "so\u2028thu.csv", "so\u202ethu.csv"]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_upload_name_refuses_control_characters(ctx, name):
    with pytest.raises(BadFileName, match="ký tự điều khiển"):
        upload_name(name, "ledger")


def test_upload_name_keeps_a_vietnamese_name_without_its_folders(ctx):
    assert upload_name("C:\\Users\\an\\Sổ thu tháng 5.csv", "ledger") == "Sổ thu tháng 5.csv"
    assert upload_name("../../etc/passwd", "ledger") == "passwd"
    assert upload_name("", "ledger") == "ledger"
    assert upload_name("..", "ledger") == "ledger"
    assert len(upload_name("a" * 5000 + ".csv", "ledger")) == 255


@pytest.mark.parametrize("path", ["/imports", "/tax-imports"])
def test_the_api_answers_400_naming_the_file_field_and_writes_nothing(api, world, path):
    client = api.as_(world.inspector)
    response = client.post(path, data={"file": (io.BytesIO(GOOD), "so\x00thu.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "BadFileName" and "ký tự điều khiển" in body["message"]
    assert db.session.scalar(db.select(db.func.count()).select_from(ImportBatch)) == 0
    assert client.get("/cases").status_code == 200  # the next request is served


def test_the_upload_page_says_so_and_the_browser_keeps_working(client, world):
    auth = Auth(client)
    assert auth.login(world.inspector.username).status_code == 302
    page = client.get("/imports/")
    token = csrf_from(page.get_data(as_text=True))
    response = client.post("/imports/upload", data={"csrf_token": token, "file": (io.BytesIO(GOOD), "so\x00thu.csv")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert response.status_code == 200
    assert "ký tự điều khiển" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Job)) == 0
    assert client.get("/imports/").status_code == 200
    assert client.get("/").status_code == 200
    assert client.post("/logout", data={"csrf_token": csrf_from(client.get("/").get_data(as_text=True))}
                       ).status_code in (302, 303)
    assert client.get("/login").status_code == 200
