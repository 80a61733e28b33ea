"""Loads the ZoneOps zone's enterprises into django-crm-admin as Company rows, through its own
models (bulk_create), so both systems answer over the same companies.

Mapping (the peer has no parks or tiers): the park of the ZoneOps benchmark user becomes the
department ("Global sales") of the peer's department-scoped user IamGlobalSALES, every other
park the "Local sales" department; the tier filter (sales >= 1亿 in YEAR) becomes the company
type "亿元以上" (others "亿元以下"). So "company list of my department, type 亿元以上, page 2"
is the peer's equivalent of "enterprises of my park, tier=yi, page 2".

Usage (from the peer's directory, DJANGO_SETTINGS_MODULE set):
    python peer_load.py ZONEOPS_SQLITE_DB PARK_ID YEAR PASSWORD  -> JSON on stdout
"""

import json
import sqlite3
import sys
import time

import django

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402

from crm.models import ClientType, Company  # noqa: E402

YI_FEN = 100_000_000 * 100  # 1亿元 in 分


def main():
    db, park, year, password = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    t0 = time.monotonic()
    mine = Group.objects.get(name="Global sales")
    other = Group.objects.get(name="Local sales")
    yi, _ = ClientType.objects.get_or_create(name="亿元以上", defaults={"department": mine})
    below, _ = ClientType.objects.get_or_create(name="亿元以下", defaults={"department": mine})
    user = User.objects.get(username="IamGlobalSALES")
    user.set_password(password)
    user.save()

    src = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = src.execute(
        "SELECT e.name, e.credit_code, e.address, e.park_id, COALESCE(y.sales, 0) "
        "FROM enterprise e LEFT JOIN enterprise_year y ON y.enterprise_id = e.id AND y.year = ? "
        "ORDER BY e.id",
        (year,),
    )
    Company.objects.all().delete()
    batch, total = [], 0
    for name, code, address, park_id, sales in rows:
        batch.append(
            Company(
                full_name=name,
                registration_number=code,
                address=address,
                email="",
                type=yi if sales >= YI_FEN else below,
                department=mine if park_id == park else other,
                owner=user if park_id == park else None,
            )
        )
        if len(batch) == 5000:
            Company.objects.bulk_create(batch)
            total += len(batch)
            batch = []
    if batch:
        Company.objects.bulk_create(batch)
        total += len(batch)
    scoped = Company.objects.filter(department=mine)
    sample = scoped.filter(type=yi).order_by("id").values_list("id", flat=True)[:1]
    print(
        json.dumps(
            {
                "companies": total,
                "in_scope": scoped.count(),
                "in_scope_yi": scoped.filter(type=yi).count(),
                "type_yi": yi.id,
                "detail_id": sample[0] if sample else scoped.order_by("id").first().id,
                "load_secs": round(time.monotonic() - t0, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
