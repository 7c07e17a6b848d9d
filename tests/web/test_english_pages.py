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


# The Article 216 panel and the timeline (the domain's sentences and the stored summaries said again) ------------

DATA = re.compile(r"\S*/\S*|\d[\d.]* đ")  # document numbers ("01/QĐ-XPHC", "283/2026/NĐ-CP") and money ("1.234 đ")


def _section(html: str, section_id: str) -> str:
    return re.search(rf'<section class="card" id="{section_id}">.*?</section>', html, re.S).group(0)


def _summaries(html: str) -> list[str]:
    return [_text(s) for s in re.findall(r'<div class="what"><strong>(.*?)</strong>', _section(html, "timeline"))]


def test_the_article_216_panel_reads_in_english_with_counts_in_plural_forms(client, auth, penalised):
    world = penalised
    auth.login(world.legal.username)
    _english(client)
    panel = _text(_section(client.get(f"/cases/{world.case.id}").get_data(as_text=True), "art216"))
    for sentence in ("7 months of evasion from 01/2018: 12/2025, 01/2026",  # C1 value
                     "Conduct from 01/01/2018 (periods from 01/2018)",  # C1 threshold
                     "Evasion for 7 months (consecutive), reaching the threshold of 6 months or more",  # C2 reason
                     "Amount evaded 2.576.000.000 đ (interest excluded) reaches the threshold of 50.000.000 đ",
                     "10 workers or more",  # C4 threshold
                     "(the ledger shows 86 workers, a suggestion only)",  # C4 evidence
                     "Decision no. 01/QĐ-XPHC of 29/10/2026 (decision issued in case no.",  # C5 evidence
                     "Penal Code 2015, Article 216, clause 1(a)",  # C3 clause
                     "Compliance deadline 13/11/2026",  # C6 value
                     "Thresholds of the law in force on the date of the conduct, 31/07/2026"):  # a note
        assert sentence in panel, sentence
    assert not VIETNAMESE.search(DATA.sub("", panel)), VIETNAMESE.findall(DATA.sub("", panel))


def test_the_article_216_panel_in_vietnamese_shows_the_domains_own_sentences(app, client, auth, penalised):
    from markupsafe import escape

    from enforcement.services.cases import view_of

    world = penalised
    auth.login(world.legal.username)
    html = client.get(f"/cases/{world.case.id}").get_data(as_text=True)
    panel = _section(html, "art216")
    with app.test_request_context():
        art = view_of(world.case).art216  # today, as the page
    sentences = [s for c in art.criteria for s in (c.value_text, c.threshold_text, c.reason, c.clause,
                                                   *c.evidence_text)]
    assert "Trốn đóng 7 tháng (liên tục), đạt ngưỡng từ 6 tháng trở lên" in sentences
    for sentence in (*sentences, *art.reasons[1:]):
        assert str(escape(str(sentence))) in panel, sentence


def test_the_timeline_says_stored_summaries_again_in_english_and_keeps_the_vietnamese_record(
    client, auth, penalised
):
    from enforcement.extensions import db
    from enforcement.models import CaseEvent
    from enforcement.services.audit import SUMMARY_TEXT

    world = penalised
    auth.login(world.legal.username)
    opened = db.session.scalar(db.select(CaseEvent).where(CaseEvent.case_id == world.case.id, CaseEvent.seq == 1))
    assert opened.summary.startswith("Phát hiện nợ 3 tháng (ngưỡng 3), nợ gốc ")  # the record stays Vietnamese
    assert opened.details[SUMMARY_TEXT]["msgid"].startswith("Phát hiện nợ %(num)d tháng")
    vietnamese = _summaries(client.get(f"/cases/{world.case.id}").get_data(as_text=True))
    assert opened.summary in vietnamese and "Ra quyết định xử phạt" in vietnamese
    _english(client)
    english = _summaries(client.get(f"/cases/{world.case.id}").get_data(as_text=True))
    assert any(s.startswith("Arrears of 3 months detected (threshold 3), principal outstanding ") for s in english)
    assert "Issue penalty decision" in english
    for summary in english:
        assert not VIETNAMESE.search(DATA.sub("", summary)), summary


