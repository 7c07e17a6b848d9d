"""The ledger-file parser: samples, every bad file of the shared data, headers, XLSX, hostile text."""

from __future__ import annotations

import gc
import io
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enforcement.services.ledger_parse import (
    FileRefused,
    ParsedRow,
    ParseResult,
    RowError,
    _new_row,
    parse_ledger,
    sniff_format,
)
from tests.shared_data import SHARED_DATA

DATA = SHARED_DATA
BAD = DATA / "bad"
VIETNAMESE = re.compile(r"[ăâđêôơưàáạảãèéẹẻẽìíịỉĩòóọỏõùúụủũỳýỵỷỹ]", re.IGNORECASE)

HEADER = (
    "ma_don_vi,ma_so_thue,ten_don_vi,dia_chi,quan_huyen,loai_hinh,nguoi_dai_dien,"
    "ky,phai_dong,da_dong,so_lao_dong,trich_luong_nld"
)
ROW = (
    'TA1845P,3788149397,Công ty TNHH Dệt may An Phú,"Số 27 Đại lộ Bình Dương, Phường An Phú",'
    "Thành phố Thuận An,doanh_nghiep,Nguyễn Văn Hùng,{period},414720000,414720000,180,136080000"
)
EXPECTED_ROW = ParsedRow(
    row_number=2,
    unit_code="TA1845P",
    tax_code="3788149397",
    name="Công ty TNHH Dệt may An Phú",
    address="Số 27 Đại lộ Bình Dương, Phường An Phú",
    district="Thành phố Thuận An",
    kind="doanh_nghiep",
    legal_representative="Nguyễn Văn Hùng",
    period="2023-10",
    amount_due=414720000,
    amount_paid=414720000,
    employees=180,
    employee_share_withheld=136080000,
)


def ledger(*lines: str, header: str = HEADER) -> bytes:
    """A CSV file of the header and the given data lines."""
    return "\n".join((header, *lines)).encode()


def one_row_file(**fields: str) -> bytes:
    """A one-row CSV whose fields are the valid row's, with ``fields`` replaced."""
    values = {
        "ma_don_vi": "TA1845P",
        "ma_so_thue": "3788149397",
        "ten_don_vi": "Công ty TNHH Dệt may An Phú",
        "ky": "2023-10",
        "phai_dong": "1000",
        "da_dong": "1000",
        "so_lao_dong": "5",
    } | fields
    return "\n".join((",".join(values), ",".join(_quoted(value) for value in values.values()))).encode()


