"""The council's minutes, built from a closed session's stored results and rendered in the
Nghị định 30/2020 layout by thidua.documents.admin_doc (PDF via Typst, DOCX via python-docx):

- Biên bản họp Hội đồng (meeting minutes): time, place, members present and absent, the pass
  rules, ballots issued/returned/valid, votes per nominee, passed or not, ranking, ties and the
  chair's decision, the proposed list;
- Biên bản kiểm phiếu (vote-count minutes): per award form, ballots and votes per nominee.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from thidua.core.formatting import date_long, date_short
from thidua.council import selectors, services
from thidua.council.enums import BallotType, Denominator, SessionState
from thidua.council.models import CouncilSession
from thidua.documents import admin_doc
from thidua.documents.kinds import AdminDoc, Block, Signature
from thidua.participation.selectors import comments_for_council

MINUTES, TALLY = "bien-ban-hop", "bien-ban-kiem-phieu"
KINDS = (MINUTES, TALLY)


def _p(text: str, **opts) -> Block:
    return {"kind": "paragraph", "text": text, **opts}


def _h(level: int, text: str) -> Block:
    return {"kind": "heading", "level": level, "text": text}


def _two(n: int) -> str:
    """Offices write counts below ten with a leading zero: "08 thành viên"."""
    return f"{n:02d}"


def percent(part: int, whole: int) -> str:
    """66,67% (two decimals, half up, Vietnamese decimal comma), exact arithmetic."""
    if not whole:
        return ""
    hundredths = Fraction(part * 10000, whole)
    value = int(hundredths + Fraction(1, 2))
    return f"{value // 100},{value % 100:02d}%"


def _issuer(session: CouncilSession) -> tuple[str, list[str]]:
    lines = [x.strip() for x in session.campaign.issuer_display.splitlines() if x.strip()]
    superior = " ".join(lines) if lines else session.council.issuer.name
    return superior, ["HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG"]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _nominee_cells(item) -> tuple[str, str]:
    n = item.nominee
    if n.person_id:
        unit = n.person.position + (", " if n.person.position else "") + n.unit.name
        return n.person.full_name, unit
    return n.unit.name, n.proposal.unit.name if n.proposal.unit_id != n.unit_id else ""


def _signatures(session, data) -> list[Signature]:
    secretary, chair = data["secretary"], data["chair"]
    return [
        {"authority": "", "title": "THƯ KÝ", "name": secretary.full_name if secretary else ""},
        {"authority": "", "title": "CHỦ TỊCH HỘI ĐỒNG", "name": chair.full_name if chair else ""},
    ]


def _ballots(group, data) -> tuple[int, int, int]:
    """(issued, returned, valid) for an award form."""
    if group.is_paper:
        t = group.tally
        return (t.issued, t.returned, t.valid) if t else (0, 0, 0)
    written = data["written"] if group.rule and group.rule.written_votes else 0
    issued = data["present"] + written
    returned = data["cast_present"] + written
    valid = max((i.valid_ballots or 0 for i in group.items), default=0)
    return issued, returned, valid


def _base(item, data) -> int:
    found = data["basis"].get(item.pk)
    return {
        # less the members recused on this nominee (conflicts of interest)
        Denominator.ALL_MEMBERS: found.basis.members_total if found else data["total"],
        Denominator.PRESENT: item.taking_part or 0,
        Denominator.VALID_BALLOTS: item.valid_ballots or 0,
    }[item.rule.denominator]


def _result_table(group, data) -> Block:
    rows = []
    for k, item in enumerate(group.items, start=1):
        name, unit = _nominee_cells(item)
        result = "Đạt" if item.passed else "Không đạt"
        if item.passed and item.within_quota is None:
            place = "Bằng phiếu"
        elif item.passed:
            place = "Trong số lượng" if item.within_quota else "Ngoài số lượng"
        else:
            place = ""
        rows.append(
            [
                str(k),
                name,
                unit,
                str(item.votes_for or 0),
                str(item.votes_against or 0),
                percent(item.votes_for or 0, _base(item, data)),
                result,
                str(item.rank) if item.rank else "",
                place,
            ]
        )
    return {
        "kind": "table",
        "columns": [
            "TT",
            "Tập thể, cá nhân",
            "Đơn vị",
            "Đồng ý",
            "Không đồng ý",
            "Tỷ lệ",
            "Kết quả",
            "Xếp hạng",
            "Ghi chú",
        ],
        "widths": [0.7, 3, 2.8, 1.3, 1.4, 1.5, 1.4, 1.2, 1.6],
        "align": [
            "center",
            "left",
            "left",
            "center",
            "center",
            "center",
            "center",
            "center",
            "left",
        ],
        "rows": rows,
        "size": 10,
    }


def _recusal_text(item, found) -> str:
    """The minutes' sentence on the members who did not vote on a nominee, and why."""
    b = found.basis
    needed = f"; cần {_two(item.needed)} phiếu đồng ý" if item.needed else ""
    return (
        f"{_nominee_cells(item)[0]}: không tham gia biểu quyết do xung đột lợi ích: "
        f"{found.text}. Số thành viên và tỷ lệ tính trên {_two(b.members_total)} thành viên "
        f"Hội đồng còn lại; số thành viên tham gia biểu quyết: {_two(item.taking_part or 0)}"
        f"{needed}."
    )


