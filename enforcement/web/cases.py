"""Cases: the filtered list (with CSV export and bulk assignment) and the case page with its actions.

The case page shows the employer, the arrears month by month, the running
deadlines, the actions the user may take (blocked ones greyed with their
reasons), documents, evidence, comments, the timeline, the workflow picture
and the Article 216 panel.  Each action is a form drawn from ``steps.FIELDS``
followed by a confirmation page; confirming fires the trigger through
``services.cases.fire`` with the case version the form was drawn for.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from enforcement import clock
from enforcement.errors import DomainError, StaleCase, ValidationFailed
from enforcement.file_names import ascii_slug, content_disposition, document_file_name
from enforcement.models import Case, Document, EventAction, Evidence, EvidenceCategory
from enforcement.permissions import Permission, get_in_office, has_permission, require
from enforcement.services import cases as case_service
from enforcement.services import dashboard, next_step, queries
from enforcement.services import evidence as evidence_service
from enforcement.services.documents import DocumentTampered, replacements, verified_bytes
from enforcement.steps import step_of, validate_input
from enforcement.steps.data import case_decision
from enforcement.web import actions, charts, diagram
from enforcement.web.args import ascii_digits, bounded_int, ids_of, page_arg
from enforcement.web.exports import table_response
from enforcement.web.forms import ActionForm, AssignForm, CommentForm, CorrectionForm, CsrfForm, EvidenceForm
from enforcement.web.labels import EVIDENCE_LABELS, ui_text
from enforcement.web.outcomes import flash_error, flash_errors
from enforcement.workflow import STATE_LABELS, CaseState, availability

bp = Blueprint("cases", __name__, url_prefix="/cases")

PER_PAGE = 25
SORT_LABELS = {
    "deadline": _l("Hạn gần nhất"),
    "principal": _l("Nợ gốc lớn nhất"),
    "months": _l("Số tháng nợ nhiều nhất"),
    "opened": _l("Mới mở gần đây"),
    "updated": _l("Mới cập nhật"),
    "name": _l("Tên đơn vị (A–Z)"),
}


# --------------------------------------------------------------------------- list


def _money_arg(name: str) -> int | None:
    digits = ascii_digits(request.args.get(name, ""))
    return int(digits[:15]) if digits else None


def filters_from_args() -> queries.CaseFilters:
    """The case-list filters of the query string (unknown values are ignored, never an error)."""
    state = request.args.get("state") or None
    assignee = request.args.get("assignee_id", "").strip()
    sort = request.args.get("sort", "deadline")
    return queries.CaseFilters(
        state=state if state in {s.value for s in CaseState} else None,
        open_only=request.args.get("open_only") in ("1", "on", "true", "True"),
        assignee_id=bounded_int(assignee),
        unassigned=assignee == "none",
        district=request.args.get("district") or None,
        min_principal=_money_arg("min_principal"),
        max_principal=_money_arg("max_principal"),
        overdue=request.args.get("overdue") in ("1", "on", "true", "True"),
        due_soon=request.args.get("due_soon") in ("1", "on", "true", "True"),
        q=(request.args.get("q") or "").strip()[:200] or None,
        sort=sort if sort in queries.SORTS else "deadline",
    )


@bp.route("/")
@require(Permission.CASE_READ)
def index() -> str:
    """The office's cases, filtered, sorted and paginated."""
    filters = filters_from_args()
    page = queries.list_cases(current_user, filters, page_arg(), PER_PAGE)
    can_assign = has_permission(current_user, Permission.CASE_ASSIGN)
    return render_template(
        "cases/index.html",
        page=page,
        filters=filters,
        states=list(CaseState),
        staff=dashboard.staff(current_user.office_id),
        inspectors=dashboard.inspectors(current_user.office_id) if can_assign else [],
        districts=queries.districts(current_user),
        sorts=SORT_LABELS,
        assign_form=AssignForm() if can_assign else None,
        can_assign=can_assign,
        today=clock.today(),
    )


