"""The seed plan, word for word: Kế hoạch phát động phong trào thi đua cải cách hành chính
nhà nước huyện Nguyên Bình năm 2023 (shared/seeds/000_611baed52099714c.txt).

The source spells the district "Nguyễn Bình" in places; the district is Nguyên Bình, and the
plan's own last paragraph says so. The spelling is corrected here, nothing else."""

import datetime as dt

from thidua.campaigns.enums import CriterionKind, DossierScope, SubjectType

CAMPAIGN = {
    "year": 2023,
    "title": "Phát động phong trào thi đua cải cách hành chính nhà nước huyện Nguyên Bình năm 2023",
    "issuer_display": "ỦY BAN NHÂN DÂN\nHUYỆN NGUYÊN BÌNH",
    "doc_symbol": "KH-UBND",
    "place": "Nguyên Bình",
    "parent_plan_ref": "Thực hiện Kế hoạch số 267/KH-UBND ngày 27/12/2022 của UBND huyện về Cải cách hành chính Nhà nước huyện Nguyên Bình năm 2023.",
    "preamble": "Nhằm đẩy mạnh cải cách hành chính để nâng cao hiệu lực, hiệu quả quản lý, điều hành của cơ quan hành chính các cấp, góp phần thực hiện thành công các nhiệm vụ phát triển kinh tế - xã hội của huyện. Ủy ban nhân dân huyện phát động phong trào thi đua cải cách hành chính nhà nước huyện Nguyên Bình năm 2023 như sau:",
    "purpose": "\n".join(
        [
            "Phát huy truyền thống yêu nước, động viên tinh thần của đội ngũ cán bộ, công chức, viên chức, người lao động có những hoạt động cụ thể, thiết thực vào phong trào thi đua đẩy mạnh cải cách hành chính năm 2023, nhằm xây dựng nền hành chính trong sạch, vững mạnh, hiện đại, hiệu lực, hiệu quả.",
            "Nâng cao ý thức trách nhiệm của các tập thể, các nhân trong thực hiện nhiệm vụ cải cách hành chính của huyện nói chung và công tác cải cách hành chính từng cơ quan, đơn vị.",
            "Biểu dương, khen thưởng những tập thể, cá nhân có thành tích xuất sắc trong thực hiện nhiệm vụ cải cách hành chính.",
        ]
    ),
    "requirements": "\n".join(
        [
            "Tăng cường sự lãnh đạo của Đảng, điều hành của chính quyền các cấp trong phong trào thi đua đẩy mạnh cải cách hành chính, thể hiện ý thức tự giác, trách nhiệm và thường xuyên của mỗi cơ quan, đơn vị, cá nhân; tạo thành phong trào hành động cách mạng, góp phần thực hiện thắng lợi Nghị quyết Đại hội Đảng bộ huyện nhiệm kỳ 2020 – 2025, Kế hoạch cải cách hành chính Nhà nước huyện Nguyên Bình, giai đoạn 2021-2025.",
            "Phong trào thi đua phải được triển khai rộng khắp, thường xuyên, phát huy sự sáng tạo trong công tác cải cách hành chính, sát thực với các tiêu chí, nội dung, biện pháp, tạo sự đột phá, thực hiện có hiệu quả nhiệm vụ chính trị với từng cơ quan, đơn vị, địa phương.",
        ]
    ),
    "participants_text": "\n".join(
        [
            "Tập thể các cơ quan chuyên môn, đơn vị sự nghiệp thuộc Ủy ban nhân dân huyện trực tiếp tham mưu triển khai thực hiện nhiệm vụ cải cách hành chính và cán bộ, công chức, viên chức thuộc đơn vị mình, phát động tổ chức tốt các phong trào thi đua, tập thể xuất sắc, gương người tốt, việc tốt trong thực thi hành nhiệm vụ, công vụ.",
            "Ủy ban nhân dân các xã, thị trấn, cán bộ, công chức và những người hoạt động không chuyên trách cấp xã trực tiếp tham mưu triển khai thực hiện nhiệm vụ cải cách hành chính trên địa bàn huyện, quyết tâm phấn đấu thực hiện thắng lợi Nghị quyết Đại hội Đảng bộ huyện, nhiệm kỳ 2020-2025, Kế hoạch cải cách hành chính Nhà nước huyện Nguyên Bình, năm 2023 và giai đoạn 2021-2025.",
        ]
    ),
    "participant_categories": [
        "can_bo",
        "cong_chuc",
        "vien_chuc",
        "nguoi_lao_dong",
        "khong_chuyen_trach",
    ],
    "period_start": dt.date(2023, 1, 5),
    "period_end": dt.date(2023, 12, 30),
    "period_text": "Kể từ ngày ban hành Kế hoạch phát động phong trào thi đua này đến trước ngày 31 tháng 12 năm 2023.",
    "awards_text": "Ủy ban nhân dân huyện tặng Giấy khen tối đa cho 05 tập thể và 10 cá nhân.",
    "awards_note": "Đối với khen thưởng tại các cơ quan, đơn vị xã, thị trấn do các đơn vị xây dựng tiêu chí và số lượng khen thưởng trên cơ sở kinh phí và chức năng, nhiệm vụ được giao.",
    "nomination_note": "Sẽ có thông báo sau khi có kết quả đánh giá, chấm điểm chỉ số cải cách hành chính năm 2023 của cấp huyện và cấp xã, thị trấn.",
    "reward_basis": "Theo Nghị định số 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng.",
    "funding_source": "Chi từ nguồn kinh phí khen thưởng hàng năm của huyện.",
    "closing_text": "Đẩy mạnh cải cách hành chính được xác định là một trong những khâu đột phá để thực hiện thắng lợi Nghị quyết Đại hội Đảng bộ huyện Nguyên Bình lần thứ XIX, là giải pháp nâng cao hiệu lực, hiệu quả quản lý, điều hành của cơ quan hành chính huyện. Ủy ban nhân dân huyện yêu cầu Thủ trưởng các cơ quan, đơn vị, các tổ chức cá nhân liên quan nghiêm túc tổ chức triển khai Kế hoạch này./.",
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
    "signing_authority": "TM. ỦY BAN NHÂN DÂN",
    "signer_title": "CHỦ TỊCH",
    "signer_name": "Đào Nguyên Phong",
}