def _quoted(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def only_row(result: ParseResult) -> ParsedRow:
    assert result.errors == []
    assert len(result.rows) == 1
    return result.rows[0]


def assert_vietnamese(error: RowError) -> None:
    assert error.message.strip()
    assert unicodedata.is_normalized("NFC", error.message)
    assert VIETNAMESE.search(error.message), error.message


# --- the samples ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_results() -> dict[str, ParseResult]:
    names = ("ledger_small.csv", "ledger_small_en.csv", "ledger_small.xlsx")
    return {name: parse_ledger((DATA / name).read_bytes()) for name in names}


@pytest.mark.parametrize("name", ["ledger_small.csv", "ledger_small_en.csv", "ledger_small.xlsx"])
def test_each_sample_parses_to_432_rows_without_error(
    sample_results: dict[str, ParseResult], name: str
) -> None:
    result = sample_results[name]
    assert result.ok
    assert result.errors == []
    assert len(result.rows) == 432
    assert result.ignored_columns == []
    assert result.format == ("xlsx" if name.endswith(".xlsx") else "csv")


def test_the_three_samples_give_identical_rows(sample_results: dict[str, ParseResult]) -> None:
    vietnamese = sample_results["ledger_small.csv"].rows
    assert sample_results["ledger_small_en.csv"].rows == vietnamese
    assert sample_results["ledger_small.xlsx"].rows == vietnamese


def test_the_first_sample_row_is_normalised_as_documented(sample_results: dict[str, ParseResult]) -> None:
    first = sample_results["ledger_small.csv"].rows[0]
    assert first.row_number == 2
    assert first.unit_code == "TA1845P"
    assert first.period == "2023-10"
    assert first.amount_due == 414720000
    assert first.employees == 180
    assert sample_results["ledger_small.csv"].rows[-1].row_number == 433


# --- every file of bad/ --------------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    """What bad/README.md says a file must give."""

    errors: Sequence[tuple[int | None, str | None]] = ()
    value: str | None = None
    says: Sequence[str] = ()
    refused: bool = False
    rows: int = 0


EXPECTED = {
    "bad_amount_16_digits.csv": Expected([(4, "phai_dong")], "1234567890123456", ["15 chữ số"]),
    "bad_amount_decimal_comma.csv": Expected([(5, "phai_dong")], "12,5", ["thập phân"]),
    "bad_amount_decimal_dot.csv": Expected([(6, "da_dong")], "12.5", ["thập phân"]),
    "bad_amount_empty.csv": Expected([(9, "da_dong")], "", ["trống"]),
    "bad_amount_negative.csv": Expected([(4, "da_dong")], "-2500000", ["âm"]),
    "bad_amount_text.csv": Expected([(3, "phai_dong")], "mười hai triệu", ["chữ số"]),
    "bad_duplicate_unit_period.csv": Expected(
        [(9, "ky"), (11, "ky")], "2026-06", ["TX5566R", "2026-06", "dòng"]
    ),
    "bad_employees_negative.csv": Expected([(10, "so_lao_dong")], "-5", ["âm"]),
    "bad_employer_name_blank.csv": Expected([(7, "ten_don_vi")], "   ", ["trống"]),
    "bad_header_only.csv": Expected([(None, None)], None, ["Tệp không có dòng dữ liệu nào"]),
    "bad_last_row_of_10000.csv": Expected([(10001, "ma_so_thue")], "3714072736", ["chữ số kiểm tra", "5"]),
    "bad_missing_column_da_dong.csv": Expected([(None, "da_dong")], None, ["Thiếu cột bắt buộc da_dong"]),
    "bad_period_13_slash_2025.csv": Expected([(10, "ky")], "13/2025", ["tháng"]),
    "bad_period_2025-13.csv": Expected([(6, "ky")], "2025-13", ["tháng"]),
    "bad_row_too_few_fields.csv": Expected(
        [(8, None)], None, ["8 trường", "phai_dong, da_dong, so_lao_dong, trich_luong_nld"]
    ),
    "bad_taxcode_12_digits_enterprise.csv": Expected(
        [(7, "ma_so_thue")], "074085012345", ["hộ kinh doanh", "doanh_nghiep"]
    ),
    "bad_taxcode_check_digit.csv": Expected(
        [(7, "ma_so_thue")], "3734116366", ["chữ số kiểm tra", "phải là 3"]
    ),
    "bad_taxcode_length.csv": Expected([(7, "ma_so_thue")], "373411636", ["10 chữ số", "9 chữ số"]),
    "bad_unit_code_format.csv": Expected([(7, "ma_don_vi")], "TA-12 34", ["định dạng"]),
    "bad_unit_two_names.csv": Expected(
        [(10, "ten_don_vi")],
        "Công ty Cổ phần Gỗ Chánh Phú Hòa",
        ["TX5566R", "dòng 8, 9, 11", "Công ty Cổ phần Chế biến Gỗ Chánh Phú Hòa"],
    ),
    "bad_unit_two_tax_codes.csv": Expected(
        [(5, "ma_so_thue")], "3760220554", ["TX7061X", "dòng 2, 3, 4, 6", "3727925162"]
    ),
    "empty.csv": Expected([(None, None)], None, ["Tệp trống"]),
    "not_a_csv_png.csv": Expected(refused=True, says=["PNG"]),
    "ok_nfd_employer_name.csv": Expected(rows=10),
    "ok_script_in_employer_name.csv": Expected(rows=10),
}


def test_every_file_of_bad_has_an_expectation() -> None:
    files = {path.name for path in BAD.iterdir() if path.name != "README.md"}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_bad_file_gives_exactly_what_the_readme_says(name: str) -> None:
    expected = EXPECTED[name]
    data = (BAD / name).read_bytes()
    if expected.refused:
        with pytest.raises(FileRefused) as refused:
            parse_ledger(data)
        assert all(word in refused.value.message for word in expected.says)
        return
    result = parse_ledger(data)
    assert [(error.row_number, error.column) for error in result.errors] == list(expected.errors)
    assert len(result.rows) == expected.rows
    assert result.ok is (expected.rows > 0)
    for error in result.errors:
        assert_vietnamese(error)
        assert all(word in error.message for word in expected.says), error.message
        assert error.value == expected.value


def test_the_png_is_refused_by_sniff_format_before_parsing() -> None:
    head = (BAD / "not_a_csv_png.csv").read_bytes()[:16]
    with pytest.raises(FileRefused, match="PNG"):
        sniff_format(head)


def test_the_nfd_employer_name_is_accepted_and_stored_as_nfc() -> None:
    result = parse_ledger((BAD / "ok_nfd_employer_name.csv").read_bytes())
    row = next(row for row in result.rows if row.row_number == 7)
    assert row.name == "Công ty TNHH Thủ công Mỹ nghệ Định Hòa"
    assert unicodedata.is_normalized("NFC", row.name)
    assert len(row.name) == 38


def test_the_script_in_an_employer_name_is_kept_verbatim() -> None:
    result = parse_ledger((BAD / "ok_script_in_employer_name.csv").read_bytes())
    row = next(row for row in result.rows if row.row_number == 7)
    assert row.name == "Công ty TNHH <script>alert(1)</script>"


def test_the_bad_last_of_10000_rows_rejects_the_whole_file() -> None:
    result = parse_ledger((BAD / "bad_last_row_of_10000.csv").read_bytes())
    assert result.rows == []
    assert result.errors == [
        RowError(
            10001,
            "ma_so_thue",
            "3714072736",
            "Mã số thuế: sai chữ số kiểm tra: chữ số thứ 10 của 3714072736 là 6, "
            "đúng ra phải là 5 (số dư r = 5)",
        )
    ]


# --- refusals ------------------------------------------------------------------------------------


def test_a_file_over_max_bytes_is_refused_naming_the_limit_in_mb() -> None:
    data = ledger(ROW.format(period="2023-10"))
    with pytest.raises(FileRefused, match=r"giới hạn 0,5 MB"):
        parse_ledger(data * 3000, max_bytes=512 * 1024)
    assert parse_ledger(data, max_bytes=len(data)).ok


@pytest.mark.parametrize(
    ("head", "says"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"%PDF-1.7\n%\xe2\xe3", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".xls"),
        ("ma_don_vi,ma_so_thue".encode("utf-16"), "UTF-16"),
        ("ma_don_vi,Tên\n".encode("latin-1"), "UTF-8"),
        (b"ma_don_vi\x00\x00\x00,", "NUL"),
    ],
)
def test_content_that_is_neither_csv_nor_xlsx_is_refused(head: bytes, says: str) -> None:
    with pytest.raises(FileRefused, match=re.escape(says)) as refused:
        sniff_format(head)
    assert VIETNAMESE.search(refused.value.message)
    with pytest.raises(FileRefused):
        parse_ledger(head)


