#!/usr/bin/env python3
"""bench/search_gen.py — a state 211's directory for the search bench.

Writes a fictional directory the size of a state 211 straight into the
hsds_* tables of an initialised Waypoint SQLite database (or, with --csv DIR,
as CSV files named after the tables for PostgreSQL's COPY): 5,000
organizations, 50,000 services at 80,000 locations (30,000 services at two),
each location with an address, half with accessibility; phones, weekly
schedules, languages, cost options and taxonomy terms (10 categories of 5
terms).  Coordinates cluster around the cities of Illinois.  Deterministic
(seeded).  Then `waypoint resources reindex --db URL` builds the index.

    bench/search_gen.py DB.sqlite [--services 50000 --locations 80000]
"""
import argparse
import csv
import os
import random
import sqlite3
import uuid

WORDS = ("food pantry meals groceries housing shelter rent utility employment job training benefits "
         "snap medicaid crisis counseling recovery meeting support peer clinic dental legal aid "
         "transportation childcare youth seniors veterans clothing laundry showers mail phone "
         "internet library tutoring literacy english citizenship immigration tax family").split()
# the rest of a description: 2,000 rarer words, so that a common word
# matches about a tenth of the directory, as "food" does in a 211
FILLER = [f"{a}{b}" for a in ("mor", "tal", "ven", "sil", "dar", "pel", "rin", "cos", "bel", "tam")
          for b in range(200)]
CATEGORIES = ("Food", "Housing", "Employment", "Benefits", "Crisis", "Recovery community centre",
              "Mutual-help meetings", "Health", "Legal", "Transportation")
CITIES = ((41.88, -87.63, 40), (41.52, -88.08, 6), (42.27, -89.09, 6), (40.69, -89.59, 5),
          (39.80, -89.64, 5), (40.12, -88.24, 4), (38.63, -90.20, 4), (41.76, -88.32, 5),
          (40.48, -88.99, 3), (37.73, -89.22, 2))
LANGS = (("English", "en"), ("Spanish", "es"), ("Polish", "pl"), ("Chinese", "zh"), ("Arabic", "ar"))
DAYS = ("MO,TU,WE,TH,FR", "MO,WE,FR", "TU,TH", "SA,SU", "MO,TU,WE,TH,FR,SA,SU")
ACCENTED = ("Café", "Niños", "Fundación", "José", "Señora", "Crème", "Zoë")


def uid(rng):
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def point(rng):
    weights = [c[2] for c in CITIES]
    lat, lon, _ = rng.choices(CITIES, weights)[0]
    return round(lat + rng.gauss(0, 0.12), 6), round(lon + rng.gauss(0, 0.15), 6)


def generate(services, locations, seed=23):
    rng = random.Random(seed)
    t = {k: [] for k in ("taxonomies", "taxonomy_terms", "organizations", "services", "locations",
                         "service_at_location", "addresses", "phones", "schedules", "languages",
                         "accessibility", "cost_options", "attributes")}
    tax = uid(rng)
    t["taxonomies"].append(dict(id=tax, name="Bench taxonomy"))
    terms = []
    for i, cat in enumerate(CATEGORIES):
        top = uid(rng)
        t["taxonomy_terms"].append(dict(id=top, code=f"c{i}", name=cat, taxonomy_id=tax))
        for j in range(5):
            child = uid(rng)
            t["taxonomy_terms"].append(dict(id=child, code=f"c{i}.{j}", name=f"{cat} {rng.choice(WORDS)} {j}",
                                            parent_id=top, taxonomy_id=tax))
            terms.append(child)
    orgs = []
    for i in range(services // 10):
        oid = uid(rng)
        orgs.append(oid)
        t["organizations"].append(dict(id=oid, name=f"{rng.choice(ACCENTED)} {rng.choice(WORDS).title()} Association {i}",
                                       description=" ".join(rng.choices(FILLER, k=12)),
                                       recovery_friendly=int(rng.random() < 0.2), peer_run=int(rng.random() < 0.1)))
    second = locations - services  # services offered at two locations
    for i in range(services):
        sid = uid(rng)
        org = orgs[i % len(orgs)]
        t["services"].append(dict(id=sid, organization_id=org, status="active",
                                  name=f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {rng.choice(('Program', 'Centre', 'Service', 'Hub'))} {i}",
                                  description=" ".join(rng.choices(WORDS, k=2) +
                                                       rng.choices(FILLER, k=20)),
                                  recovery_friendly=int(rng.random() < 0.1), peer_run=0))
        for _ in range(1 if i >= second else 2):
            lid = uid(rng)
            lat, lon = point(rng)
            t["locations"].append(dict(id=lid, organization_id=org, name=f"Site {len(t['locations'])}",
                                       latitude=lat, longitude=lon, location_type="physical"))
            sal = uid(rng)
            t["service_at_location"].append(dict(id=sal, service_id=sid, location_id=lid))
            t["addresses"].append(dict(id=uid(rng), location_id=lid, address_1=f"{rng.randint(1, 9999)} Main St",
                                       city="Springfield", state_province="IL", postal_code="62701",
                                       country="US", address_type="physical"))
            if rng.random() < 0.5:
                t["accessibility"].append(dict(id=uid(rng), location_id=lid, description="Step-free entrance"))
        t["phones"].append(dict(id=uid(rng), service_id=sid, number=f"(217) 555-{rng.randint(0, 9999):04d}"))
        opens = rng.choice(("08:00", "09:00", "10:00", "12:00", "17:00"))
        closes = rng.choice(("12:00", "16:00", "17:00", "20:00", "02:00"))
        t["schedules"].append(dict(id=uid(rng), service_id=sid, freq="WEEKLY", byday=rng.choice(DAYS),
                                   opens_at=opens, closes_at=closes))
        t["languages"].append(dict(id=uid(rng), service_id=sid, name="English", code="en"))
        for name, code in LANGS[1:]:
            if rng.random() < (0.3 if code == "es" else 0.04):
                t["languages"].append(dict(id=uid(rng), service_id=sid, name=name, code=code))
        if rng.random() < 0.6:
            t["cost_options"].append(dict(id=uid(rng), service_id=sid, option="Free", amount=0, currency="USD"))
        else:
            t["cost_options"].append(dict(id=uid(rng), service_id=sid, option="Fee", amount=rng.randint(5, 50),
                                          currency="USD"))
        for term in rng.sample(terms, rng.randint(1, 3)):
            t["attributes"].append(dict(id=uid(rng), link_id=sid, link_type="service", taxonomy_term_id=term))
    return t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("db", nargs="?")
    ap.add_argument("--services", type=int, default=50000)
    ap.add_argument("--locations", type=int, default=80000)
    ap.add_argument("--csv", help="write CSV files to this folder instead")
    a = ap.parse_args()
    t = generate(a.services, a.locations)
    if a.csv:
        os.makedirs(a.csv, exist_ok=True)
        for name, rows in t.items():
            cols = sorted({k for r in rows for k in r})
            with open(os.path.join(a.csv, f"{name}.csv"), "w", newline="") as f:
                w = csv.DictWriter(f, cols)
                w.writeheader()
                w.writerows(rows)
        return
    db = sqlite3.connect(a.db)
    with db:
        for name, rows in t.items():
            cols = sorted({k for r in rows for k in r})
            db.executemany(f"INSERT INTO hsds_{name} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                           [tuple(r.get(c) for c in cols) for r in rows])
    print(", ".join(f"{len(v)} {k}" for k, v in t.items()))


if __name__ == "__main__":
    main()