def test_an_event_without_its_template_shows_its_stored_words(client, auth, penalised):
    """Events recorded before summaries kept their template (or with a form this version cannot read)."""
    from enforcement.extensions import db
    from enforcement.models import EventAction
    from enforcement.services import audit

    world = penalised
    audit.append(world.case, EventAction.IMPORT, None, summary="Nhập sổ so-thu.csv: 2 dòng của đơn vị thay đổi")
    audit.append(world.case, EventAction.COMMENT, None, summary="Ghi chú cũ",
                 details={audit.SUMMARY_TEXT: {"msgid": "Ghi chú %(x)s", "params": {"x": {"unknown": 1}}}})
    db.session.commit()
    auth.login(world.legal.username)
    _english(client)
    english = _summaries(client.get(f"/cases/{world.case.id}").get_data(as_text=True))
    assert "Nhập sổ so-thu.csv: 2 dòng của đơn vị thay đổi" in english and "Ghi chú cũ" in english


def test_the_audit_page_and_export_say_summaries_in_the_readers_language(client, auth, penalised):
    world = penalised
    auth.login(world.supervisor.username)
    _english(client)
    assert "Arrears of 3 months detected (threshold 3)" in _text(client.get("/audit/").get_data(as_text=True))
    exported = client.get("/audit/export.csv").get_data().decode("utf-8-sig")
    assert "Arrears of 3 months detected (threshold 3)" in exported and "Phát hiện nợ" not in exported
    _vietnamese(client)
    exported = client.get("/audit/export.csv").get_data().decode("utf-8-sig")
    assert "Phát hiện nợ 3 tháng (ngưỡng 3)" in exported


FINE_LINES = {  # by the date the violation ended: Decree 283/2026 (bands, a warning, headcount), Decree 12/2022
    "": "si_late; 250.000.004; 3; ; tu_nguyen_khac_phuc\nui_late; 399.999; 1\n"
                  "si_evasion; 40.000.000; 1; tron_tranh_che_giau\nsi_unregistered_late; 12; 1",
    "2026-05-01": "si_late; 500.000.000; 1\nsi_evasion; 80.000.000; 1; ; tu_nguyen_khac_phuc, tu_nguyen_khai_bao",
}


def _fine_reasons(client, ended_on: str) -> list[str]:
    token = csrf_from(client.get("/calculators/fine").get_data(as_text=True))
    response = client.post("/calculators/fine", data={
        "csrf_token": token, "violation_date": "2026-10-01", "ended_on": ended_on, "offender": "organisation",
        "violations": FINE_LINES[ended_on], "signer_title": "bhxh_province_director"})
    assert response.status_code == 200
    result = _section(response.get_data(as_text=True), "result")
    return [_text(li) for ul in re.findall(r'<td colspan="6"><ul>(.*?)</ul>', result, re.S)
            for li in re.findall(r"<li>(.*?)</li>", ul, re.S)]


@pytest.mark.parametrize("ended_on", sorted(FINE_LINES))
def test_the_fine_calculators_reasons_read_in_english(client, auth, world, ended_on):
    auth.login(world.legal.username)
    _english(client)
    reasons = _fine_reasons(client, ended_on)
    assert len(reasons) >= 8
    for reason in reasons:
        assert not VIETNAMESE.search(DATA.sub("", reason)), reason
    joined = " | ".join(reasons)
    if not ended_on:
        for sentence in ("Violation still ongoing on 10/09/2026: Decree No. 283/2026/NĐ-CP applies (Article 67)",
                         "Base amount (social insurance contributions paid late at the date of the violation "
                         "record): 250.000.004 đ",
                         "Organisation: the fine is 02 times the fine for an individual (clauses 1 and 2 of Article 7",
                         "Aggravating factor: Repeated violation (point b, clause 1 of Article 10 of the Law on "
                         "Handling Administrative Violations) — 3 months of violation are one violation",
                         "Mitigating factor: ",
                         "Netting: 1 aggravating − 1 mitigating = 0",
                         "the middle of the band",
                         "Below 400.000 đ: a warning (clause 1 of Article 45",
                         "Workers concerned: 12 (from 10 to fewer than 50 workers"):
            assert sentence in joined, sentence
    else:
        assert "Violation ended on 01/05/2026, before 10/09/2026: Decree No. 12/2022/NĐ-CP applies" in joined
        assert "Netting: 0 aggravating − 2 mitigating = -2" in joined