def test_a_zip_that_is_not_a_workbook_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(FileRefused, match="ZIP"):
        sniff_format(buffer.getvalue())


def test_sniff_format_decides_by_content_even_from_a_truncated_head() -> None:
    workbook = (DATA / "ledger_small.xlsx").read_bytes()
    assert sniff_format(workbook) == "xlsx"
    assert sniff_format(workbook[:4096]) == "xlsx"
    assert sniff_format((DATA / "ledger_small_en.csv").read_bytes()[:4096]) == "csv"
    assert sniff_format("Tên đơn vị".encode()[:2]) == "csv"  # cut inside a character
    assert sniff_format(b"") == "csv"


def test_invalid_utf8_far_into_the_file_is_refused_naming_the_line() -> None:
    data = ledger(*[ROW.format(period="2023-10")] * 400) + "\nTA1,3788149397,Nhà".encode("latin-1")
    assert len(data) > 64 * 1024
    assert sniff_format(data[:4096]) == "csv"
    with pytest.raises(FileRefused, match="dòng 402"):
        parse_ledger(data)


# --- file-level errors ---------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t ", "\ufeff".encode(), "\ufeff\n\n".encode()])
def test_an_empty_or_blank_file_is_one_file_level_error(data: bytes) -> None:
    result = parse_ledger(data)
    assert result.rows == []
    assert [(error.row_number, error.column) for error in result.errors] == [(None, None)]
    assert result.errors[0].message.startswith("Tệp trống")