COLLECTIVE_CRITERIA = [
    (
        "Hoàn thành tốt các nhiệm vụ được giao trong Kế hoạch cải cách hành chính năm 2023 đề ra theo Kế hoạch của huyện.",
        CriterionKind.ATTESTED,
        {},
    ),
    (
        "Kết quả thực hiện nhiệm vụ cải cách hành chính năm 2023 của cơ quan, đơn vị hoàn thành 100%.",
        CriterionKind.TASKS_COMPLETED,
        {"min_percent": 100},
    ),
    (
        "Kết quả xếp hạng các chỉ số thành phần trong các Bộ Chỉ số: Chỉ số cải cách hành chính (PAR INDEX), Chỉ số năng lực cạnh tranh (DDCI) trên địa bàn huyện đã được giao cho các cơ quan, đơn vị phụ trách tăng điểm so với kết quả của năm trước liền kề.",
        CriterionKind.COMPONENTS_IMPROVED,
        {"frameworks": ["PAR_INDEX", "DDCI"]},
    ),
]
INDIVIDUAL_CRITERIA = [
    (
        "Hoàn thành tốt, thắng lợi các nhiệm vụ được giao trong năm 2023.",
        CriterionKind.RATING_AT_LEAST,
        {"rating": "good"},
    ),
    (
        "Chỉ đạo, tham mưu, triển khai thực hiện tốt các nhiệm vụ được giao trong Kế hoạch cải cách hành chính năm 2023 của cơ quan, đơn vị.",
        CriterionKind.ATTESTED,
        {},
    ),
    (
        "Chỉ đạo, tham mưu, triển khai thực hiện đảm bảo chất lượng và đúng thời gian quy định các văn bản chỉ đạo của Ủy ban nhân dân tỉnh và Ủy ban nhân dân huyện văn bản tham mưu chất lượng, hiệu lực, hiệu quả.",
        CriterionKind.ATTESTED,
        {},
    ),
    (
        "Thực hiện nghiêm kỷ luật, kỷ cương hành chính (không vi phạm kỷ luật, kỷ cương hành chính).",
        CriterionKind.NO_DISCIPLINE,
        {},
    ),
]

