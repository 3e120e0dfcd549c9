"""Báo cáo tổng kết phong trào thi đua: participation, results, awards and money, from the
dashboard's figures, as a Nghị định 30 document (thidua.documents.admin_doc: PDF via Typst,
DOCX via python-docx). The renderer places text only, so the charts are drawn as text bars
(█ filled, ░ empty) in the tables: the same numbers, readable in print and in Word."""

from thidua.campaigns.enums import RegistrationStatus, SubjectType
from thidua.core.charts import text_bar
from thidua.core.formatting import date_long, money, number
from thidua.documents import admin_doc
from thidua.documents.kinds import AdminDoc, Block
from thidua.monitoring.selectors import Dashboard
from thidua.nominations.enums import ProposalState


def _pct(part: int, whole: int) -> str:
    return f"{number(part * 100 / whole, 1)}%" if whole else "–"


def _table(columns, rows, widths, align) -> Block:
    return {"kind": "table", "columns": columns, "rows": rows, "widths": widths, "align": align,
            "size": 12}  # fmt: skip


def summary_doc(board: Dashboard) -> AdminDoc:
    """The campaign's closing report (báo cáo tổng kết) as administrative-document data:
    participation, results, nominations, awards, money, then the general assessment."""
    c = board.campaign
    blocks = [
        *_participation_blocks(board),
        *_result_blocks(board),
        *_nomination_blocks(board),
        *_award_blocks(board),
        *_fund_blocks(board),
        *_closing_blocks(board),
    ]
    return {
        "issuer_superior": c.issuer_superior,
        "issuer_lines": [line for line in c.issuer_display.splitlines() if line.strip()],
        "number": "",
        "symbol": "BC-UBND",
        "place": c.place,
        "date_text": "ngày      tháng      năm " + str(board.now.year),
        "doc_type": "BÁO CÁO",
        "summary": f"Tổng kết {c.title[0].lower() + c.title[1:]}",
        "blocks": blocks,
        "recipients_title": "Nơi nhận:",
        "recipients": [*[r for r in c.recipients if "Lưu" not in r], "Lưu: VT."],
        "signature": {
            "authority": c.signing_authority,
            "title": c.signer_title,
            "name": c.signer_name,
        },  # fmt: skip
    }


def _participation_blocks(board: Dashboard) -> list[dict]:
    """The opening paragraph and I. participation: units registered and plans sent."""
    c = board.campaign
    units = board.units
    reg = board.registration_counts
    sent = reg[RegistrationStatus.ON_TIME] + reg[RegistrationStatus.LATE]
    return [
        {
            "kind": "paragraph",
            "text": (
                f"Thực hiện {c.title[0].lower() + c.title[1:]} (Kế hoạch số {c.reference}"
                + (f" ngày {c.issued_on:%d/%m/%Y}" if c.issued_on else "")
                + f"), {c.issuer.name} báo cáo tổng kết phong trào như sau:"
            ),
        },
        {"kind": "heading", "level": 1, "text": "I. TÌNH HÌNH THAM GIA"},
        {
            "kind": "paragraph",
            "text": (
                f"Có {units} đơn vị tham gia phong trào; {sent} đơn vị đã đăng ký thi đua và gửi "
                f"kế hoạch ({_pct(sent, units)}), trong đó "
                f"{reg[RegistrationStatus.ON_TIME]} đơn vị "
                f"đúng hạn, {reg[RegistrationStatus.LATE]} đơn vị nộp muộn; "
                f"{reg[RegistrationStatus.MISSING] + reg[RegistrationStatus.PENDING]} đơn vị "
                "chưa gửi kế hoạch."
            ),
        },
        _table(
            ["Tình trạng", "Số đơn vị", "Tỷ lệ", "Biểu đồ"],
            [
                [
                    RegistrationStatus(s).label,
                    str(reg[s]),
                    _pct(reg[s], units),
                    text_bar(reg[s], units),
                ]
                for s in RegistrationStatus.values
            ],
            [3, 1.2, 1.2, 4],
            ["left", "center", "center", "left"],
        ),
        {"kind": "heading", "level": 1, "text": "II. KẾT QUẢ THỰC HIỆN"},
    ]


def _result_blocks(board: Dashboard) -> list[dict]:
    """II. results: CCHC tasks and the PAR INDEX bands."""
    c, units = board.campaign, board.units
    blocks: list[dict] = []
    done, total = board.task_totals
    blocks.append(
        {
            "kind": "paragraph",
            "text": (
                f"Nhiệm vụ cải cách hành chính năm {c.year}: hoàn thành {done}/{total} "
                f"nhiệm vụ được "
                f"giao ({_pct(done, total)})."
            ),
        }
    )
    blocks.append(
        _table(
            ["Tỷ lệ hoàn thành nhiệm vụ", "Số đơn vị", "Biểu đồ"],
            [[label, str(n), text_bar(n, units)] for label, n in board.task_buckets],
            [3, 1.2, 4],
            ["left", "center", "left"],
        )
    )
    rated = sum(n for _, n in board.par_bands)
    blocks.append(
        {
            "kind": "paragraph",
            "text": (
                f"Chỉ số cải cách hành chính năm {board.par_year}: {rated} đơn vị có kết quả "
                "công bố."
                if rated
                else f"Chưa có kết quả Chỉ số cải cách hành chính năm {board.par_year} được "
                "công bố."
            ),
        }
    )
    if rated:
        blocks.append(
            _table(
                ["Xếp loại", "Số đơn vị", "Tỷ lệ", "Biểu đồ"],
                [
                    [label, str(n), _pct(n, rated), text_bar(n, rated)]
                    for label, n in board.par_bands
                ],
                [3, 1.2, 1.2, 4],
                ["left", "center", "center", "left"],
            )
        )
    return blocks


