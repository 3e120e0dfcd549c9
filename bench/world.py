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