CHECKLIST = [
    ("Tờ trình đề nghị khen thưởng của cơ quan đơn vị.", DossierScope.PER_PROPOSAL),
    ("Biên bản họp Hội đồng Thi đua – Khen thưởng của cơ quan, đơn vị.", DossierScope.PER_PROPOSAL),
    (
        "Báo cáo thành tích của tập thể, cá nhân đề nghị khen thưởng (Nêu rõ kết quả đạt được trên từng tiêu chí).",
        DossierScope.PER_NOMINEE,
    ),
    ("Bản tóm tắt thành tích của tập thể, cá nhân.", DossierScope.PER_NOMINEE),
]
AWARD_FORMS = [
    ("Giấy khen của Chủ tịch UBND huyện", SubjectType.COLLECTIVE, 5),
    ("Giấy khen của Chủ tịch UBND huyện", SubjectType.INDIVIDUAL, 10),
]
AWARD_FORM_KIND = "GIAY_KHEN_CHU_TICH_HUYEN"
RULE_SET = "Nghị định 91/2017/NĐ-CP"

# (unit code or None, text)
ASSIGNMENTS = [
    (
        None,
        "Các cơ quan, đơn vị, Ủy ban nhân dân các xã, thị trấn xây dựng kế hoạch phát động phong trào thi đua cải cách hành chính của cơ quan, đơn vị mình gửi về Ủy ban nhân dân huyện (qua Phòng Nội vụ) trước ngày 10 tháng 01 năm 2023.",
    ),
    (
        "NB-MTTQ",
        "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam huyện, các đoàn thể và các tổ chức xã hội căn cứ chức năng, nhiệm vụ, nội dung của phong trào thi đua, tổ chức phối hợp với chính quyền các cấp, phát huy sức mạnh khối đại đoàn kết toàn dân trong việc vận động cán bộ, công chức, viên chức, người lao động và các tầng lớp nhân dân trong huyện tích cực trong việc thực hiện thắng lợi các nhiệm vụ, chỉ tiêu kinh tế - xã hội, an ninh quốc phòng năm 2023, phấn đấu thực hiện thành công nhiệm vụ Nghị quyết Đại hội Đảng bộ nhiệm kỳ 2020 – 2025.",
    ),
    (
        "NB-VHTT",
        "Giao Phòng Văn hóa – Thông tin chủ trì phối hợp với Trung tâm Văn hóa và Truyền thông huyện đưa tin bài về công tác cải cách hành chính của huyện tăng cường, đẩy mạnh công tác tuyên truyền gương điển hình tiên tiến, người tốt việc tốt trong phong trào thi đua đẩy mạnh cải cách hành chính năm 2023.",
    ),
    (
        "NB-NV",
        "Giao Phòng Nội vụ có trách nhiệm theo dõi, hướng dẫn, kiểm tra, đôn đốc các cơ quan, đơn vị tổ chức thực hiện Kế hoạch.",
    ),
]

ISSUED_ON = dt.date(2023, 1, 5)
DOC_NUMBER = "05"
# "trước ngày 10 tháng 01 năm 2023": the deadline is 00:00 on 10/01/2023, Vietnam time.
REGISTRATION = (dt.datetime(2023, 1, 5, 0, 0), dt.datetime(2023, 1, 10, 0, 0))
EMULATION = (dt.datetime(2023, 1, 5, 0, 0), dt.datetime(2023, 12, 31, 0, 0))
