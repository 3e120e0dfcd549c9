"""The synthetic world the benchmarks share: a province and n commune-level units under it,
made in bulk (the services compute paths one unit at a time, too slow for 3,321 units)."""


def province_with_communes(n: int):
    """(province, [units]) with their materialised paths set."""
    from thidua.org.models import Unit

    province = Unit.objects.create(code="P", name="Tỉnh Thử", kind="province", path="")
    province.path = f"/{province.pk}/"
    province.save(update_fields=["path"])
    units = Unit.objects.bulk_create(
        [
            Unit(code=f"X{i:05d}", name=f"Xã Thử {i}", kind="commune", parent=province,
                 depth=1, search_key=f"xa thu {i}")
            for i in range(n)
        ],
        batch_size=5000,
    )  # fmt: skip
    for u in units:
        u.path = f"{province.path}{u.pk}/"
    Unit.objects.bulk_update(units, ["path"], batch_size=5000)
    return province, units


# The nation's size --------------------------------------------------------------------------


def copy_rows(model, rows, **constant) -> int:
    """Plain dicts into `model`'s table without a model instance each: COPY on PostgreSQL
    (core.bulk). Fields a row leaves out take their defaults (auto_now_add: now)."""
    import json

    from django.utils import timezone

    from thidua.core.bulk import insert_rows

    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]

    def default(f):
        if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
            return now
        return f.get_default()

    defaults = {f.attname: default(f) for f in fields}
    defaults.update(constant)
    names = [f.attname for f in fields]
    as_json = {f.attname for f in fields if f.get_internal_type() == "JSONField"}

    def values(r):
        return tuple(
            json.dumps(r.get(n, defaults[n])) if n in as_json else r.get(n, defaults[n])
            for n in names
        )

    return insert_rows(model, names, (values(r) for r in rows))


def national_world(*, people: int = 200_000, years: int = 10, provinces: int = 34,
                   communes: int = 3321, last_year: int = 2025, seed: int = 21):  # fmt: skip
    """The nation after 2025: `provinces` provinces, `communes` communes under them, `people`
    people spread over the communes, and `years` years of award history: each year most people
    «Lao động tiên tiến», some «Chiến sĩ thi đua cơ sở», a few a Giấy khen; each commune a
    collective title. About 1.5 million history rows at the default size. Returns a summary."""
    import datetime as dt
    import random
    import time

    from django.db import connection

    from thidua.org.models import Person, Unit
    from thidua.records.models import AwardRecord, Title

    rng = random.Random(seed)
    started = time.perf_counter()
    nation = Unit.objects.create(code="VN", name="Toàn quốc (thử)", kind="province", path="")
    nation.path = f"/{nation.pk}/"
    nation.save(update_fields=["path"])
    tops = Unit.objects.bulk_create(
        [
            Unit(
                code=f"T{p:02d}",
                name=f"Tỉnh Thử {p}",
                kind="province",
                parent=nation,
                depth=1,
                search_key=f"tinh thu {p}",
            )
            for p in range(provinces)
        ]  # fmt: skip
    )
    for t in tops:
        t.path = f"{nation.path}{t.pk}/"
    Unit.objects.bulk_update(tops, ["path"])
    units = Unit.objects.bulk_create(
        [
            Unit(
                code=f"X{i:05d}",
                name=f"Xã Thử {i}",
                kind="commune",
                parent=tops[i % provinces],
                depth=2,
                search_key=f"xa thu {i}",
            )
            for i in range(communes)
        ],  # fmt: skip
        batch_size=5000,
    )
    paths = {t.pk: t.path for t in tops}
    for u in units:
        u.path = f"{paths[u.parent_id]}{u.pk}/"
    Unit.objects.bulk_update(units, ["path"], batch_size=5000)
    surnames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
    copy_rows(
        Person,
        (
            {
                "code": f"N{i:07d}",
                "full_name": f"{rng.choice(surnames)} Văn Thử {i}",
                "gender": "male",
                "unit_id": units[i % communes].pk,
                "category": "cong_chuc",
                "sort_key": f"thu {i:07d}",
                "search_key": f"nguyen van thu {i}",
            }  # fmt: skip
            for i in range(people)
        ),
    )
    person_units = list(Person.objects.filter(code__startswith="N").values_list("pk", "unit_id"))
    titles = {t.code: t for t in Title.objects.all()}
    history = 0
    for year in range(last_year - years + 1, last_year + 1):
        decided = dt.date(year + 1, 1, 15)

        def record(subject, person_id, unit_id, code, level, decided=decided, year=year):
            title = titles.get(code)
            return {"subject_type": subject, "person_id": person_id, "unit_id": unit_id,
                    "year": year, "title_id": title.pk if title else None, "title_code": code,
                    "form_name": title.name if title else code, "level": level,
                    "issuer": "Chủ tịch UBND xã (thử)", "decision_number": f"{year}/QĐ-UBND",
                    "decision_date": decided, "source": "import"}  # fmt: skip

        def rows(record=record):
            for person_id, unit_id in person_units:
                draw = rng.random()
                if draw < 0.62:
                    yield record("individual", person_id, unit_id, "LAO_DONG_TIEN_TIEN", "co_so")
                if draw < 0.08:
                    yield record("individual", person_id, unit_id, "CSTD_CO_SO", "co_so")
            for u in units:
                yield record("collective", None, u.pk, "TAP_THE_LDTT", "co_so")

        history += copy_rows(AwardRecord, rows())
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("ANALYZE")
    return {
        "provinces": provinces,
        "communes": communes,
        "people": people,
        "years": years,
        "history_rows": history,
        "load_s": round(time.perf_counter() - started, 1),
        "nation": nation,
        "units": units,
    }