@bp.route("/export.<any(csv, xlsx):fmt>")
@require(Permission.CASE_READ)
def export(fmt: str) -> Response:
    """The filtered list as CSV (every matching case, not only one page)."""
    from enforcement.extensions import db

    filters = filters_from_args()
    query = queries.case_query(current_user, filters).order_by(*queries.SORTS[filters.sort])
    from sqlalchemy.orm import contains_eager, joinedload

    cases = db.session.scalars(
        query.options(contains_eager(Case.employer), joinedload(Case.assignee))
    )
    header = [
        _("Mã hồ sơ"), _("Đơn vị"), _("Mã đơn vị"), _("Mã số thuế"), _("Quận/huyện"), _("Trạng thái"),
        _("Số tháng nợ"), _("Kỳ nợ sớm nhất"), _("Nợ gốc (đồng)"), _("Lãi chậm đóng (đồng)"), _("Số lao động"),
        _("Cán bộ phụ trách"), _("Hạn gần nhất"),
    ]
    from enforcement.filters import period_vi, state_label

    rows = [
        [
            c.id, c.employer.name, c.employer.unit_code, c.employer.tax_code, c.employer.district,
            state_label(c.state), c.months_in_arrears, period_vi(c.oldest_unpaid_period), c.principal, c.interest,
            c.employees_affected, c.assignee.full_name if c.assignee else "", c.next_deadline,
        ]
        for c in cases
    ]  # built inside the request: the session closes before the response is sent
    return table_response(fmt, f"ho-so-{clock.today():%d-%m-%Y}", header, rows, _("Hồ sơ"))


@bp.route("/assign", methods=["POST"])
@require(Permission.CASE_ASSIGN)
def assign() -> Response:
    """Assign (or reassign, or unassign) one or many cases."""
    form = AssignForm()
    back = form.next.data if (form.next.data or "").startswith("/") and not (form.next.data or "").startswith("//") \
        else url_for("cases.index")
    if not form.validate_on_submit():
        flash(_("Phiên làm việc đã hết hạn, vui lòng thử lại."), "error")
        return redirect(back)
    ids = ids_of(request.form.getlist("case_ids"))
    assignee = (form.assignee_id.data or "").strip()
    assignee_id = bounded_int(assignee) if assignee else None
    if ids is None:  # a value that cannot be a case's id: as for a case that does not exist
        flash(_("Không tìm thấy hồ sơ."), "error")
        return redirect(back)
    if not ids:
        flash(_("Chưa chọn hồ sơ nào để phân công."), "warning")
        return redirect(back)
    if assignee and assignee_id is None:  # never read as "unassign"
        flash(_("Người được phân công phải là cán bộ kiểm tra đang hoạt động của cơ quan."), "error")
        return redirect(back)
    with flash_errors(details=False) as failure:
        changed = case_service.assign(ids, assignee_id, current_user)
    if not failure:
        flash(ngettext("Đã phân công %(num)d hồ sơ.", "Đã phân công %(num)d hồ sơ.", len(changed)) if changed
              else _("Không có hồ sơ nào thay đổi người phụ trách."), "success")
    return redirect(back)


# --------------------------------------------------------------------------- case page


def _arrears_chart(view: case_service.CaseView) -> charts.Chart:
    from enforcement.filters import money, period_vi

    months = view.figures.months[-24:]
    chart = charts.bar_chart(
        [(period_vi(str(m.period))[:2] + "/" + str(m.period.year)[2:], float(m.outstanding), money(m.outstanding))
         for m in months],
        width=640, height=180,
    )
    chart.bars = [
        charts.Bar(b.x, b.y, b.width, b.height, b.label, b.value_text, "late" if m.in_arrears else "due")
        for b, m in zip(chart.bars, months, strict=True)
    ]
    return chart