def _collect(session: CouncilSession) -> dict[str, Any]:
    attendance = selectors.attendance(session)
    members = {m.pk: m for m in session.council.members.all()}
    progress = selectors.progress(session)
    items = selectors.agenda(session)
    chair = next((m for m in members.values() if m.role == "chair"), None)
    secretary = next((m for m in members.values() if m.role == "secretary"), None)
    return {
        "attendance": attendance,
        "present_members": [a.member for a in attendance if a.present],
        "absent": [a for a in attendance if not a.present],
        "total": progress.total,
        "present": progress.present,
        "written": progress.written,
        "cast_present": progress.voted - progress.written,
        "groups": selectors.results(session, items),
        "basis": selectors.recusals(session, items),
        "decisions": {d.award_form_id: d for d in session.tie_decisions.all()},
        "chair": chair,
        "secretary": secretary,
    }


def _common(session: CouncilSession, summary: str) -> dict[str, Any]:
    superior, lines = _issuer(session)
    return {
        "issuer_superior": superior,
        "issuer_lines": lines,
        "number": "",
        "symbol": "BB-HĐTĐKT",
        "place": session.campaign.place,
        "date_text": date_long(session.held_on),
        "doc_type": "BIÊN BẢN",
        "summary": summary,
    }


def _require_results(session: CouncilSession) -> None:
    if session.state not in SessionState.with_results():
        raise ValueError("minutes: the session's voting has not closed yet")


