"""The one chart helper: SVG with its numbers also in a table screen readers read."""

from decimal import Decimal

from thidua.core import charts


def test_ranked_bars_carry_a_table_of_their_numbers():
    html = charts.ranked_bars(
        [
            ("Xã Yên Lạc", Decimal("85.25"), Decimal("80"), True),
            ("Xã <Ca> Thành", None, None, False),
        ],
        maximum=Decimal(100),
        suffix="%",
        reference_label="Trung bình",
        title="Chỉ số CCHC",
    )
    assert html.startswith('<svg class="chart"')
    assert '<table class="sr-only"><caption>Chỉ số CCHC</caption>' in html
    assert "<td>Xã Yên Lạc</td><td>85,25%</td><td>80%</td>" in html
    assert "<td>Xã &lt;Ca&gt; Thành</td><td>chưa có</td>" in html


def test_paired_bars_table_has_both_years():
    html = charts.paired_bars(
        [("Chỉ số thành phần 1", Decimal("7.5"), Decimal("8"), "tăng 0,5")],
        maximum=Decimal(10),
        title="So với năm trước",
    )
    assert "<td>Chỉ số thành phần 1</td><td>7,5</td><td>8</td><td>tăng 0,5</td>" in html


def test_hbars_scale_and_escape():
    svg = charts.hbars([("A & B", 10, "ok"), ("C", 5, "warn")], title="T")
    assert "A &amp; B" in svg and 'width="360"' in svg and 'width="180"' in svg