def arrears_parts(view: case_service.CaseView) -> list[dict[str, Any]]:
    """The arrears table of the case page in two parts, each with a "Cộng" row adding up its own columns:
    the months whose deadline has passed (their outstanding amounts add up to the principal) and, apart,
    the months not yet due, counted in no total."""
    from enforcement.domain.arrears import column_totals, split_by_deadline

    due, later = split_by_deadline(view.figures.months, view.today)
    parts = [{"css": "due", "heading": "", "months": due, "totals": column_totals(due),
              "total_label": _("Cộng %(n)d tháng đã đến hạn đóng", n=len(due))}]
    if later:
        parts.append({"css": "not-due muted", "heading": _("Chưa đến hạn đóng (không cộng vào số nợ)"),
                      "months": later, "totals": column_totals(later),
                      "total_label": _("Cộng %(n)d tháng chưa đến hạn", n=len(later))})
    return parts


@bp.route("/<int:case_id>")
@require(Permission.CASE_READ)
def show(case_id: int) -> str:
    """The case page."""
    case = queries.load_case(case_id, current_user)
    view = case_service.view_of(case, clock.today())
    options = offered(availability(view.facts, case_service.actor_of(current_user)), view.facts)
    action = request.args.get("action") or None
    if action not in {a.value for a in EventAction}:
        action = None
    events = queries.timeline(case.id, action, page_arg("tpage"))
    can_print = has_permission(current_user, Permission.DOSSIER_PRINT)
    documents = queries.case_documents(case.id)
    return render_template(
        "cases/show.html",
        case=case,
        view=view,
        options=[o for o in options if not o.forbidden],
        others=[o for o in options if o.forbidden],
        events=events,
        action=action,
        actions=list(EventAction),
        documents=documents,
        replaced_by=replacements(documents),
        can_correct=case_service.may_correct_documents(current_user),
        correction_form=CorrectionForm(formdata=None),
        evidence=(evidence := evidence_service.of_case(case.id)),
        withdrawals=evidence_service.withdrawals_of(case.id),
        may_withdraw={e.id for e in evidence if evidence_service.may_withdraw(e, current_user)
                      and has_permission(current_user, Permission.CASE_ACT)},
        evidence_form=EvidenceForm(category=EvidenceCategory.OTHER.value),
        comment_form=CommentForm(),
        assign_form=AssignForm(assignee_id=str(case.assignee_id or "")),
        inspectors=dashboard.inspectors(case.office_id)
        if has_permission(current_user, Permission.CASE_ASSIGN) else [],
        dossier=queries.latest_document(case.id, queries.DOSSIERS) if can_print else None,
        chart=_arrears_chart(view),
        arrears_parts=arrears_parts(view),
        picture=diagram.build(case.state, queries.path_taken(case.id)),
        decision=case_decision(view.history),
        running=[d for d in view.deadlines if d.running],
        finished=[d for d in view.deadlines if not d.running],
        next_steps=next_step.next_steps(view.facts, case.assignee),
        returned=view.history.pending_return() if view.facts.referral_returned else None,
    )


def offered(options: list[Any], facts: Any) -> list[Any]:
    """The actions that make sense now: a dismissal is not requested twice."""
    return [o for o in options
            if not (o.step.trigger.value == "request_dismissal" and facts.dismissal_requested)]


def _availability_of(case: Case, trigger: str, view: case_service.CaseView) -> Any:
    for option in availability(view.facts, case_service.actor_of(current_user)):
        if option.step.trigger.value == trigger:
            return option
    return None


def _back_to_case(case_id: int, anchor: str = "") -> Response:
    return redirect(url_for("cases.show", case_id=case_id) + (f"#{anchor}" if anchor else ""))