def test_a_header_followed_by_blank_lines_only_has_no_data_rows() -> None:
    result = parse_ledger(ledger("", ",,,,,,,,,,,", "   ", ""))
    assert [error.message for error in result.errors] == [
        "Tệp không có dòng dữ liệu nào (chỉ có dòng tiêu đề)"
    ]


def test_every_missing_required_column_is_its_own_file_level_error() -> None:
    result = parse_ledger(b"ma_don_vi;ten_don_vi;dia_chi\nTA1;Cty A;x\n")
    missing = ["ma_so_thue", "ky", "phai_dong", "da_dong", "so_lao_dong"]
    assert [(error.row_number, error.column) for error in result.errors] == [(None, c) for c in missing]
    for error in result.errors:
        assert_vietnamese(error)
        assert error.column in error.message


def test_a_column_named_twice_is_a_file_level_error() -> None:
    header = HEADER.replace("ky,", "ky,Tháng,") + ""
    result = parse_ledger(ledger(ROW.replace("{period}", "2023-10,2023-11"), header=header))
    assert [(error.row_number, error.column) for error in result.errors] == [(None, "ky")]
    assert "“ky” và “Tháng”" in result.errors[0].message


# --- headers and CSV dialects ---------------------------------------------------------------------

SPELLINGS = [
    {
        "ma_don_vi": "Mã đơn vị",
        "ma_so_thue": "Mã số thuế",
        "ten_don_vi": "Tên đơn vị",
        "quan_huyen": "Quận/Huyện",
        "ky": "Kỳ",
        "phai_dong": "Phải đóng",
        "da_dong": "Đã đóng",
        "so_lao_dong": "Số lao động",
        "trich_luong_nld": "Trích lương NLĐ",
    },
    {
        "ma_don_vi": "MA DON VI",
        "ma_so_thue": "MST",
        "ten_don_vi": "ten don vi",
        "quan_huyen": "Xã/Phường",
        "ky": "Tháng",
        "phai_dong": "PHAI_DONG",
        "da_dong": "Da Dong",
        "so_lao_dong": "SO LAO DONG",
        "trich_luong_nld": "trich luong nld",
    },
    {
        "ma_don_vi": "unit_code",
        "ma_so_thue": "Tax_Code",
        "ten_don_vi": "EMPLOYER NAME",
        "quan_huyen": "district",
        "ky": "period",
        "phai_dong": "amount_due",
        "da_dong": "amountpaid",
        "so_lao_dong": "Employees",
        "trich_luong_nld": "employee share withheld",
    },
]
VALUES = {
    "ma_don_vi": "TA1845P",
    "ma_so_thue": "3788149397",
    "ten_don_vi": "Công ty TNHH Dệt may An Phú",
    "quan_huyen": "Thành phố Thuận An",
    "ky": "2023-10",
    "phai_dong": "414720000",
    "da_dong": "414720000",
    "so_lao_dong": "180",
    "trich_luong_nld": "136080000",
}


@pytest.mark.parametrize("spelling", SPELLINGS, ids=["vietnamese", "no-diacritics", "english"])
@pytest.mark.parametrize("order", [1, -1], ids=["in-order", "reversed"])
def test_headers_in_any_order_and_spelling_are_accepted(spelling: dict[str, str], order: int) -> None:
    columns = list(spelling)[::order]
    data = ledger(
        ",".join(VALUES[column] for column in columns),
        header=",".join(spelling[column] for column in columns),
    )
    row = only_row(parse_ledger(data))
    assert row.unit_code == "TA1845P"
    assert row.district == "Thành phố Thuận An"
    assert row.employee_share_withheld == 136080000
    assert (row.address, row.kind, row.legal_representative) == ("", "doanh_nghiep", "")


