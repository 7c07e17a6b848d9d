"""The legal bases ("Căn cứ …"), titles and recipients printed on each document kind.

One place, as data, so a reviewer of the legal team can check and correct the
citations without touching templates (LEGAL.md Part B §5.2, §8: the exact
form texts were not available and must be reviewed before go-live).  Only
citations LEGAL.md gives are used; where LEGAL.md marks the law unknown, the
text says what is cited instead of inventing an article.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from enforcement.domain.vocabulary import Behaviour
from enforcement.workflow import DocKind

SI_LAW = "Luật Bảo hiểm xã hội số 41/2024/QH15"
XLVPHC = (
    "Luật Xử lý vi phạm hành chính số 15/2012/QH13, được sửa đổi, bổ sung bởi Luật số 67/2020/QH14 "
    "và Luật số 88/2025/QH15"
)
DECREE_118 = (
    "Nghị định số 118/2021/NĐ-CP của Chính phủ quy định chi tiết một số điều và biện pháp thi hành "
    "Luật Xử lý vi phạm hành chính, được sửa đổi, bổ sung bởi Nghị định số 68/2025/NĐ-CP và Nghị định "
    "số 190/2025/NĐ-CP"
)
DECREE_12 = (
    "Nghị định số 12/2022/NĐ-CP của Chính phủ quy định xử phạt vi phạm hành chính trong lĩnh vực lao động, "
    "bảo hiểm xã hội, người lao động Việt Nam đi làm việc ở nước ngoài theo hợp đồng"
)
DECREE_274 = (
    "Nghị định số 274/2025/NĐ-CP của Chính phủ quy định chi tiết các điều 38, 39, 40, 41 của Luật Bảo hiểm "
    "xã hội về chậm đóng, trốn đóng bảo hiểm xã hội bắt buộc"
)
DECREE_283 = (
    "Nghị định số 283/2026/NĐ-CP của Chính phủ quy định xử phạt vi phạm hành chính trong lĩnh vực lao động, "
    "bảo hiểm xã hội, người lao động Việt Nam đi làm việc ở nước ngoài theo hợp đồng"
)
SANCTION_DECREES = ((date(2022, 1, 17), DECREE_12), (date(2026, 9, 10), DECREE_283))
"""The sanction decree in force from each date (LEGAL.md Part B §4.1; 283/2026 is [S])."""
PENAL_CODE = "Bộ luật Hình sự số 100/2015/QH13, được sửa đổi, bổ sung bởi Luật số 12/2017/QH14"
CPC = "Bộ luật Tố tụng hình sự năm 2015"
NQ_05 = (
    "Nghị quyết số 05/2019/NQ-HĐTP ngày 15/8/2019 của Hội đồng Thẩm phán Tòa án nhân dân tối cao hướng dẫn "
    "áp dụng Điều 214, Điều 215 và Điều 216 của Bộ luật Hình sự"
)
TTLT_01 = (
    "Thông tư liên tịch số 01/2017/TTLT-BCA-BQP-BTC-BNN&PTNT-VKSNDTC ngày 29/12/2017 quy định việc phối hợp "
    "giữa các cơ quan có thẩm quyền trong việc thực hiện một số quy định của Bộ luật Tố tụng hình sự về "
    "tiếp nhận, giải quyết nguồn tin về tội phạm"
)
BCA_5659 = "Văn bản số 5659/BCA-CSKT của Bộ Công an hướng dẫn hồ sơ kiến nghị khởi tố các hành vi trốn đóng"
QD_391 = (
    "Quyết định số 391/QĐ-BTC ngày 26/02/2025 của Bộ trưởng Bộ Tài chính quy định chức năng, nhiệm vụ, quyền "
    "hạn và cơ cấu tổ chức của Bảo hiểm xã hội Việt Nam"
)


@dataclass(frozen=True)
class KindText:
    """The fixed texts of one document kind."""

    title: str  # short title for lists
    type_title: str  # the document type line, printed in capitals
    bases: tuple[str, ...]
    recipients: tuple[str, ...]
    register: str | None  # the number register; None = not numbered
    symbol: str | None  # default symbol, e.g. "QĐ-BHXH" (office settings may override)


KINDS: dict[DocKind, KindText] = {
    DocKind.ARREARS_STATEMENT: KindText(
        "Bảng kê số tiền chậm đóng",
        "Bảng kê số tiền chậm đóng bảo hiểm xã hội, bảo hiểm y tế, bảo hiểm thất nghiệp",
        (),
        ("Đơn vị sử dụng lao động", "Lưu: VT, QLT"),
        None,
        None,
    ),
    DocKind.DEMAND_NOTICE: KindText(
        "Văn bản đôn đốc",
        "",
        (
            f"Căn cứ {SI_LAW}, Điều 34 khoản 4 (thời hạn đóng), Điều 35 (đôn đốc), Điều 38, 39, 40, 41;",
            f"Căn cứ {DECREE_274};",
        ),
        ("Như trên", "Phòng Quản lý thu (để theo dõi)", "Lưu: VT, QLT"),
        "letter",
        "BHXH-QLT",
    ),
    DocKind.INSPECTION_DECISION: KindText(
        "Quyết định kiểm tra",
        "Quyết định",
        (
            f"Căn cứ {SI_LAW};",
            f"Căn cứ {QD_391};",
            "Xét đề nghị của Trưởng phòng Thanh tra – Kiểm tra,",
        ),
        ("Như Điều 4", "Đơn vị được kiểm tra", "Lưu: VT, TTKT"),
        "decision",
        "QĐ-BHXH",
    ),
    DocKind.WORKING_MINUTES: KindText(
        "Biên bản làm việc",
        "Biên bản làm việc",
        (),
        (),
        "minutes",
        "BB-BHXH",
    ),
    DocKind.INSPECTION_CONCLUSION: KindText(
        "Kết luận kiểm tra",
        "Kết luận kiểm tra",
        (f"Căn cứ {SI_LAW}, Điều 38, 39, 40, 41;", f"Căn cứ {DECREE_274};"),
        ("Đơn vị được kiểm tra", "Phòng Quản lý thu", "Lưu: VT, TTKT, hồ sơ kiểm tra"),
        "conclusion",
        "KL-BHXH",
    ),
    DocKind.VIOLATION_RECORD: KindText(
        "Biên bản vi phạm hành chính",
        "Biên bản vi phạm hành chính",
        (f"Căn cứ Điều 58 {XLVPHC};", f"Căn cứ Điều 12 {DECREE_118};", "Căn cứ {sanction_decree};"),
        (),
        "violation_record",
        "BB-VPHC",
    ),
    DocKind.PENALTY_DECISION: KindText(
        "Quyết định xử phạt vi phạm hành chính",
        "Quyết định",
        (
            f"Căn cứ Điều 57, Điều 68, Điều 70, Điều 78, Điều 85 {XLVPHC};",
            "Căn cứ {sanction_decree};",
            f"Căn cứ {DECREE_118};",
        ),
        ("Như Điều 3", "Kho bạc Nhà nước (để thu phạt)", "Lưu: VT, hồ sơ xử phạt"),
        "penalty",
        "QĐ-XPHC",
    ),
    DocKind.TRANSFER_LETTER: KindText(
        "Công văn chuyển hồ sơ vụ vi phạm hành chính",
        "",
        (),
        ("Như trên", "Đơn vị vi phạm (để biết)", "Lưu: VT, TTKT, hồ sơ xử phạt"),
        "letter",
        "BHXH-TTKT",
    ),
    DocKind.REMEDIES_DECISION: KindText(
        "Quyết định áp dụng biện pháp khắc phục hậu quả",
        "Quyết định",
        (
            f"Căn cứ Điều 6, Điều 28, Điều 65, Điều 66, Điều 85 {XLVPHC};",
            "Căn cứ {sanction_decree};",
            f"Căn cứ {SI_LAW}, Điều 40, Điều 41;",
            f"Căn cứ {DECREE_118};",
        ),
        ("Như Điều 3", "Lưu: VT, hồ sơ xử phạt"),
        "decision",
        "QĐ-KPHQ",
    ),
    DocKind.ENFORCEMENT_DECISION: KindText(
        "Quyết định cưỡng chế",
        "Quyết định",
        (f"Căn cứ Điều 86, Điều 87 {XLVPHC};", f"Căn cứ {DECREE_118};"),
        ("Như Điều 3", "Tổ chức tín dụng nơi đơn vị mở tài khoản", "Lưu: VT, hồ sơ xử phạt"),
        "decision",
        "QĐ-CC",
    ),
    DocKind.REFERRAL_DRAFT: KindText(
        "Hồ sơ kiến nghị khởi tố (dự thảo)", "Hồ sơ kiến nghị khởi tố", (), (), None, None
    ),
    DocKind.RECOMMENDATION: KindText(
        "Văn bản kiến nghị khởi tố",
        "",
        (
            f"Căn cứ Điều 144, Điều 145 {CPC};",
            f"Căn cứ Điều 216 {PENAL_CODE};",
            f"Căn cứ {NQ_05}, Điều 6 và Điều 7 khoản 1;",
            f"Căn cứ {TTLT_01};",
            f"Căn cứ {BCA_5659};",
        ),
        (
            "Như trên",
            "Viện kiểm sát nhân dân cùng cấp (để biết)",
            "Bảo hiểm xã hội Việt Nam (để báo cáo)",
            "Lưu: VT, TTKT, PC",
        ),
        "letter",
        "BHXH-TTKT",
    ),
    DocKind.REFERRAL_DOSSIER: KindText(
        "Hồ sơ kiến nghị khởi tố", "Hồ sơ kiến nghị khởi tố", (), (), None, None
    ),
    DocKind.HANDOVER_RECORD: KindText(
        "Biên bản giao nhận hồ sơ",
        "Biên bản giao nhận hồ sơ",
        (),
        (),
        "minutes",
        "BB-GN",
    ),
    DocKind.SETTLEMENT_NOTICE: KindText(
        "Thông báo kết thúc hồ sơ",
        "Thông báo",
        (f"Căn cứ {SI_LAW};",),
        ("Đơn vị sử dụng lao động", "Phòng Quản lý thu", "Lưu: VT, QLT"),
        "notice",
        "TB-BHXH",
    ),
}

def sanction_decree(day: date) -> str:
    """The decree on administrative sanctions for SI violations in force on ``day``."""
    current = SANCTION_DECREES[0][1]
    for start, decree in SANCTION_DECREES:
        if start <= day:
            current = decree
    return current


def organisation_fine_article(day: date) -> str:
    """The provision that sets the organisation-level fine (twice the person's), for MBB01/MQĐ02.

    Decree 12/2022 Art. 6(1) (LEGAL.md R12, [S]); Decree 283/2026 Art. 7(1)–(2) (Part B §4.4, [V]).
    """
    if day >= SANCTION_DECREES[-1][0]:
        return (
            "khoản 1 và khoản 2 Điều 7 Nghị định số 283/2026/NĐ-CP (mức phạt tiền đối với tổ chức bằng 02 lần "
            "mức phạt tiền đối với cá nhân)"
        )
    return (
        "khoản 1 Điều 6 Nghị định số 12/2022/NĐ-CP (mức phạt tiền đối với tổ chức bằng 02 lần mức phạt "
        "đối với cá nhân)"
    )


def competence_article(day: date) -> str:
    """The provision that gives a provincial BHXH office's director (and VSS) the power to penalise.

    Decree 283/2026 Arts. 57 and 63(1) (Part B §4.4, [V]); for Decree 12/2022 it was not obtained
    (Part B §4.3, [U]): "" — the signer's own competence basis, entered by an admin, is then required.
    """
    if day >= SANCTION_DECREES[-1][0]:
        return "Điều 57 và khoản 1 Điều 63 Nghị định số 283/2026/NĐ-CP"
    return ""


def bases_for(kind: DocKind, day: date) -> list[str]:
    """The "Căn cứ …" lines of ``kind`` for a document dated ``day``."""
    return [basis.format(sanction_decree=sanction_decree(day)) for basis in KINDS[kind].bases]


def violation_default(behaviour: str, day: date) -> tuple[str, str]:
    """The violation wording and clause to propose for ``behaviour`` on ``day``.

    Decree 12/2022 Art. 39 until 2026-09-09; Decree 283/2026 from 2026-09-10 (Part B §4.4): SI and
    BHTN are separate articles (43/45 late payment, 44/46 evasion), cited together.
    """
    table = VIOLATION_WORDING_283 if day >= SANCTION_DECREES[-1][0] else VIOLATION_WORDING
    return table.get(behaviour, ("", ""))


VIOLATION_WORDING = {
    Behaviour.LATE_PAYMENT: (
        "Chậm đóng bảo hiểm xã hội bắt buộc, bảo hiểm thất nghiệp",
        "điểm a khoản 5 Điều 39 Nghị định số 12/2022/NĐ-CP",
    ),
    Behaviour.EVASION: (
        "Trốn đóng bảo hiểm xã hội bắt buộc, bảo hiểm thất nghiệp nhưng chưa đến mức truy cứu trách nhiệm hình sự",
        "điểm a khoản 7 Điều 39 Nghị định số 12/2022/NĐ-CP",
    ),
}
"""Default violation wording and clause by behaviour (Decree 12/2022 Art. 39, LEGAL.md R11)."""

VIOLATION_WORDING_283 = {
    Behaviour.LATE_PAYMENT: (
        "Chậm đóng bảo hiểm xã hội bắt buộc, bảo hiểm thất nghiệp",
        "điểm a khoản 3 Điều 43 và khoản 3 Điều 45 Nghị định số 283/2026/NĐ-CP",
    ),
    Behaviour.EVASION: (
        "Trốn đóng bảo hiểm xã hội bắt buộc, bảo hiểm thất nghiệp nhưng chưa đến mức truy cứu trách nhiệm hình sự",
        "điểm b khoản 2 Điều 44 và khoản 2 Điều 46 Nghị định số 283/2026/NĐ-CP",
    ),
}
"""Default wording and clauses under Decree 283/2026 (Part B §4.4: Art. 43(3)(a), 44(2)(b), 45(3), 46(2))."""

REMEDY_TEXT = (
    "Buộc đơn vị đóng đủ số tiền bảo hiểm xã hội bắt buộc, bảo hiểm thất nghiệp phải đóng và nộp số tiền "
    "lãi tính trên số tiền, số ngày chậm đóng, trốn đóng vào quỹ bảo hiểm xã hội, quỹ bảo hiểm thất nghiệp "
    "(Luật Bảo hiểm xã hội số 41/2024/QH15, Điều 40, Điều 41; Nghị định số 274/2025/NĐ-CP)"
)
"""The remedial measure of the decision: SI and BHTN only — BHYT is owed under its own law, not as a
remedy of the sanction decree (Decree 283/2026 covers no BHYT violation, Part B §4.4)."""
