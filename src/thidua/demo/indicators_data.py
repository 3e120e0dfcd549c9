"""Demo frameworks: PAR INDEX of agencies and communes (the 7 fields of domain.md §4 plus the
survey part, 100 points, 32 leaves), the district's PAR INDEX and DDCI (components assigned to
agencies), and the 2023 CCHC tasks. The structure follows the usual provincial sets; the
scores the demo fills in are synthetic."""

from decimal import Decimal

SYNTHETIC = "Số liệu mẫu (giả lập) để minh họa; không phải kết quả chính thức."

# (code, name, max) for leaves; (code, name, children) for inner nodes. "{u}" is the subject.
PAR_FIELDS = [
    ("1", "Công tác chỉ đạo, điều hành cải cách hành chính", [
        ("1.1", "Kế hoạch cải cách hành chính", [
            ("1.1.1", "Ban hành kế hoạch CCHC năm của {u} kịp thời", "1"),
            ("1.1.2", "Mức độ hoàn thành kế hoạch CCHC", "2"),
        ]),
        ("1.2", "Báo cáo cải cách hành chính", [
            ("1.2.1", "Thực hiện đầy đủ, đúng hạn báo cáo CCHC định kỳ", "1.5"),
        ]),
        ("1.3", "Tuyên truyền, kiểm tra cải cách hành chính", [
            ("1.3.1", "Thực hiện kế hoạch tuyên truyền CCHC", "1.5"),
            ("1.3.2", "Sáng kiến, giải pháp mới trong CCHC", "2"),
        ]),
    ]),
    ("2", "Cải cách thể chế", [
        ("2.1", "Xây dựng, ban hành văn bản quy phạm pháp luật", [
            ("2.1.1", "Tham mưu ban hành văn bản đúng thẩm quyền, trình tự", "3"),
        ]),
        ("2.2", "Rà soát, kiểm tra văn bản", [
            ("2.2.1", "Rà soát, hệ thống hóa văn bản theo quy định", "2"),
            ("2.2.2", "Xử lý văn bản sau rà soát, kiểm tra", "1.5"),
        ]),
        ("2.3", "Theo dõi thi hành pháp luật", [
            ("2.3.1", "Thực hiện kế hoạch theo dõi thi hành pháp luật", "1.5"),
        ]),
    ]),
    ("3", "Cải cách thủ tục hành chính", [
        ("3.1", "Công khai thủ tục hành chính", [
            ("3.1.1", "Niêm yết, công khai đầy đủ thủ tục hành chính", "3"),
            ("3.1.2", "Công khai trên Cổng Dịch vụ công", "2"),
        ]),
        ("3.2", "Kết quả giải quyết thủ tục hành chính", [
            ("3.2.1", "Tỷ lệ hồ sơ giải quyết đúng hạn", "4"),
            ("3.2.2", "Xin lỗi người dân khi trễ hạn", "1"),
        ]),
        ("3.3", "Tiếp nhận, xử lý phản ánh, kiến nghị", [
            ("3.3.1", "Xử lý phản ánh, kiến nghị đúng thời hạn", "4"),
        ]),
    ]),
    ("4", "Cải cách tổ chức bộ máy", [
        ("4.1", "Tổ chức bộ máy", [
            ("4.1.1", "Thực hiện quy định về tổ chức bộ máy, chức năng nhiệm vụ", "3"),
        ]),
        ("4.2", "Biên chế, vị trí việc làm", [
            ("4.2.1", "Sử dụng biên chế đúng số được giao", "3"),
            ("4.2.2", "Thực hiện đề án vị trí việc làm", "2"),
        ]),
    ]),
    ("5", "Cải cách chế độ công vụ", [
        ("5.1", "Tuyển dụng, bố trí, sử dụng công chức", [
            ("5.1.1", "Bố trí công chức đúng vị trí việc làm", "3"),
        ]),
        ("5.2", "Đánh giá, xếp loại, đào tạo", [
            ("5.2.1", "Đánh giá, xếp loại chất lượng đúng quy định", "2"),
            ("5.2.2", "Đào tạo, bồi dưỡng theo kế hoạch", "2"),
        ]),
        ("5.3", "Kỷ luật, kỷ cương hành chính", [
            ("5.3.1", "Chấp hành kỷ luật, kỷ cương hành chính", "3"),
        ]),
    ]),
    ("6", "Cải cách tài chính công", [
        ("6.1", "Quản lý, sử dụng ngân sách", [
            ("6.1.1", "Thực hiện quy định về quản lý ngân sách", "3"),
            ("6.1.2", "Công khai ngân sách, tài chính", "2"),
        ]),
        ("6.2", "Quy chế chi tiêu nội bộ", [
            ("6.2.1", "Ban hành và thực hiện quy chế chi tiêu nội bộ", "3"),
        ]),
    ]),
    ("7", "Xây dựng và phát triển chính quyền điện tử, chính quyền số", [
        ("7.1", "Ứng dụng công nghệ thông tin", [
            ("7.1.1", "Xử lý văn bản, hồ sơ công việc trên môi trường mạng", "3"),
            ("7.1.2", "Sử dụng chữ ký số", "2"),
        ]),
        ("7.2", "Dịch vụ công trực tuyến", [
            ("7.2.1", "Tỷ lệ hồ sơ trực tuyến toàn trình", "4"),
            ("7.2.2", "Thanh toán trực tuyến", "2"),
        ]),
        ("7.3", "Số hóa hồ sơ, kết quả giải quyết TTHC", [
            ("7.3.1", "Tỷ lệ số hóa hồ sơ, kết quả", "3"),
        ]),
    ]),
    ("8", "Mức độ hài lòng của người dân, tổ chức (điều tra xã hội học)", [
        ("8.1", "Sự hài lòng về tiếp cận dịch vụ, thủ tục hành chính", [
            ("8.1.1", "Tiếp cận dịch vụ", "7.5"),
            ("8.1.2", "Thủ tục hành chính", "7.5"),
        ]),
        ("8.2", "Sự hài lòng về công chức, kết quả giải quyết", [
            ("8.2.1", "Công chức trực tiếp giải quyết", "7.5"),
            ("8.2.2", "Kết quả giải quyết công việc", "7.5"),
        ]),
    ]),
]  # fmt: skip
SURVEY_FIELD = "8"
SUBJECT = {"agency": "cơ quan", "commune": "UBND cấp xã", "district": "UBND huyện"}