@pytest.mark.parametrize("ended_on", sorted(FINE_LINES))
def test_the_fine_calculators_reasons_in_vietnamese_are_the_domains_own(app, client, auth, world, ended_on):
    from markupsafe import escape

    from enforcement.domain.fines import calculate
    from enforcement.services.legal_params import current_params
    from enforcement.web.calculators import _violation_lines

    auth.login(world.legal.username)
    reasons = _fine_reasons(client, ended_on)
    with app.test_request_context():
        obj = {"violation_date": "2026-10-01", "ended_on": ended_on or None, "offender": "organisation",
               "violations": _violation_lines(FINE_LINES[ended_on], [])}
        expected = [str(r) for v in calculate(obj, current_params())["violations"] for r in v["reasons"]]
    assert reasons == [" ".join(str(escape(r)).split()) for r in expected]
    assert any(r.startswith("Bù trừ: ") for r in reasons) and any(r.startswith("Mức đề xuất ") for r in reasons)


def test_the_penalty_forms_proposal_reads_in_english_and_stays_vietnamese_in_vietnamese(client, auth, recorded):
    from tests.web.conftest import switch_user

    switch_user(client, auth, recorded.legal)

    def reasons() -> list[str]:
        html = client.get(f"/cases/{recorded.case.id}/act/issue_penalty").get_data(as_text=True)
        fines = re.search(r'<div class="fines">.*?</table>', html, re.S).group(0)
        decree = re.findall(r'<p class="muted">(.*?)</p>', fines, re.S)
        return decree + [_text(li) for ul in re.findall(r"</summary><ul>(.*?)</ul>", fines, re.S)
                         for li in re.findall(r"<li>(.*?)</li>", ul, re.S)]

    vietnamese = reasons()
    assert any(r.startswith("Phần BHXH (25,5/32) của số tiền trốn đóng ") for r in vietnamese), vietnamese
    assert any(r.startswith("Bù trừ: ") for r in vietnamese)
    _english(client)
    english = reasons()
    assert len(english) == len(vietnamese) >= 8
    for reason in english:
        assert not VIETNAMESE.search(DATA.sub("", reason)), reason
    assert any(r.startswith("The social insurance share (25,5/32) of the contributions evaded for ") for r in english)


def test_the_signer_competence_check_reads_in_english_and_keeps_its_vietnamese_words(app):
    """LR-COMPETENCE's reasons under the fines table: the same Vietnamese sentences as before (documents and
    the API read them), said again in English on an English page."""
    from datetime import date

    from enforcement.domain.competence import PROVINCE_DIRECTOR, SignerAuthority, check_competence
    from enforcement.domain.legal_params import ParamSet

    director = SignerAuthority("Giám đốc Bảo hiểm xã hội tỉnh Bình Dương", title_id=PROVINCE_DIRECTOR)
    refused = check_competence([100_000_000], "organisation", director, date(2026, 10, 1), ParamSet.defaults())
    assert not refused.ok
    assert refused.reasons[0].startswith("Mức tối đa của khung phạt của vụ việc 100.000.000 đ")
    assert ("Vượt thẩm quyền của Giám đốc Bảo hiểm xã hội tỉnh Bình Dương (đến 75.000.000 đ đối với tổ chức): "
            "chuyển hồ sơ vụ vi phạm đến") in refused.reasons[1]
    with app.test_request_context(), force_locale("en"):
        english = [ui_text(reason) for reason in refused.reasons]
    assert english[0].startswith("The top of this case's fine band is 100.000.000 đ")
    assert "Beyond the competence of Giám đốc Bảo hiểm xã hội tỉnh Bình Dương (up to 75.000.000 đ for an " \
        "organisation): transfer the case file to" in english[1]
    assert not VIETNAMESE.search(english[0].replace("đ", ""))