def test_nfd_headers_are_matched() -> None:
    header = unicodedata.normalize("NFD", "Mã đơn vị,Mã số thuế,Tên đơn vị,Kỳ,Phải đóng,Đã đóng,Số lao động")
    row = only_row(parse_ledger(ledger("TA1,3788149397,Cty A,2023-10,1,2,3", header=header)))
    assert (row.amount_due, row.amount_paid, row.employees) == (1, 2, 3)


def test_semicolon_separator_bom_and_dotted_thousands_are_read() -> None:
    line = (
        "TA1845P;3788149397;Công ty TNHH Dệt may An Phú;Số 27 Đại lộ Bình Dương, Phường An Phú;"
        "Thành phố Thuận An;doanh_nghiep;Nguyễn Văn Hùng;10/2023;414.720.000;414.720.000;180;136 080 000"
    )
    result = parse_ledger(b"\xef\xbb\xbf" + ledger(line, header=HEADER.replace(",", ";")))
    assert result.ignored_columns == []
    assert only_row(result) == EXPECTED_ROW


def test_quoted_fields_with_commas_quotes_and_newlines_are_read() -> None:
    line = ROW.format(period="2023-10").replace('Phường An Phú"', 'Phường ""An Phú""\n, lô 2"')
    row = only_row(parse_ledger(ledger(line)))
    assert row.address == 'Số 27 Đại lộ Bình Dương, Phường "An Phú" , lô 2'


def test_crlf_line_ends_and_blank_lines_keep_the_row_numbers() -> None:
    data = ledger(ROW.format(period="2023-10"), "", ROW.format(period="2023-11")).replace(b"\n", b"\r\n")
    result = parse_ledger(data)
    assert [row.row_number for row in result.rows] == [2, 4]
    assert [row.period for row in result.rows] == ["2023-10", "2023-11"]


def test_an_extra_column_is_ignored_and_reported() -> None:
    result = parse_ledger(
        ledger(ROW.format(period="2023-10") + ",ghi chú bất kỳ", header=HEADER + ",Ghi chú")
    )
    assert result.ignored_columns == ["Ghi chú"]
    assert only_row(result) == EXPECTED_ROW


def test_optional_columns_may_be_absent_and_take_their_defaults() -> None:
    row = only_row(parse_ledger(one_row_file()))
    assert (row.address, row.district, row.legal_representative) == ("", "", "")
    assert (row.kind, row.employee_share_withheld) == ("doanh_nghiep", 0)


def test_an_empty_withheld_share_is_zero() -> None:
    assert only_row(parse_ledger(one_row_file(trich_luong_nld=""))).employee_share_withheld == 0


def test_a_row_with_too_many_fields_is_one_whole_row_error() -> None:
    result = parse_ledger(ledger(ROW.format(period="2023-10") + ",thừa"))
    assert [(error.row_number, error.column) for error in result.errors] == [(2, None)]
    assert "13 trường" in result.errors[0].message


def test_trailing_empty_fields_are_tolerated() -> None:
    assert only_row(parse_ledger(ledger(ROW.format(period="2023-10") + ",,"))) == EXPECTED_ROW


@pytest.mark.parametrize(
    ("lines", "says"),
    [
        (['TA1,3788149397,"Cty A,2023-10,1,1,1', ROW.format(period="2023-10")], "ngoặc kép đóng"),
        (['TA1,3788149397,"Cty A,2023-10,1,1,1', "TA2,3788149397,Cty B,2023-10,1,1,1"], "chưa được đóng"),
    ],
    ids=["closed-by-a-later-quote", "open-until-the-end"],
)
def test_broken_quoting_is_reported_at_its_row_and_stops_the_read(lines: list[str], says: str) -> None:
    result = parse_ledger(ledger(ROW.format(period="2023-09"), *lines))
    assert result.rows == []
    assert [(error.row_number, error.column) for error in result.errors] == [(3, None)]
    assert says in result.errors[0].message
    assert_vietnamese(result.errors[0])