@bp.route("/<int:case_id>/act/<trigger>", methods=["GET", "POST"])
@require(Permission.CASE_ACT)
def act(case_id: int, trigger: str) -> Any:
    """A workflow action: the form (GET, or back to edit), the confirmation page, then firing."""
    case = queries.load_case(case_id, current_user)
    view = case_service.view_of(case, clock.today())
    option = _availability_of(case, trigger, view)
    if option is None or option.forbidden or not option.allowed:
        reasons = "; ".join(map(ui_text, option.reasons)) if option else _("Thao tác không có ở trạng thái hiện tại.")
        flash(_("Chưa thực hiện được: %(r)s", r=reasons), "error")
        return _back_to_case(case.id, "actions")
    data = actions.prepare(view, option)
    form = ActionForm(version=str(case.version))
    if request.method == "GET":
        return _render_form(case, data, form)
    if not form.validate_on_submit():
        flash(_("Phiên làm việc đã hết hạn, vui lòng thử lại."), "error")
        return _render_form(case, data, form, 400)
    data.values = actions.submitted(request.form, trigger, data.ctx)
    stage = form.stage.data
    if stage == "edit":
        return _render_form(case, data, form)
    try:
        data.clean = actions.check(data)
    except ValidationFailed as exc:
        data.errors = exc.details.get("errors", {})
        flash(exc.message, "error")
        return _render_form(case, data, form, 422)
    if stage == "preview" and option.step.documents:
        return _preview(case, data, form)
    if stage != "confirm":
        return render_template("cases/confirm.html", case=case, data=data, form=form, display=actions.display)
    return _fire(case, data, form)


def _preview(case: Case, data: actions.ActionData, form: ActionForm) -> Any:
    """The step's documents as they would be issued, watermarked DỰ THẢO, without a number (nothing is kept)."""
    try:
        pdf = case_service.preview(case.id, data.trigger, current_user, data=data.values)
    except ValidationFailed as exc:
        data.errors = exc.details.get("errors", {})
        flash(exc.message, "error")
        return _render_form(case, data, form, exc.status)
    except DomainError as exc:
        flash_error(exc)
        return _back_to_case(case.id, "actions")
    unit = case.employer.unit_code
    name = "DU-THAO-" + "-".join(ascii_slug(str(k.value)).upper() for k in data.availability.step.documents)
    return _file(pdf, "application/pdf", f"{name}-{unit}.pdf", download=False)


def _render_form(case: Case, data: actions.ActionData, form: ActionForm, status: int = 200) -> tuple[str, int]:
    checklist, returned = [], None
    if data.trigger == "draft_referral":  # warn while the dossier's checklist is incomplete (issue 17)
        from enforcement.services.case_view import History, missing_items_of

        checklist = [m.message for m in missing_items_of(case)]
        returned = History.of(case.id).pending_return() if case.state == CaseState.REFERRAL_DRAFTED else None
    return render_template("cases/act.html", case=case, data=data, form=form, checklist=checklist,
                           returned=returned), status


def _fire(case: Case, data: actions.ActionData, form: ActionForm) -> Any:
    try:
        version = bounded_int(form.version.data, minimum=0) or 0  # malformed: as stale as a wrong version
        result = case_service.fire(case.id, data.trigger, current_user, version=version, data=data.values)
    except StaleCase:
        flash(_("Hồ sơ vừa được người khác thay đổi. Trang đã được tải lại: hãy xem lại trước khi thao tác."),
              "warning")
        return _back_to_case(case.id, "actions")
    except ValidationFailed as exc:
        data.errors = exc.details.get("errors", {})  # shown next to each field of the form drawn again
        flash(exc.message, "error")
        return _render_form(case, data, form, exc.status)
    except DomainError as exc:  # a guard, the role: the message and its reasons
        flash_error(exc)
        return _back_to_case(case.id, "actions")
    issued = ", ".join(d.number_text or d.title for d in result.documents)
    message = _("Đã thực hiện: %(step)s.", step=str(data.availability.step.label))
    if issued:
        message += " " + _("Văn bản đã ban hành: %(docs)s.", docs=issued)
    flash(message, "success")
    return _back_to_case(case.id, "documents" if result.documents else "timeline")


@bp.route("/<int:case_id>/comment", methods=["POST"])
@require(Permission.CASE_COMMENT)
def comment(case_id: int) -> Response:
    case = queries.load_case(case_id, current_user)
    form = CommentForm()
    if not form.validate_on_submit():
        flash(_("Ghi chú không được để trống (tối đa 5000 ký tự)."), "error")
        return _back_to_case(case.id, "comments")
    with flash_errors(details=False) as failure:
        case_service.comment(case.id, form.text.data, current_user)
    if not failure:
        flash(_("Đã thêm ghi chú vào nhật ký hồ sơ."), "success")
    return _back_to_case(case.id, "timeline")


