"""The year's results (monitoring.results) as charts from core.charts, each beside a table of
its numbers for screen readers; shared by the leader's home and the monitoring index."""

from thidua.core import charts
from thidua.core.formatting import number
from thidua.monitoring.results import YearResults

LEVEL_COLORS = ["info", "ok", "alt", "muted"]


def _pct(n: int, whole: int) -> str:
    return f"{number(100 * n / whole, 0)}%" if whole else "–"


def year_charts(results: YearResults) -> list[dict]:
    """One dict per chart: id, caption, the SVG and its numbers table."""
    if not results.total:
        return []
    year = results.year
    out = []
    title = f"Khen thưởng năm {year} theo cấp khen thưởng"
    out.append({
        "id": "ket-qua-cap",
        "caption": "Theo cấp khen thưởng",
        "chart": charts.hbars(
            [(label, n, LEVEL_COLORS[i % len(LEVEL_COLORS)])
             for i, (label, n) in enumerate(results.by_level)], title=title),
        "table": charts.numbers_table(
            title, ["Cấp khen thưởng", "Số lượng", "Tỷ lệ"],
            [[label, n, _pct(n, results.total)] for label, n in results.by_level]),
    })  # fmt: skip
    title = f"Khen thưởng năm {year} theo hình thức"
    out.append({
        "id": "ket-qua-hinh-thuc",
        "caption": "Theo hình thức khen thưởng",
        "chart": charts.hbars([(label, n, "info") for label, n in results.by_form], title=title,
                              label_chars=min(60, max(len(label) for label, _ in results.by_form))),
        "table": charts.numbers_table(
            title, ["Hình thức", "Số lượng", "Tỷ lệ"],
            [[label, n, _pct(n, results.total)] for label, n in results.by_form]),
    })  # fmt: skip
    if results.by_group:
        title = f"Cá nhân được khen thưởng năm {year} thuộc nhóm ưu tiên"
        rows = [("Tất cả cá nhân", results.individuals), *results.by_group]
        out.append({
            "id": "ket-qua-nhom-uu-tien",
            "caption": "Cá nhân thuộc nhóm ưu tiên",
            "chart": charts.hbars(
                [(label, n, "muted" if i == 0 else "alt") for i, (label, n) in enumerate(rows)],
                title=title, max_value=results.individuals),
            "table": charts.numbers_table(
                title, ["Nhóm", "Số cá nhân", "Tỷ lệ trong số cá nhân"],
                [[label, n, _pct(n, results.individuals)] for label, n in rows]),
        })  # fmt: skip
    return out