def test_broken_quoting_in_the_header_is_a_file_level_error() -> None:
    result = parse_ledger(ledger(ROW.format(period="2023-10"), header='"ma_don_vi,' + HEADER))
    assert [(error.row_number, error.column) for error in result.errors] == [(None, None)]
    assert "dòng tiêu đề" in result.errors[0].message


def test_a_field_over_the_csv_size_limit_is_reported() -> None:
    result = parse_ledger(
        ledger(ROW.format(period="2023-10").replace("An Phú,", "An Phú" + "x" * 200_000 + ","))
    )
    assert [(error.row_number, error.column) for error in result.errors] == [(2, None)]
    assert "dài quá" in result.errors[0].message


# --- field rules ---------------------------------------------------------------------------------


def test_codes_are_trimmed_and_upper_cased() -> None:
    row = only_row(parse_ledger(one_row_file(ma_don_vi="  ta1845p ", ma_so_thue=" 3788149397 ")))
    assert (row.unit_code, row.tax_code) == ("TA1845P", "3788149397")


def test_the_unit_code_pattern_is_the_configured_one() -> None:
    data = one_row_file(ma_don_vi="TA-1845")
    assert parse_ledger(data).errors[0].column == "ma_don_vi"
    assert only_row(parse_ledger(data, unit_code_pattern=r"^[A-Z]{2}-\d{4}$")).unit_code == "TA-1845"


def test_a_12_digit_personal_id_is_accepted_for_a_household_business() -> None:
    row = only_row(parse_ledger(one_row_file(ma_so_thue="074085012345", loai_hinh="ho_kinh_doanh")))
    assert (row.tax_code, row.kind) == ("074085012345", "ho_kinh_doanh")


@pytest.mark.parametrize(
    ("text", "kind"),
    [("co_quan", "co_quan"), ("Hộ kinh doanh", "ho_kinh_doanh"), ("KHAC", "khac"), ("", "doanh_nghiep")],
)
def test_kind_values_are_read_in_code_or_vietnamese_form(text: str, kind: str) -> None:
    assert only_row(parse_ledger(one_row_file(loai_hinh=text))).kind == kind


def test_an_unknown_kind_is_an_error_listing_the_allowed_values() -> None:
    error = parse_ledger(one_row_file(loai_hinh="tu_nhan")).errors[0]
    assert (error.row_number, error.column, error.value) == (2, "loai_hinh", "tu_nhan")
    assert "doanh_nghiep, co_quan, ho_kinh_doanh, khac" in error.message


@pytest.mark.parametrize(("text", "expected"), [("1.200", 1200), ("0", 0), (" 7 ", 7), ("00012", 12)])
def test_headcount_is_a_whole_number(text: str, expected: int) -> None:
    assert only_row(parse_ledger(one_row_file(so_lao_dong=text))).employees == expected


@pytest.mark.parametrize("text", ["-5", "2,5", "2.5", "năm", ""])
def test_a_bad_headcount_is_an_error_on_so_lao_dong(text: str) -> None:
    errors = parse_ledger(one_row_file(so_lao_dong=text)).errors
    assert [(error.row_number, error.column, error.value) for error in errors] == [(2, "so_lao_dong", text)]
    assert_vietnamese(errors[0])


def test_a_long_offending_value_is_truncated_to_100_characters() -> None:
    error = parse_ledger(one_row_file(phai_dong="x" * 500)).errors[0]
    assert error.value == "x" * 100


def test_every_error_of_the_file_is_reported_in_row_then_column_order() -> None:
    data = ledger(
        ROW.format(period="2023-13").replace("414720000,414720000", "abc,-1"),
        ROW.format(period="2023-11"),
        ROW.format(period="2023-12").replace("3788149397", "3788149390"),
    )
    result = parse_ledger(data)
    assert result.rows == []
    assert [(error.row_number, error.column) for error in result.errors] == [
        (2, "ky"),
        (2, "phai_dong"),
        (2, "da_dong"),
        (4, "ma_so_thue"),
    ]


