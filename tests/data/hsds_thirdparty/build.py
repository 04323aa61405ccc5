"""Writes the third-party-like HSDS 3.1 fixtures in this folder (run: python build.py).

Every name, address and number is fictional. They imitate how other systems publish HSDS:

- ``uk_council_services_page1.json``: a UK council's API page 1 of 31 of services, each with its
  organization nested (three organizations repeated across 20 services, one repeat differing),
  HTML descriptions, +44 phones, service areas named in English.
- ``city_feed/``: one Japanese city's export split by table, records referring to each other by id:
  organizations.json, services.json (organization_id only; one names a missing organization),
  locations.json, service_at_location.json, taxonomy_terms.json; HTML descriptions, +81 phones.
- ``organization_with_services.json``: one organization with its services nested.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent


def write(path: Path, doc: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def uk_page() -> dict:
    orgs = [
        {
            "id": "uk-org-1",
            "name": "Northbrook Borough Council",
            "description": "<p>The council for Northbrook.</p>",
            "website": "https://northbrook.example.org.uk",
            "email": "contact@northbrook.example.org.uk",
        },
        {
            "id": "uk-org-2",
            "name": "Harbourside Women&#39;s Aid",
            "description": "<p>Support for women &amp; children.</p><script>track()</script>",
            "website": "https://harbourside.example.org.uk",
        },
        {
            "id": "uk-org-3",
            "name": "Elm Street Advice Centre",
            "description": "Free advice.",
            "website": "https://elmstreet.example.org.uk",
        },
    ]
    services = []
    for i in range(20):
        org = dict(orgs[i % 3])
        if i == 7:  # the same organization, nested again with a different website: reported, first kept
            org["website"] = "https://harbourside-old.example.org.uk"
        services.append(
            {
                "id": f"uk-svc-{i + 1:02d}",
                "name": f"Northbrook support service {i + 1}",
                "status": "active",
                "description": f"<p>Drop-in support, session {i + 1}.</p><ul><li>Advice</li><li>Referral</li></ul>"
                "<p>Call us &ndash; we&rsquo;re here.</p>",
                "eligibility_description": "<b>Adults</b> living in Northbrook",
                "phones": [{"id": f"uk-ph-{i + 1:02d}", "number": f"+44 1632 96{i:04d}", "type": "voice"}],
                "service_areas": [{"id": f"uk-area-{i + 1:02d}", "name": "Northbrook", "extent_type": "other"}],
                "organization": org,
            }
        )
    return {
        "total_items": 610,
        "total_pages": 31,
        "page_number": 1,
        "size": 20,
        "first_page": True,
        "last_page": False,
        "empty": False,
        "contents": services,
    }


def city_feed() -> dict[str, object]:
    organizations = [
        {
            "id": "jp-org-1",
            "name": "架空市 市民相談課",
            "description": "<p>市民からの相談を受けます。</p>",
            "phones": [{"id": "jp-ph-o1", "number": "+81 766-20-5555", "type": "voice"}],
        },
        {"id": "jp-org-2", "name": "架空市 こども家庭課", "parent_organization_id": "jp-org-1"},
        {
            "id": "jp-org-3",
            "name": "NPO法人 みなと女性支援ネット（架空）",
            "phones": [{"id": "jp-ph-o3", "number": "+81-90-1234-5678", "type": "voice"}],
        },
    ]
    services = {
        "total_items": 5,
        "total_pages": 1,
        "page_number": 1,
        "size": 5,
        "contents": [
            {
                "id": "jp-svc-1",
                "name": "女性相談（架空市）",
                "organization_id": "jp-org-1",
                "status": "active",
                "description": "<p>DV・生活の相談を受けます。</p><p>秘密は守ります。<br>予約不要です。</p>",
                "phones": [{"id": "jp-ph-s1", "number": "+81 766-20-5555"}],
                "attributes": [
                    {"id": "jp-at-1", "link_type": "need", "taxonomy_term_id": "term-consultation"},
                    {"id": "jp-at-2", "link_type": "need", "taxonomy_term_id": "term-foreign-tax"},
                ],
            },
            {
                "id": "jp-svc-2",
                "name": "児童扶養手当の窓口（架空市）",
                "organization_id": "jp-org-2",
                "status": "active",
                "description": "手当の申請&amp;相談",
                "attributes": [{"id": "jp-at-3", "link_type": "need", "taxonomy_term_id": "term-allowance"}],
            },
            {
                "id": "jp-svc-3",
                "name": "同行支援（架空）",
                "organization_id": "jp-org-3",
                "status": "active",
                "description": "<div>窓口への同行</div>",
                "phones": [{"id": "jp-ph-s3", "number": "+44 20 7946 0000"}],
            },
            {"id": "jp-svc-4", "name": "休止中の相談（架空）", "organization_id": "jp-org-3", "status": "inactive"},
            {
                "id": "jp-svc-5",
                "name": "よその団体の相談（架空）",
                "organization_id": "jp-org-missing",
                "status": "active",
            },
        ],
    }
    locations = [
        {
            "id": "jp-loc-1",
            "name": "架空市役所 本庁舎 2階",
            "organization_id": "jp-org-1",
            "location_type": "physical",
            "addresses": [
                {
                    "id": "jp-ad-1",
                    "address_1": "架空市中央町1-1",
                    "city": "架空市",
                    "state_province": "架空県",
                    "country": "JP",
                }
            ],
        },
        {
            "id": "jp-loc-2",
            "name": "女性相談室（本庁舎2階）",
            "location_type": "physical",
            "description": "本庁舎2階 女性相談室",
        },
        {"id": "jp-loc-3", "name": "どこにも結びつかない所在地", "location_type": "physical"},
    ]
    service_at_location = [
        {"id": "jp-sal-1", "service_id": "jp-svc-1", "location_id": "jp-loc-2"},
        {"id": "jp-sal-2", "service_id": "jp-svc-2", "location_id": "jp-loc-missing"},
    ]
    taxonomy_terms = [
        {"id": "term-consultation", "code": "consultation", "name": "相談", "taxonomy": "dvdesk-needs"},
        {"id": "term-allowance", "code": "children.allowance", "name": "手当", "taxonomy": "dvdesk-needs"},
        {"id": "term-foreign-tax", "code": "BD-1800", "name": "Domestic Violence Hotlines", "taxonomy": "AIRS"},
    ]
    return {
        "organizations.json": organizations,
        "services.json": services,
        "locations.json": locations,
        "service_at_location.json": service_at_location,
        "taxonomy_terms.json": taxonomy_terms,
    }


def organization_with_services() -> dict:
    return {
        "id": "nest-org-1",
        "name": "架空町 福祉課",
        "description": "福祉の窓口",
        "website": "https://kakuu-town.example.jp",
        "services": [
            {"id": "nest-svc-1", "name": "生活相談（架空町）", "status": "active"},
            {
                "id": "nest-svc-2",
                "name": "母子相談（架空町）",
                "status": "active",
                "phones": [{"id": "nest-ph-2", "number": "+81 (0)765 00 0000"}],
            },
        ],
    }


if __name__ == "__main__":
    write(HERE / "uk_council_services_page1.json", uk_page())
    for name, doc in city_feed().items():
        write(HERE / "city_feed" / name, doc)
    write(HERE / "organization_with_services.json", organization_with_services())