def _nomination_blocks(board: Dashboard) -> list[dict]:
    """III. nominations: proposals by state and nominees' eligibility."""
    units = board.units
    blocks: list[dict] = []
    props = board.proposal_counts
    elig = board.eligibility
    nominated = sum(elig.values())
    blocks += [
        {"kind": "heading", "level": 1, "text": "III. ĐỀ NGHỊ KHEN THƯỞNG"},
        {
            "kind": "paragraph",
            "text": (
                f"{units - props['none']} đơn vị lập hồ sơ đề nghị khen thưởng cho {nominated} tập "
                f"thể, cá nhân; {elig['yes']} đủ tiêu chuẩn, {elig['no']} chưa đủ tiêu chuẩn, "
                f"{elig['review']} cần xem xét thêm."
            ),
        },
        _table(
            ["Tình trạng hồ sơ", "Số đơn vị"],
            [[ProposalState(s).label, str(props[s])] for s in ProposalState.values]
            + [["Không đề nghị", str(props["none"])]],
            [4, 1.5],
            ["left", "center"],
        ),
        {"kind": "heading", "level": 1, "text": "IV. KẾT QUẢ KHEN THƯỞNG"},
    ]
    return blocks


def _award_blocks(board: Dashboard) -> list[dict]:
    """IV. award results: council sessions and each award form against its quota."""
    blocks: list[dict] = []
    council = board.council
    if council.sessions:
        blocks.append(
            {
                "kind": "paragraph",
                "text": (
                    f"Hội đồng Thi đua – Khen thưởng họp {len(council.sessions)} phiên, xét "
                    f"{council.items} trường hợp; {council.passed} trường hợp đạt tỷ lệ phiếu "
                    "đồng ý, "
                    f"{council.within_quota} trường hợp trong số lượng khen thưởng."
                ),
            }
        )
    rows = []
    for q in board.quotas:
        quota = str(q.quota) if q.quota is not None else "Không giới hạn"
        rows.append(
            [
                q.name,
                SubjectType(q.subject_type).label,
                quota,
                str(q.nominated),
                str(q.staged),
                str(q.awarded),
                money(q.amount) if q.amount else "–",
            ]
        )
    blocks.append(_table(
        ["Hình thức", "Đối tượng", "Số lượng tối đa", "Đề nghị", "Hội đồng đề nghị",
         "Được khen thưởng", "Tiền thưởng"], rows or [["–"] * 7],
        [3, 1.4, 1.4, 1.1, 1.3, 1.3, 2], ["left", "left", "center", "center", "center",
                                          "center", "right"]))  # fmt: skip
    return blocks


def _fund_blocks(board: Dashboard) -> list[dict]:
    """V. money: the issued decisions against the fund's budget."""
    blocks: list[dict] = []
    fund = board.fund
    money_text = (
        f"Tổng tiền thưởng theo các quyết định đã ban hành: {money(fund.decided)}"
        if fund.decisions_issued
        else "Chưa có quyết định khen thưởng được ban hành"
    )
    if fund.budget:
        money_text += (
            f"; dự toán quỹ thi đua, khen thưởng năm là {money(fund.budget)}, đã chi "
            f"{_pct(fund.decided, fund.budget)} từ phong trào này"
        )
    blocks += [
        {"kind": "heading", "level": 1, "text": "V. KINH PHÍ KHEN THƯỞNG"},
        {"kind": "paragraph", "text": money_text + "."},
    ]
    if fund.budget:
        blocks.append(_table(["Quỹ", "Số tiền", "Biểu đồ"], [
            ["Dự toán", money(fund.budget), text_bar(fund.budget, fund.budget)],
            ["Chi cho phong trào", money(fund.decided), text_bar(fund.decided, fund.budget)],
        ], [2, 2, 4], ["left", "right", "left"]))  # fmt: skip
    return blocks


def _closing_blocks(board: Dashboard) -> list[dict]:
    """VI. general assessment: when the figures were taken."""
    blocks: list[dict] = []
    blocks += [
        {"kind": "heading", "level": 1, "text": "VI. ĐÁNH GIÁ CHUNG"},
        {
            "kind": "paragraph",
            "text": (
                "Số liệu trong báo cáo được tổng hợp từ hệ thống quản lý thi đua – khen thưởng "
                f"lúc {board.now:%H:%M} ngày {date_long(board.now)}."
            ),
        },
    ]
    return blocks


def summary_pdf(board: Dashboard) -> bytes:
    return admin_doc.render_pdf(summary_doc(board))


def summary_docx(board: Dashboard) -> bytes:
    return admin_doc.render_docx(summary_doc(board))