# Which agency answers for which field of the district's own PAR INDEX.
PAR_DISTRICT_ASSIGNMENTS = {
    "1": "NB-VP", "2": "NB-TP", "3": "NB-VP", "4": "NB-NV", "5": "NB-NV", "6": "NB-TCKH",
    "7": "NB-VHTT",
}  # fmt: skip

# The district's DDCI: 10 core components on a 10-point scale; D9 was added in 2023.
DDCI_COMPONENTS = [
    ("D1", "Chi phí gia nhập thị trường", "NB-TCKH"),
    ("D2", "Tiếp cận đất đai và sự ổn định trong sử dụng đất", "NB-TNMT"),
    ("D3", "Chất lượng thanh tra, kiểm tra và cấp phép", "NB-TTR"),
    ("D4", "Tính năng động và tiên phong của lãnh đạo", "NB-VP"),
    ("D5", "Đối thoại và trách nhiệm giải trình", "NB-VP"),
    ("D6", "Tính minh bạch và công bằng", "NB-TP"),
    ("D7", "Hiệu quả thủ tục hành chính, cơ chế một cửa", "NB-VP"),
    ("D8", "Hỗ trợ doanh nghiệp", "NB-KTHT"),
    ("D9", "Chi phí không chính thức", "NB-TTR"),
    ("D10", "An ninh và trật tự", "NB-NV"),
]
DDCI_NEW_IN_2023 = {"D9"}
# A visible decline for the criteria engine: this component falls in 2023.
DDCI_DECLINES = {"D2"}

BANDS = [(Decimal("90"), "Xuất sắc"), (Decimal("80"), "Tốt"), (Decimal("70"), "Khá"),
         (Decimal("0"), "Trung bình")]  # fmt: skip
DDCI_BANDS = [(Decimal("70"), "Rất tốt"), (Decimal("60"), "Tốt"), (Decimal("50"), "Khá"),
              (Decimal("0"), "Trung bình")]  # fmt: skip

TASKS_2023 = [
    ("CCHC-01", "Ban hành kế hoạch cải cách hành chính năm 2023 của đơn vị", (1, 31)),
    ("CCHC-02", "Rà soát, công khai đầy đủ thủ tục hành chính thuộc thẩm quyền", (3, 31)),
    ("CCHC-03", "Báo cáo công tác cải cách hành chính quý I", (3, 25)),
    ("CCHC-04", "Tuyên truyền cải cách hành chính trên trang thông tin điện tử", (6, 30)),
    ("CCHC-05", "Báo cáo công tác cải cách hành chính 6 tháng đầu năm", (6, 20)),
    ("CCHC-06", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", (9, 30)),
    ("CCHC-07", "Tự kiểm tra công tác cải cách hành chính tại đơn vị", (9, 30)),
    ("CCHC-08", "Báo cáo công tác cải cách hành chính quý III", (9, 25)),
    ("CCHC-09", "Tự chấm điểm chỉ số cải cách hành chính năm 2023", (12, 15)),
    ("CCHC-10", "Báo cáo công tác cải cách hành chính năm 2023", (12, 15)),
]