def minutes_dict(session: CouncilSession) -> AdminDoc:
    """Biên bản họp Hội đồng Thi đua – Khen thưởng."""
    _require_results(session)
    data = _collect(session)
    campaign = session.campaign
    when = f"{session.starts_at:%H} giờ {session.starts_at:%M} phút, " if session.starts_at else ""
    blocks: list[Block] = [
        _p(
            f"Thực hiện Kế hoạch số {campaign.reference} của "
            f"{campaign.issuer.name} về {_lower_first(campaign.title)}; Hội đồng Thi đua – Khen "
            f"thưởng họp xét đề nghị khen thưởng, cụ thể như sau:"
        ),
        _h(1, "I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN"),
        _p(f"1. Thời gian: {when}{date_long(session.held_on)}."),
        _p(f"2. Địa điểm: {session.place}."),
        _p(
            f"3. Thành phần: chủ trì: {data['chair'].full_name if data['chair'] else ''}, "
            f"Chủ tịch Hội đồng; thư ký: "
            f"{data['secretary'].full_name if data['secretary'] else ''}. Có mặt "
            f"{_two(data['present'])}/{_two(data['total'])} thành viên Hội đồng; vắng mặt "
            f"{_two(len(data['absent']))} thành viên."
        ),
    ]
    rows = [
        [
            str(k),
            a.member.full_name,
            a.member.title,
            a.member.get_role_display(),
            "Có mặt" if a.present else "Vắng mặt" + (f" ({a.note})" if a.note else ""),
        ]
        for k, a in enumerate(data["attendance"], start=1)
    ]
    blocks.append(
        {
            "kind": "table",
            "columns": ["TT", "Họ và tên", "Chức vụ", "Vai trò", "Tham dự"],
            "widths": [0.7, 3.2, 4, 2.6, 2.4],
            "align": ["center", "left", "left", "left", "left"],
            "rows": rows,
            "size": 11,
        }
    )
    blocks.append(_h(1, "II. NỘI DUNG VÀ KẾT QUẢ BỎ PHIẾU"))
    proposed_total: list[tuple[Any, list]] = []
    for n, group in enumerate(data["groups"], start=1):
        form, rule = group.award_form, group.rule
        issued, returned, valid = _ballots(group, data)
        quota = f"tối đa {_two(form.quota)}" if form.quota else "không giới hạn số lượng"
        blocks += [
            _h(2, f"{n}. {form.name} ({form.get_subject_type_display().lower()}, {quota})"),
            _p(
                f"Hình thức biểu quyết: {BallotType(rule.ballot_type).label.lower()}. Tiêu chuẩn "
                f"đạt: {rule.rule_text}" + (f" ({rule.basis})" if rule.basis else "") + "."
            ),
            _p(
                f"Số phiếu phát ra: {_two(issued)}; số phiếu thu về: {_two(returned)}; số phiếu "
                f"hợp lệ: {_two(valid)}; số phiếu không hợp lệ: {_two(returned - valid)}."
            ),
            _result_table(group, data),
        ]
        decision = data["decisions"].get(form.pk)
        if decision:
            names = {i.pk: _nominee_cells(i)[0] for i in group.items}
            order = ", ".join(names.get(pk, "") for pk in decision.order)
            blocks.append(
                _p(
                    f"Các trường hợp bằng số phiếu tại ranh giới số lượng đã được Chủ "
                    f"tịch Hội đồng quyết định theo thứ tự: {order}. Lý do: "
                    f"{decision.reason}"
                )
            )
        for item in group.items:
            found = data["basis"].get(item.pk)
            if found and found.recusals:
                blocks.append(_p(_recusal_text(item, found), italic=True))
        repeats = services.repeat_notes(group.items)
        for item in group.items:
            if item.pk in repeats:
                blocks.append(_p(f"{_nominee_cells(item)[0]}: {repeats[item.pk]}", italic=True))
        if group.tied:
            blocks.append(
                _p(
                    "Còn trường hợp bằng số phiếu tại ranh giới số lượng, chờ Chủ tịch "
                    "Hội đồng quyết định.",
                    italic=True,
                )
            )
        proposed_total.append((form, group.proposed))
    blocks += _public_comments(session, data)
    blocks.append(_h(1, "III. KẾT LUẬN"))
    parts = [
        f"{_two(len(items))} {form.get_subject_type_display().lower()} được tặng {form.name}"
        for form, items in proposed_total
        if items
    ]
    blocks.append(
        _p(
            "Hội đồng Thi đua – Khen thưởng thống nhất đề nghị xét tặng: "
            + ("; ".join(parts) if parts else "không có trường hợp nào")
            + " (có danh sách kèm theo)."
        )
    )
    blocks.append(
        _p(
            "Biên bản đã được thông qua tại cuộc họp, các thành viên dự họp nhất trí "
            "với nội dung biên bản./."
        )
    )
    annex_blocks: list[Block] = []
    for k, (form, items) in enumerate(proposed_total, start=1):
        annex_blocks.append(
            {
                "kind": "heading",
                "level": 2,
                "indent": False,
                "text": f"{k}. {form.name} ({form.get_subject_type_display().lower()})",
            }
        )
        annex_blocks.append(
            {
                "kind": "table",
                "columns": ["TT", "Tập thể, cá nhân", "Đơn vị", "Số phiếu đồng ý"],
                "widths": [0.8, 4.5, 4.5, 2],
                "align": ["center", "left", "left", "center"],
                "rows": [[str(i.rank), *_nominee_cells(i), str(i.votes_for)] for i in items]
                or [["", "Không có", "", ""]],
                "size": 12,
            }
        )
    doc = _common(
        session,
        f"Họp Hội đồng Thi đua – Khen thưởng xét đề nghị khen thưởng trong "
        f"{_lower_first(campaign.title)}",
    )
    doc |= {
        "blocks": blocks,
        "signature": _signatures(session, data),
        "annex": {
            "label": "Danh sách",
            "title": "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC HỘI ĐỒNG ĐỀ NGHỊ KHEN THƯỞNG",
            "subtitle": f"(Kèm theo Biên bản họp Hội đồng Thi đua – Khen thưởng "
            f"{date_long(session.held_on)})",
            "blocks": annex_blocks,
        },
    }
    return doc