def test_a_tie_between_two_names_reports_the_row_that_differs_from_the_first_seen() -> None:
    result = parse_ledger(
        ledger(ROW.format(period="2023-10"), ROW.format(period="2023-11").replace("An Phú,", "An Phú 2,"))
    )
    assert [(error.row_number, error.column) for error in result.errors] == [(3, "ten_don_vi")]
    assert "dòng 2" in result.errors[0].message


def test_three_rows_of_one_unit_and_month_each_name_the_others() -> None:
    result = parse_ledger(ledger(*[ROW.format(period="2023-10")] * 3))
    assert [error.row_number for error in result.errors] == [2, 3, 4]
    assert "dòng 3, 4" in result.errors[0].message
    assert "dòng 2, 3" in result.errors[2].message


def test_the_same_month_written_two_ways_is_still_a_duplicate() -> None:
    result = parse_ledger(ledger(ROW.format(period="2023-10"), ROW.format(period="10/2023")))
    assert [(error.row_number, error.column) for error in result.errors] == [(2, "ky"), (3, "ky")]


def test_names_differing_only_in_spacing_or_normal_form_are_the_same_name() -> None:
    nfd = unicodedata.normalize("NFD", "Công ty  TNHH Dệt may An Phú ")
    result = parse_ledger(
        ledger(
            ROW.format(period="2023-10"),
            ROW.format(period="2023-11").replace("Công ty TNHH Dệt may An Phú", nfd),
        )
    )
    assert result.ok
    assert {row.name for row in result.rows} == {"Công ty TNHH Dệt may An Phú"}


# --- text: NFC and hostile strings ---------------------------------------------------------------

VIETNAMESE_WORDS = ["Công", "ty", "TNHH", "Thủ", "công", "Mỹ", "nghệ", "Định", "Hòa", "Ưng", "Quỳnh", "Đặng"]


@settings(max_examples=60, deadline=None, database=None)
@given(
    words=st.lists(st.sampled_from(VIETNAMESE_WORDS), min_size=1, max_size=6),
    forms=st.lists(st.sampled_from(["NFC", "NFD", "NFKC", "NFKD"]), min_size=6, max_size=6),
)
def test_any_nfc_or_nfd_spelling_of_a_name_parses_to_the_same_nfc_name(
    words: list[str], forms: list[str]
) -> None:
    written = " ".join(unicodedata.normalize(form, word) for word, form in zip(words, forms, strict=False))
    row = only_row(parse_ledger(one_row_file(ten_don_vi=written)))
    assert row.name == unicodedata.normalize("NFC", " ".join(words))