@bp.route("/<int:case_id>/evidence", methods=["POST"])
@require(Permission.CASE_ACT)
def upload_evidence(case_id: int) -> Any:
    """Upload one evidence file (PDF, PNG, JPEG, XLSX, DOCX, fully decoded to judge it, size-limited)."""
    case = queries.load_case(case_id, current_user)
    form = EvidenceForm()
    if not form.validate_on_submit():
        flash(_("Phiên làm việc đã hết hạn hoặc thông tin chưa hợp lệ, vui lòng thử lại."), "error")
        return _back_to_case(case.id, "evidence")
    upload = request.files.get("file")
    from flask import current_app

    data = upload.stream.read(current_app.config["MAX_EVIDENCE_BYTES"] + 1) if upload else b""
    with flash_errors() as failure:
        item = evidence_service.upload(case.id, data, upload.filename if upload else None, form.category.data or "",
                                       form.description.data or "", current_user,
                                       copy_form=form.copy_form.data or None)
    if not failure:
        flash(_("Đã tải lên “%(name)s” (%(kind)s).", name=item.file_name, kind=EVIDENCE_LABELS[item.category]),
              "success")
    return _back_to_case(case.id, "evidence")


@bp.route("/<int:case_id>/evidence/<int:evidence_id>/withdraw", methods=["POST"])
@require(Permission.CASE_ACT)
def withdraw_evidence(case_id: int, evidence_id: int) -> Any:
    """Withdraw an evidence item (its uploader or a supervisor), with a reason: kept, left out of the dossier."""
    case = queries.load_case(case_id, current_user)
    if not CsrfForm().validate_on_submit():
        flash(_("Phiên làm việc đã hết hạn, vui lòng thử lại."), "error")
        return _back_to_case(case.id, "evidence")
    with flash_errors() as failure:
        row = evidence_service.withdraw(case.id, evidence_id, request.form.get("reason", ""), current_user)
    if not failure:
        flash(_("Đã rút tài liệu “%(name)s”: tài liệu không còn được đưa vào hồ sơ kiến nghị khởi tố.",
                name=row.evidence.file_name), "success")
    return _back_to_case(case.id, "evidence")


def _file(data: bytes, mime: str, name: str, download: bool) -> Response:
    response = Response(data, mimetype=mime)
    response.headers["Content-Disposition"] = content_disposition(name, download=download)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/<int:case_id>/evidence/<int:evidence_id>")
@require(Permission.DOCUMENT_READ)
def evidence_file(case_id: int, evidence_id: int) -> Response:
    item = get_in_office(Evidence, evidence_id)
    if item.case_id != case_id:
        abort(404)
    try:
        data = evidence_service.verified_bytes(item)
    except DomainError:
        abort(409)
    return _file(data, item.mime, item.file_name, request.args.get("download") == "1")


@bp.route("/<int:case_id>/documents/<int:document_id>")
@require(Permission.DOCUMENT_READ)
def document(case_id: int, document_id: int) -> Response:
    """An issued document's PDF (checked against its SHA-256), inline or as a download."""
    item = get_in_office(Document, document_id)
    if item.case_id != case_id:
        abort(404)
    try:
        data = verified_bytes(item)
    except DocumentTampered:
        abort(409)
    unit_code = queries.load_case(item.case_id, current_user).employer.unit_code
    name = document_file_name(item.number_text, item.title, item.year, unit_code, item.id)
    return _file(data, "application/pdf", name, request.args.get("download") == "1")


