"""Example documents in the ``doc`` format of :mod:`thidua.documents.admin_doc`, and a
certificate's fields for :mod:`thidua.documents.certificate`.

``sample_plan()`` is the real 2023 plan of Huyện Nguyên Bình (seed
000_611baed52099714c), as the draft stood before issue: number and day left
blank, not yet signed. Two OCR slips of the seed are corrected ("Nguyễn Bình" →
Nguyên Bình, a paragraph split by a page break is joined); the wording is
otherwise verbatim. ``sample_decision()`` shows the other features: ``runs``,
centred/italic paragraphs, ``signed`` and an annex table.
"""

from __future__ import annotations

from typing import Any


def _p(text: str) -> dict[str, Any]:
    return {"kind": "paragraph", "text": text}


def _b(text: str) -> dict[str, Any]:
    return {"kind": "bullet", "text": text}


def _h(level: int, text: str) -> dict[str, Any]:
    return {"kind": "heading", "level": level, "text": text}


def sample_plan() -> dict[str, Any]:
    """Kế hoạch phát động phong trào thi đua cải cách hành chính, Nguyên Bình 2023."""
    return {
        "issuer_superior": "",
        "issuer_lines": ["ỦY BAN NHÂN DÂN", "HUYỆN NGUYÊN BÌNH"],
        "number": "",
        "symbol": "KH-UBND",
        "place": "Nguyên Bình",
        "date_text": "ngày      tháng 01 năm 2023",
        "doc_type": "KẾ HOẠCH",
        "summary": (
            "Phát động phong trào thi đua cải cách hành chính nhà nước huyện Nguyên Bình năm 2023"
        ),
        "blocks": [
            _p(
                "Thực hiện Kế hoạch số 267/KH-UBND ngày 27/12/2022 của UBND huyện về Cải cách "
                "hành chính Nhà nước huyện Nguyên Bình năm 2023. Nhằm đẩy mạnh cải cách hành "
                "chính để nâng cao hiệu lực, hiệu quả quản lý, điều hành của cơ quan hành chính "
                "các cấp, góp phần thực hiện thành công các nhiệm vụ phát triển kinh tế - xã hội "
                "của huyện. Ủy ban nhân dân huyện phát động phong trào thi đua cải cách hành "
                "chính nhà nước huyện Nguyên Bình năm 2023 như sau:"
            ),
            _h(1, "I. MỤC ĐÍCH, YÊU CẦU"),
            _h(2, "1. Mục đích"),
            _b(
                "Phát huy truyền thống yêu nước, động viên tinh thần của đội ngũ cán bộ, công "
                "chức, viên chức, người lao động có những hoạt động cụ thể, thiết thực vào phong "
                "trào thi đua đẩy mạnh cải cách hành chính năm 2023, nhằm xây dựng nền hành chính "
                "trong sạch, vững mạnh, hiện đại, hiệu lực, hiệu quả."
            ),
            _b(
                "Nâng cao ý thức trách nhiệm của các tập thể, các nhân trong thực hiện nhiệm vụ "
                "cải cách hành chính của huyện nói chung và công tác cải cách hành chính từng cơ "
                "quan, đơn vị."
            ),
            _b(
                "Biểu dương, khen thưởng những tập thể, cá nhân có thành tích xuất sắc trong thực "
                "hiện nhiệm vụ cải cách hành chính."
            ),
            _h(2, "2. Yêu cầu"),
            _b(
                "Tăng cường sự lãnh đạo của Đảng, điều hành của chính quyền các cấp trong phong "
                "trào thi đua đẩy mạnh cải cách hành chính, thể hiện ý thức tự giác, trách nhiệm "
                "và thường xuyên của mỗi cơ quan, đơn vị, cá nhân; tạo thành phong trào hành động "
                "cách mạng, góp phần thực hiện thắng lợi Nghị quyết Đại hội Đảng bộ huyện nhiệm "
                "kỳ 2020 – 2025, Kế hoạch cải cách hành chính Nhà nước huyện Nguyên Bình, giai "
                "đoạn 2021-2025."
            ),
            _b(
                "Phong trào thi đua phải được triển khai rộng khắp, thường xuyên, phát huy sự "
                "sáng tạo trong công tác cải cách hành chính, sát thực với các tiêu chí, nội "
                "dung, biện pháp, tạo sự đột phá, thực hiện có hiệu quả nhiệm vụ chính trị với "
                "từng cơ quan, đơn vị, địa phương."
            ),
            _h(1, "II. ĐỐI TƯỢNG, TIÊU CHÍ, TỔ CHỨC THI ĐUA"),
            _h(2, "1. Đối tượng thi đua"),
            _b(
                "Tập thể các cơ quan chuyên môn, đơn vị sự nghiệp thuộc Ủy ban nhân dân huyện "
                "trực tiếp tham mưu triển khai thực hiện nhiệm vụ cải cách hành chính và cán bộ, "
                "công chức, viên chức thuộc đơn vị mình, phát động tổ chức tốt các phong trào "
                "thi đua, tập thể xuất sắc, gương người tốt, việc tốt trong thực thi hành nhiệm "
                "vụ, công vụ."
            ),
            _b(
                "Ủy ban nhân dân các xã, thị trấn, cán bộ, công chức và những người hoạt động "
                "không chuyên trách cấp xã trực tiếp tham mưu triển khai thực hiện nhiệm vụ cải "
                "cách hành chính trên địa bàn huyện, quyết tâm phấn đấu thực hiện thắng lợi Nghị "
                "quyết Đại hội Đảng bộ huyện, nhiệm kỳ 2020-2025, Kế hoạch cải cách hành chính "
                "Nhà nước huyện Nguyên Bình, năm 2023 và giai đoạn 2021-2025."
            ),
            _h(2, "2. Tiêu chí thi đua"),
            _h(3, "a. Đối với tập thể"),
            _b(
                "Hoàn thành tốt các nhiệm vụ được giao trong Kế hoạch cải cách hành chính năm "
                "2023 đề ra theo Kế hoạch của huyện."
            ),
            _b(
                "Kết quả thực hiện nhiệm vụ cải cách hành chính năm 2023 của cơ quan, đơn vị "
                "hoàn thành 100%."
            ),
            _b(
                "Kết quả xếp hạng các chỉ số thành phần trong các Bộ Chỉ số: Chỉ số cải cách "
                "hành chính (PAR INDEX), Chỉ số năng lực cạnh tranh (DDCI) trên địa bàn huyện đã "
                "được giao cho các cơ quan, đơn vị phụ trách tăng điểm so với kết quả của năm "
                "trước liền kề."
            ),
            _h(3, "b. Đối với cá nhân"),
            _b("Hoàn thành tốt, thắng lợi các nhiệm vụ được giao trong năm 2023."),
            _b(
                "Chỉ đạo, tham mưu, triển khai thực hiện tốt các nhiệm vụ được giao trong Kế "
                "hoạch cải cách hành chính năm 2023 của cơ quan, đơn vị."
            ),
            _b(
                "Chỉ đạo, tham mưu, triển khai thực hiện đảm bảo chất lượng và đúng thời gian "
                "quy định các văn bản chỉ đạo của Ủy ban nhân dân tỉnh và Ủy ban nhân dân huyện "
                "văn bản tham mưu chất lượng, hiệu lực, hiệu quả."
            ),
            _b(
                "Thực hiện nghiêm kỷ luật, kỷ cương hành chính (không vi phạm kỷ luật, kỷ cương "
                "hành chính)."
            ),
            _h(2, "3. Tổ chức thi đua"),
            _p(
                "Kể từ ngày ban hành Kế hoạch phát động phong trào thi đua này đến trước ngày 31 "
                "tháng 12 năm 2023."
            ),
            _h(1, "III. CÔNG TÁC KHEN THƯỞNG"),
            _h(2, "1. Hình thức và số lượng khen thưởng"),
            _b("Ủy ban nhân dân huyện tặng Giấy khen tối đa cho 05 tập thể và 10 cá nhân."),
            _b(
                "Đối với khen thưởng tại các cơ quan, đơn vị xã, thị trấn do các đơn vị xây dựng "
                "tiêu chí và số lượng khen thưởng trên cơ sở kinh phí và chức năng, nhiệm vụ "
                "được giao."
            ),
            _h(2, "2. Hồ sơ đề nghị khen thưởng"),
            _b("Tờ trình đề nghị khen thưởng của cơ quan đơn vị."),
            _b("Biên bản họp Hội đồng Thi đua – Khen thưởng của cơ quan, đơn vị."),
            _b(
                "Báo cáo thành tích của tập thể, cá nhân đề nghị khen thưởng (Nêu rõ kết quả đạt "
                "được trên từng tiêu chí)."
            ),
            _b("Bản tóm tắt thành tích của tập thể, cá nhân."),
            _h(2, "3. Thời gian đề nghị xét khen thưởng"),
            _p(
                "Sẽ có thông báo sau khi có kết quả đánh giá, chấm điểm chỉ số cải cách hành "
                "chính năm 2023 của cấp huyện và cấp xã, thị trấn."
            ),
            _h(1, "IV. MỨC CHI VÀ NGUỒN KINH PHÍ KHEN THƯỞNG"),
            _h(2, "1. Mức khen thưởng"),
            _p(
                "Theo Nghị định số 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ quy định chi tiết "
                "thi hành một số điều của Luật Thi đua, khen thưởng."
            ),
            _h(2, "2. Kinh phí"),
            _p("Chi từ nguồn kinh phí khen thưởng hàng năm của huyện."),
            _h(1, "V. TỔ CHỨC THỰC HIỆN"),
            _p(
                "1. Các cơ quan, đơn vị, Ủy ban nhân dân các xã, thị trấn xây dựng kế hoạch phát "
                "động phong trào thi đua cải cách hành chính của cơ quan, đơn vị mình gửi về Ủy "
                "ban nhân dân huyện (qua Phòng Nội vụ) trước ngày 10 tháng 01 năm 2023."
            ),
            _p(
                "2. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam huyện, các đoàn thể và các tổ chức "
                "xã hội căn cứ chức năng, nhiệm vụ, nội dung của phong trào thi đua, tổ chức phối "
                "hợp với chính quyền các cấp, phát huy sức mạnh khối đại đoàn kết toàn dân trong "
                "việc vận động cán bộ, công chức, viên chức, người lao động và các tầng lớp nhân "
                "dân trong huyện tích cực trong việc thực hiện thắng lợi các nhiệm vụ, chỉ tiêu "
                "kinh tế - xã hội, an ninh quốc phòng năm 2023, phấn đấu thực hiện thành công "
                "nhiệm vụ Nghị quyết Đại hội Đảng bộ nhiệm kỳ 2020 – 2025."
            ),
            _p(
                "3. Giao Phòng Văn hóa – Thông tin chủ trì phối hợp với Trung tâm Văn hóa và "
                "Truyền thông huyện đưa tin bài về công tác cải cách hành chính của huyện tăng "
                "cường, đẩy mạnh công tác tuyên truyền gương điển hình tiên tiến, người tốt việc "
                "tốt trong phong trào thi đua đẩy mạnh cải cách hành chính năm 2023."
            ),
            _p(
                "4. Giao Phòng Nội vụ có trách nhiệm theo dõi, hướng dẫn, kiểm tra, đôn đốc các "
                "cơ quan, đơn vị tổ chức thực hiện Kế hoạch."
            ),
            _p(
                "Đẩy mạnh cải cách hành chính được xác định là một trong những khâu đột phá để "
                "thực hiện thắng lợi Nghị quyết Đại hội Đảng bộ huyện Nguyên Bình lần thứ XIX, "
                "là giải pháp nâng cao hiệu lực, hiệu quả quản lý, điều hành của cơ quan hành "
                "chính huyện. Ủy ban nhân dân huyện yêu cầu Thủ trưởng các cơ quan, đơn vị, các "
                "tổ chức cá nhân liên quan nghiêm túc tổ chức triển khai Kế hoạch này./."
            ),
        ],
        "recipients": [
            "TT Huyện ủy (b/c);",
            "TT HĐND (b/c);",
            "UBMTTQ VN huyện;",
            "CT, PCT UBND huyện;",
            "Các cơ quan thuộc UBND huyện;",
            "UBND các xã, thị trấn;",
            "Phòng Nội vụ;",
            "Trang Thông tin điện tử huyện;",
            "Lưu: VT.",
        ],
        "signature": {
            "authority": "TM. ỦY BAN NHÂN DÂN",
            "title": "CHỦ TỊCH",
            "name": "Đào Nguyên Phong",
            "signed": False,
        },
    }