HOSTILE = [
    "Công ty\u200b TNHH\u200d An\u2060 Phú",
    "\u200fشركة\u200f Công ty \u202eRTL\u202c",
    "Công ty'; DROP TABLE employers; --",
    'Công ty <script>alert("x")</script> & <b>',
    "Robert'); DELETE FROM ledger_rows WHERE ('1'='1",
    '=HYPERLINK("http://example.invalid")',
    "\ufeffCông ty BOM",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_strings_in_the_name_are_kept_verbatim(name: str) -> None:
    row = only_row(parse_ledger(one_row_file(ten_don_vi=name)))
    assert row.name == unicodedata.normalize("NFC", name)


# --- XLSX ----------------------------------------------------------------------------------------


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(reference: str, value: object) -> str:
    if isinstance(value, tuple):  # (serial, "date"): a number shown as a date
        return f'<c r="{reference}" s="1"><v>{value[0]}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{reference}"><v>{value}</v></c>'
    return f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'


def make_xlsx(rows: list[list[object] | None], first_row: int = 1, first_column: int = 0) -> bytes:
    """A minimal one-sheet workbook; ``None`` leaves a cell out, ``(serial, "date")`` is a date."""
    lines = []
    for number, row in enumerate(rows, start=first_row):
        cells = "".join(
            _cell(f"{_column_letter(column)}{number}", value)
            for column, value in enumerate(row or [], start=first_column)
            if value is not None
        )
        lines.append(f'<row r="{number}">{cells}</row>')
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rels = "http://schemas.openxmlformats.org/package/2006/relationships"
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{rels}"><Relationship Id="rId1" '
            f'Type="{office}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{office}"><sheets>'
            '<sheet name="Sổ" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{rels}">'
            f'<Relationship Id="rId1" Type="{office}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{office}/styles" Target="styles.xml"/></Relationships>'
        ),
        "xl/styles.xml": (
            f'<styleSheet xmlns="{main}"><cellXfs count="2"><xf numFmtId="0"/>'
            '<xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{main}"><sheetData>{"".join(lines)}</sheetData></worksheet>'
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8"?>' + text)
    return buffer.getvalue()


XLSX_HEADER: list[object] = [
    "Mã đơn vị",
    "MST",
    "Tên đơn vị",
    "Kỳ",
    "Phải đóng",
    "Đã đóng",
    "Số lao động",
    "Ghi chú",
]


def test_an_xlsx_header_below_blank_rows_gives_the_real_row_numbers() -> None:
    data = make_xlsx(
        [XLSX_HEADER, ["TA1", 3788149397, "Cty A", "2023-10", 414720000, 414720000.0, 180, "x"]],
        first_row=3,
        first_column=1,
    )
    assert sniff_format(data) == "xlsx"
    result = parse_ledger(data)
    row = only_row(result)
    assert (row.row_number, row.tax_code, row.amount_due, row.amount_paid, row.employees) == (
        4,
        "3788149397",
        414720000,
        414720000,
        180,
    )
    assert result.ignored_columns == ["Ghi chú"]
    assert result.format == "xlsx"


def test_an_xlsx_date_cell_is_read_as_its_month() -> None:
    data = make_xlsx([XLSX_HEADER, ["TA1", "3788149397", "Cty A", (45200, "date"), 1, 1, 1]])
    assert only_row(parse_ledger(data)).period == "2023-10"  # serial 45200 = 2023-10-01


def test_a_non_integral_xlsx_number_is_a_decimal_error_with_its_row() -> None:
    data = make_xlsx([XLSX_HEADER, None, ["TA1", "3788149397", "Cty A", "2023-10", 12.5, 1, 1.5]])
    result = parse_ledger(data)
    assert [(error.row_number, error.column, error.value) for error in result.errors] == [
        (3, "phai_dong", "12.5"),
        (3, "so_lao_dong", "1.5"),
    ]
    assert "thập phân" in result.errors[0].message


def test_an_empty_workbook_is_an_empty_file() -> None:
    result = parse_ledger(make_xlsx([]))
    assert result.format == "xlsx"
    assert result.errors[0].message.startswith("Tệp trống")


def test_a_damaged_workbook_is_refused() -> None:
    data = make_xlsx([XLSX_HEADER, ["TA1", "3788149397", "Cty A", "2023-10", 1, 1, 1]])
    truncated = data[: len(data) - 200]
    assert sniff_format(truncated) == "xlsx"
    with pytest.raises(FileRefused, match="XLSX"):
        parse_ledger(truncated)


# --- progress, speed helpers, housekeeping -------------------------------------------------------


def test_progress_is_reported_every_5000_rows_and_at_the_end() -> None:
    lines = [
        ROW.format(period=f"{2000 + month // 12}-{month % 12 + 1:02d}").replace("TA1845P", f"U{unit}")
        for unit in range(60)
        for month in range(200)
    ]
    calls: list[int] = []
    result = parse_ledger(ledger(*lines), progress=calls.append)
    assert result.ok
    assert calls == [5000, 10000, 12000]


def test_the_fast_row_constructor_builds_an_ordinary_parsed_row() -> None:
    values = (2, "A", "B", "C", "D", "E", "khac", "F", "2023-10", 1, 2, 3, 4, 5)
    fast = _new_row(*values)
    assert fast == ParsedRow(*values)
    assert hash(fast) == hash(ParsedRow(*values))
    with pytest.raises(AttributeError):
        fast.name = "x"  # type: ignore[misc]


def test_the_garbage_collector_is_left_as_it_was() -> None:
    assert gc.isenabled()
    parse_ledger(ledger(ROW.format(period="2023-10")))
    assert gc.isenabled()
    gc.disable()
    try:
        parse_ledger(ledger(ROW.format(period="2023-10")))
        assert not gc.isenabled()
    finally:
        gc.enable()