def _public_comments(session: CouncilSession, data) -> list[Block]:
    """What the public said while the list was disclosed (comments the secretariat did not
    hide), per nominee on the agenda: part of the council's papers."""
    comments = comments_for_council(session.campaign)
    items = [i for g in data["groups"] for i in g.items if i.nominee_id in comments]
    if not items:
        return []
    out = [_p("Ý kiến của nhân dân trong thời gian công khai danh sách:", bold=True)]
    for item in items:
        for c in comments[item.nominee_id]:
            out.append(
                _p(
                    f"- Về {_nominee_cells(item)[0]}: ông/bà {c.author_name} "
                    f"({date_short(c.submitted_at)}): {c.content}"
                )
            )
    return out


def tally_dict(session: CouncilSession) -> AdminDoc:
    """Biên bản kiểm phiếu."""
    _require_results(session)
    data = _collect(session)
    blocks: list[Block] = [
        _p(
            f"Vào {date_long(session.held_on)}, tại {session.place}, Hội đồng Thi đua – Khen "
            f"thưởng tiến hành kiểm phiếu biểu quyết xét đề nghị khen thưởng trong "
            f"{_lower_first(session.campaign.title)}."
        ),
        _p(
            f"Tổng số thành viên Hội đồng: {_two(data['total'])}; có mặt: "
            f"{_two(data['present'])}; vắng mặt: {_two(len(data['absent']))}; phiếu gửi bằng văn "
            f"bản của thành viên vắng mặt: {_two(data['written'])}."
        ),
        _p("Kết quả kiểm phiếu như sau:"),
    ]
    for n, group in enumerate(data["groups"], start=1):
        form = group.award_form
        issued, returned, valid = _ballots(group, data)
        blocks += [
            _h(2, f"{n}. {form.name} ({form.get_subject_type_display().lower()})"),
            _p(
                f"Số phiếu phát ra: {_two(issued)}; số phiếu thu về: {_two(returned)}; số phiếu "
                f"hợp lệ: {_two(valid)}; số phiếu không hợp lệ: {_two(returned - valid)}."
            ),
            _result_table(group, data),
        ]
    blocks.append(
        _p("Việc kiểm phiếu kết thúc cùng ngày; biên bản được lập và công bố tại cuộc họp./.")
    )
    doc = _common(session, "Kiểm phiếu biểu quyết xét đề nghị khen thưởng")
    doc |= {"blocks": blocks, "signature": _signatures(session, data)}
    return doc


def build(session: CouncilSession, kind: str) -> AdminDoc:
    if kind == MINUTES:
        return minutes_dict(session)
    if kind == TALLY:
        return tally_dict(session)
    raise ValueError(f"kind: {kind!r} is not one of {KINDS}")


def render(session: CouncilSession, kind: str, fmt: str) -> bytes:
    """The document as PDF or DOCX bytes."""
    doc = build(session, kind)
    if fmt == "pdf":
        return admin_doc.render_pdf(doc)
    if fmt == "docx":
        return admin_doc.render_docx(doc)
    raise ValueError(f"fmt: {fmt!r} is not pdf or docx")
