"""A framework's structure from Excel (issue 15: "indicator frameworks imported from Excel …
any tree with maximum scores"): rows in order, parents from the codes, survey leaves marked,
every error named by row and column with nothing stored; on the screen and through the API."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api.conftest import api_send, bearer, writer  # noqa: F401
from tests.indicators.conftest import build_framework
from thidua.core.excel import open_rows, write_workbook
from thidua.indicators import importers
from thidua.indicators.enums import FrameworkKind
from thidua.indicators.models import Framework, Node

pytestmark = pytest.mark.django_db

HEADER = ["Mã tiêu chí", "Nội dung", "Điểm tối đa", "Mã tiêu chí cấp trên", "Điều tra xã hội học"]
SIPAS = [
    ["1", "Tiếp cận dịch vụ", 4, "", ""],
    ["1.1", "Thông tin về thủ tục được niêm yết đầy đủ", 2.5, "", ""],
    ["1.2", "Nơi tiếp nhận hồ sơ thuận tiện", 1.5, "", ""],
    ["2", "Mức độ hài lòng chung", 6, "", "x"],
    ["2.1", "Hài lòng về kết quả giải quyết", 6, "2", "x"],
]


def xlsx(rows) -> bytes:
    """A workbook whose first row is HEADER, as an office fills in the template."""
    columns = [importers.Column(f"c{i}", header) for i, header in enumerate(HEADER)]
    return write_workbook("Cấu trúc", columns, rows)


@pytest.fixture
def draft(world):
    return Framework.objects.create(
        issuer=world.district, kind=FrameworkKind.SIPAS, subject_kind="commune", year=2027,
        name="Chỉ số SIPAS cấp xã năm 2027",
    )  # fmt: skip


def test_a_sipas_tree_is_imported_with_parents_from_the_codes(draft, secretariat):
    result = importers.framework_tree_import(actor=secretariat, framework=draft, data=xlsx(SIPAS))
    assert (result.ok, result.created) == (True, 5)
    nodes = {n.code: n for n in Node.objects.filter(framework=draft).select_related("parent")}
    assert {c: (n.parent.code if n.parent else None) for c, n in nodes.items()} == {
        "1": None, "1.1": "1", "1.2": "1", "2": None, "2.1": "2",
    }  # fmt: skip
    assert [c for c, n in nodes.items() if n.is_leaf] == ["1.1", "1.2", "2.1"]
    assert str(nodes["1.1"].max_score) == "2.50" and nodes["2.1"].is_survey


@pytest.mark.parametrize(
    "rows, message",
    [
        ([["1", "A", 2, "", ""], ["1", "B", 2, "", ""]], "Dòng 3, cột «Mã tiêu chí»: mã «1» trùng"),
        ([["1.1", "A", 2, "9", ""]], "Dòng 2, cột «Mã tiêu chí cấp trên»: không có tiêu chí cấp"),
        ([["1", "A", "hai", "", ""]], "Dòng 2, cột «Điểm tối đa»: «hai» không phải là một số."),
        ([["1", "A", -1, "", ""]], "Dòng 2, cột «Điểm tối đa»: điểm tối đa phải lớn hơn 0."),
        ([["1", "", 2, "", ""]], "Dòng 2, cột «Nội dung»: chưa có giá trị"),
        (
            [["1", "A", 5, "", ""], ["1.1", "B", 2, "", ""], ["1.2", "C", 2, "", ""]],
            "Dòng 2, cột «Điểm tối đa»: điểm tối đa 5 của «1» khác tổng điểm tối đa các tiêu "
            "chí thành phần (4).",
        ),
    ],
)
def test_a_wrong_row_is_named_and_nothing_is_stored(draft, secretariat, rows, message):
    result = importers.framework_tree_import(actor=secretariat, framework=draft, data=xlsx(rows))
    assert not result.ok
    assert any(e.message.startswith(message) for e in result.errors), result.errors
    assert not Node.objects.filter(framework=draft).exists()


def test_an_open_framework_keeps_its_structure(world, secretariat):
    framework = build_framework(world, units=[world.commune_a])
    before = Node.objects.filter(framework=framework).count()
    result = importers.framework_tree_import(
        actor=secretariat, framework=framework, data=xlsx(SIPAS)
    )
    assert result.errors[0].message.startswith("Bộ chỉ số đã đưa vào chấm điểm")
    assert Node.objects.filter(framework=framework).count() == before


def test_the_screen_imports_and_refuses_a_focal_point(client, draft, secretariat, focal_a):
    client.force_login(focal_a)
    url = f"/chi-so/{draft.pk}/nhap-cau-truc/"
    refused = client.post(url, {"file": SimpleUploadedFile("cau-truc.xlsx", xlsx(SIPAS))})
    assert refused.status_code in (403, 404)
    assert not Node.objects.filter(framework=draft).exists()

    client.force_login(secretariat)
    bad = client.post(url, {"file": SimpleUploadedFile("x.xlsx", xlsx([["1", "A", 0, "", ""]]))})
    assert "Dòng 2, cột «Điểm tối đa»: điểm tối đa phải lớn hơn 0." in bad.content.decode()
    done = client.post(url, {"file": SimpleUploadedFile("cau-truc.xlsx", xlsx(SIPAS))})
    assert done.status_code == 302 and done["Location"].endswith(f"/chi-so/{draft.pk}/#tieu-chi")
    assert Node.objects.filter(framework=draft).count() == 5
    template = client.get("/chi-so/mau-cau-truc.xlsx")
    assert open_rows(template.content)[0] == HEADER


def test_the_api_imports_and_answers_row_errors(api_send, writer, draft, secretariat):
    headers = writer(secretariat)
    path = f"/frameworks/{draft.pk}/nodes/import"
    orphan = xlsx([["1.1", "A", 2, "9", ""]])
    bad = api_send("post", path, headers, {}, files={"file": SimpleUploadedFile("x.xlsx", orphan)})
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "file"]
    assert bad.json()["detail"][0]["msg"].startswith("Dòng 2, cột «Mã tiêu chí cấp trên»")
    done = api_send("post", path, headers, {},
                    files={"file": SimpleUploadedFile("cau-truc.xlsx", xlsx(SIPAS))})  # fmt: skip
    assert done.status_code == 201, done.content
    assert [n["code"] for n in done.json()["nodes"]] == ["1", "1.1", "1.2", "2", "2.1"]