def sample_decision() -> dict[str, Any]:
    """An award decision (Quyết định khen thưởng) with an annex list; names are placeholders."""
    return {
        "issuer_superior": "",
        "issuer_lines": ["ỦY BAN NHÂN DÂN", "HUYỆN NGUYÊN BÌNH"],
        "number": "15",
        "symbol": "QĐ-UBND",
        "place": "Nguyên Bình",
        "date_text": "ngày 05 tháng 02 năm 2024",
        "doc_type": "QUYẾT ĐỊNH",
        "summary": (
            "Về việc tặng Giấy khen cho các tập thể, cá nhân có thành tích xuất sắc "
            "trong phong trào thi đua cải cách hành chính năm 2023"
        ),
        "blocks": [
            {
                "kind": "paragraph",
                "text": "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGUYÊN BÌNH",
                "bold": True,
                "align": "center",
                "indent": False,
            },
            {
                "kind": "paragraph",
                "italic": True,
                "text": (
                    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật "
                    "sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức "
                    "chính quyền địa phương ngày 22 tháng 11 năm 2019;"
                ),
            },
            {
                "kind": "paragraph",
                "italic": True,
                "text": "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
            },
            {
                "kind": "paragraph",
                "italic": True,
                "text": (
                    "Xét đề nghị của Trưởng phòng Nội vụ huyện tại Tờ trình số 08/TTr-NV ngày "
                    "30 tháng 01 năm 2024."
                ),
            },
            {
                "kind": "paragraph",
                "text": "QUYẾT ĐỊNH:",
                "bold": True,
                "align": "center",
                "indent": False,
            },
            {
                "kind": "paragraph",
                "runs": [
                    {"text": "Điều 1. ", "bold": True},
                    {
                        "text": (
                            "Tặng Giấy khen cho 02 tập thể và 02 cá nhân (có danh sách kèm theo) "
                            "đã có thành tích xuất sắc trong phong trào thi đua cải cách hành "
                            "chính năm 2023."
                        )
                    },
                ],
            },
            {
                "kind": "paragraph",
                "runs": [
                    {"text": "Điều 2. ", "bold": True},
                    {
                        "text": (
                            "Chánh Văn phòng HĐND và UBND huyện, Trưởng phòng Nội vụ, các tập "
                            "thể và cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết "
                            "định này./."
                        )
                    },
                ],
            },
        ],
        "recipients": ["Như Điều 2;", "Lưu: VT, NV."],
        "signature": {
            "authority": "",
            "title": "CHỦ TỊCH",
            "name": "Đào Nguyên Phong",
            "signed": True,
        },
        "annex": {
            "title": "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN",
            "subtitle": (
                "(Kèm theo Quyết định số 15/QĐ-UBND ngày 05 tháng 02 năm 2024 "
                "của Chủ tịch Ủy ban nhân dân huyện Nguyên Bình)"
            ),
            "blocks": [
                {"kind": "heading", "level": 2, "text": "I. TẬP THỂ", "indent": False},
                {
                    "kind": "table",
                    "columns": ["TT", "Tên tập thể"],
                    "widths": [1, 10],
                    "align": ["center", "left"],
                    "rows": [
                        ["1", "Phòng Tư pháp huyện"],
                        ["2", "Ủy ban nhân dân thị trấn Tĩnh Túc"],
                    ],
                },
                {"kind": "heading", "level": 2, "text": "II. CÁ NHÂN", "indent": False},
                {
                    "kind": "table",
                    "columns": ["TT", "Họ và tên", "Chức vụ, đơn vị"],
                    "widths": [1, 4, 6],
                    "align": ["center", "left", "left"],
                    "rows": [
                        ["1", "Nguyễn Văn A", "Chuyên viên Phòng Nội vụ"],
                        ["2", "Hoàng Thị B", "Công chức Văn phòng - Thống kê xã Thể Dục"],
                    ],
                },
            ],
        },
    }


def sample_certificate(n: int = 1) -> dict[str, str]:
    """A complete example (names are placeholders)."""
    code = f"K7QM-2XDP-{n:04d}"
    return {
        "issuer_title": "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGUYÊN BÌNH",
        "name": "Bà Đặng Thị Bích Đào",
        "detail": "Công chức Tư pháp – Hộ tịch, Ủy ban nhân dân xã Ca Thành",
        "achievement": "Đã có thành tích xuất sắc trong phong trào thi đua cải cách hành chính "
        "năm 2023",
        "decision_line": "Quyết định số 25/QĐ-UBND ngày 05/02/2024",
        "register_line": f"Số sổ vàng: {n}",
        "place_date": "Nguyên Bình, ngày 05 tháng 02 năm 2024",
        "signer_block": "CHỦ TỊCH",
        "signer_name": "Đào Nguyên Phong",
        "code_line": f"Mã xác thực: {code}",
        "qr_url": f"https://thidua.example.vn/xac-thuc/{code}",
    }
