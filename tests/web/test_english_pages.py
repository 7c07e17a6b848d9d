"""English mode (issue 17): document kinds, deadline names, verdicts and behaviours read in English, with
plural forms where a count is shown; the same pages in Vietnamese keep the domain's own words.

The domain keeps these texts in Vietnamese as data (official documents print them); ``web.labels`` lists
them for the catalogue and pages translate them when shown.
"""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale

from enforcement.domain import deadlines
from enforcement.domain.sanctions import BEHAVIOUR_LABELS
from enforcement.legal_bases import KINDS
from enforcement.web.labels import art216_verdict, doc_kind_label, doc_title, ui_text
from enforcement.workflow import DocKind
from tests.builders import evading_world, to_concluded, to_penalized
from tests.conftest import csrf_from
from tests.web.test_import_pages import BAD, GOOD, HEADER, _upload, _work

VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹàáèéìíòóùúýĐ]", re.I)
DEADLINES = [v for v in vars(deadlines).values()
             if isinstance(v, tuple) and len(v) == 3 and str(v[0]).startswith("D-")]


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _english(client) -> None:
    token = csrf_from(client.get("/").get_data(as_text=True))
    assert client.post("/language/en", data={"csrf_token": token, "next": "/"}).status_code == 302


def _vietnamese(client) -> None:
    token = csrf_from(client.get("/").get_data(as_text=True))
    assert client.post("/language/vi", data={"csrf_token": token, "next": "/"}).status_code == 302


@pytest.mark.parametrize(
    ("text", "shown"),
    [*((k.title, doc_title) for k in KINDS.values()),
     *((label, ui_text) for _, label, _ in DEADLINES),
     *((source, ui_text) for _, _, source in DEADLINES),
     *((label, ui_text) for label in BEHAVIOUR_LABELS.values())],
)
def test_every_domain_text_a_page_shows_has_an_english_translation(app, text, shown):
    """A document kind, deadline name or source, or behaviour added to the domain without a translation fails here."""
    with app.test_request_context():
        with force_locale("vi"):
            assert shown(text) == text  # Vietnamese pages show the domain's own words
        with force_locale("en"):
            english = shown(text)
    assert english != text and not VIETNAMESE.search(english.replace("NĐ-CP", "")), english


def test_a_document_kind_is_not_confused_with_the_step_of_the_same_name(app):
    """"Kết luận kiểm tra" is a step (Conclude inspection) and a document (Inspection conclusion)."""
    with app.test_request_context(), force_locale("en"):
        assert doc_kind_label(DocKind.INSPECTION_CONCLUSION) == "Inspection conclusion"
        assert doc_kind_label(DocKind.INSPECTION_DECISION) == "Inspection decision"
        assert ui_text("Kết luận kiểm tra") == "Conclude inspection"


def test_the_verdict_reads_like_the_domains_in_vietnamese_and_in_english(app):
    from types import SimpleNamespace

    passed = SimpleNamespace(band=3, criteria=[])
    failed = {"band": None, "criteria": [{"id": "C1", "met": True}, {"id": "C3", "met": False},
                                          {"id": "C4", "met": False}]}
    with app.test_request_context():
        with force_locale("vi"):
            assert art216_verdict(passed) == "Đủ dấu hiệu tội trốn đóng theo BLHS 2015 Điều 216 khoản 3"
            assert art216_verdict(failed) == ("Chưa đủ dấu hiệu tội phạm theo Điều 216: C3 (Số tiền trốn đóng), "
                                              "C4 (Số người lao động bị trốn đóng) chưa đạt")
        with force_locale("en"):
            assert art216_verdict(passed).endswith("Penal Code 2015, Article 216, clause 3")
            assert art216_verdict(failed) == ("Not enough signs of the offence under Article 216: C3 (Amount "
                                              "evaded), C4 (Workers evaded) not met")


@pytest.fixture
def penalised(app, db_session):
    with app.test_request_context():
        world = evading_world()
        to_concluded(world)
        to_penalized(world)
    return world


def test_the_case_page_in_english_names_deadlines_documents_and_the_verdict_in_english(client, auth, penalised):
    world = penalised
    auth.login(world.legal.username)
    vietnamese = client.get(f"/cases/{world.case.id}").get_data(as_text=True)
    _english(client)
    html = client.get(f"/cases/{world.case.id}").get_data(as_text=True)
    deadlines_box = _text(re.search(r'<section class="card" id="deadlines">.*?</section>', html, re.S).group(0))
    documents_box = _text(re.search(r'<section class="card" id="documents">.*?</section>', html, re.S).group(0))
    verdict = _text(re.search(r'<p class="verdict[^"]*">.*?</p>', html, re.S).group(0))
    assert "Employer complies with the penalty decision" in deadlines_box
    assert "Serve the penalty decision" in deadlines_box  # a finished one
    assert "Law on Handling Administrative Violations, Art. 73" in deadlines_box
    assert not VIETNAMESE.search(deadlines_box.replace("NĐ-CP", "")), deadlines_box
    for title in ("Demand notice", "Inspection decision", "Inspection conclusion", "Administrative violation record",
                  "Administrative penalty decision"):
        assert title in documents_box, title
    assert verdict.startswith("Signs of the offence of contribution evasion under Penal Code 2015, Article 216")
    # The same page in Vietnamese: the domain's words, as the documents print them.
    for text in ("Đơn vị chấp hành quyết định xử phạt", "Quyết định xử phạt vi phạm hành chính",
                 "Đủ dấu hiệu tội trốn đóng theo BLHS 2015 Điều 216 khoản"):
        assert text in vietnamese, text


def test_the_sanction_history_names_behaviours_in_english(client, auth, penalised):
    world = penalised
    auth.login(world.legal.username)
    _english(client)
    page = _text(client.get(f"/employers/{world.employer.id}/sanctions").get_data(as_text=True))
    assert "Evasion of social and unemployment insurance" in page
    assert "Workers not registered for social insurance (evasion)" in page  # a choice of the entry form
    assert "Trốn đóng BHXH, BHTN" not in page


def test_counts_in_english_use_plural_forms(app, client, auth):
    from tests.factories import CaseFactory, EmployerFactory, OfficeFactory, UserFactory

    office = OfficeFactory()
    inspector = UserFactory(office=office, role="inspector")
    CaseFactory(employer=EmployerFactory(office=office), office=office, assignee=inspector)
    auth.login(inspector.username)
    _english(client)
    assert "1 item" in _text(client.get("/cases/").get_data(as_text=True))
    CaseFactory(employer=EmployerFactory(office=office), office=office, assignee=inspector)
    listing = _text(client.get("/cases/").get_data(as_text=True))
    assert "2 items" in listing and "2 item " not in listing

    one_error = _upload(client, (HEADER + GOOD + BAD).encode(), "one.csv")
    _work(app)
    assert "File rejected: 1 error in 2 data rows. No data was written." in _text(
        client.get(one_error.headers["Location"]).get_data(as_text=True))
    good = _upload(client, (HEADER + GOOD).encode(), "good.csv")
    _work(app)
    # The worker wrote its message in Vietnamese; the page words the import again in the reader's language.
    assert "Imported 1 row: 1 new, 0 updated, 0 unchanged; new employers: 1." in _text(
        client.get(good.headers["Location"]).get_data(as_text=True))
    _vietnamese(client)
    assert "2 mục" in _text(client.get("/cases/").get_data(as_text=True))