@bp.route("/<int:case_id>/documents/<int:document_id>/correct", methods=["GET", "POST"])
@require(Permission.CASE_ACT)
def correct_document(case_id: int, document_id: int) -> Any:
    """Correct an issued document: the step's form reopened with its original values and the reason (GET,
    stage ``edit``), a confirmation listing what changes (``review``), then ``confirm``; ``preview`` shows
    the new document as a draft.

    A legal step: a new, newly numbered document carrying the corrected values supersedes this one, and
    both are kept.  Legal staff and supervisors only (the others: a message, back to the case).
    """
    case = queries.load_case(case_id, current_user)
    item = get_in_office(Document, document_id)
    if item.case_id != case.id:
        abort(404)
    with flash_errors() as failure:
        record, view = case_service.correction_form(case.id, item.id, current_user)
    if failure:
        return _back_to_case(case.id, "documents")
    trigger = record.trigger.value
    ctx = case_service.correction_context(view, trigger)
    original = actions.form_values(trigger, record.input)
    data = actions.ActionData(None, step_of(trigger).fields, ctx, dict(original))  # type: ignore[arg-type]
    form = CorrectionForm(formdata=None) if request.method == "GET" else CorrectionForm()
    if request.method == "GET":
        return _correction_page(case, item, form, data, original)
    if request.form.get("fields") == "1":  # the step's fields were on the page: the corrected values
        data.values = actions.submitted(request.form, trigger, ctx)
    if not form.validate_on_submit():
        return _correction_page(case, item, form, data, original, status=422)
    stage = form.stage.data
    if stage == "edit":
        return _correction_page(case, item, form, data, original)
    try:
        data.clean = validate_input(trigger, step_of(trigger).fold_form(data.values), ctx)
    except ValidationFailed as exc:
        data.errors = exc.details.get("errors", {})
        flash(exc.message, "error")
        return _correction_page(case, item, form, data, original, status=422)
    if stage != "confirm":
        return _correction_page(case, item, form, data, original, confirming=True)
    with flash_errors(form) as failure:
        new = case_service.correct_document(case.id, item.id, form.reason.data, current_user, data=data.values)
    if isinstance(failure.error, ValidationFailed):
        data.errors = failure.error.details.get("errors", {})
        return _correction_page(case, item, form, data, original, status=failure.status)
    if failure:
        return _back_to_case(case.id, "documents")
    flash(_("Đã đính chính: văn bản số %(new)s thay thế văn bản số %(old)s; cả hai văn bản được lưu giữ.",
            new=new.number_text or f"#{new.id}", old=item.number_text or f"#{item.id}"), "success")
    return _back_to_case(case.id, "documents")


def _changes(data: actions.ActionData, original: dict[str, Any]) -> list[dict[str, Any]]:
    """The fields whose corrected value differs from the original, as the confirmation lists them."""
    out = []
    for spec in data.specs:
        if spec.kind == "behaviours":
            keys = sorted(k for k in set(original) | set(data.values) if k.split("_", 1)[0] in
                          ("behaviour", "reason", "employees", "withheld"))
            if any((original.get(k) or "") != (data.values.get(k) or "") for k in keys):
                out.append({"spec": spec, "before": None, "after": None})
            continue
        before, after = original.get(spec.name) or "", data.values.get(spec.name) or ""
        if before != after:
            if spec.kind == "date":
                before, after = _as_date(before), _as_date(after)
            out.append({"spec": spec, "before": before, "after": after})
    return out


def _as_date(text: str) -> Any:
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _correction_page(case: Case, item: Document, form: CorrectionForm, data: actions.ActionData,
                     original: dict[str, Any], *, confirming: bool = False, status: int = 200) -> tuple[str, int]:
    return render_template("cases/correct.html", case=case, document=item, form=form, confirming=confirming,
                           data=data, changes=_changes(data, original)), status


@bp.route("/<int:case_id>/dossier")
@require(Permission.DOSSIER_PRINT)
def dossier(case_id: int) -> Response:
    """The newest referral dossier (approved, else the draft) of the case, to print."""
    case = queries.load_case(case_id, current_user)
    item = queries.latest_document(case.id, queries.DOSSIERS)
    if item is None:
        flash(_("Hồ sơ chưa có bộ hồ sơ kiến nghị khởi tố để in."), "warning")
        return _back_to_case(case.id, "documents")
    return redirect(url_for("cases.document", case_id=case.id, document_id=item.id))


@bp.app_template_global()
def state_labels() -> dict[CaseState, Any]:
    return STATE_LABELS
