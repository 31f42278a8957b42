#!/usr/bin/env python3
"""Gives schemathesis a commune to work in: a unit, an office user and a
reporter (password from the second argument), and an active monthly
campaign with one count criterion in which the unit takes part, so the
report workflow (work queue -> create -> fill -> submit -> approve) can be
walked through the document's links.

Usage: .ci/schemathesis_setup.py BASE_URL PASSWORD ADMIN_TOKEN
"""

import datetime
import json
import sys
import urllib.request

base, password, admin = sys.argv[1], sys.argv[2], sys.argv[3]


def call(method, path, body=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Authorization", f"Bearer {admin}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    with urllib.request.urlopen(request) as response:
        return json.load(response), response.headers


def unit(code, name, kind, parent):
    return call("POST", "/api/v1/org-units", {"code": code, "name": name, "kind": kind, "parent_id": parent})[0]["id"]


root = call("GET", "/api/v1/org-units?kind=root")[0]["items"][0]["id"]
district = unit("ST-HUYEN", "Huyện thử", "district", root)
commune = unit("ST-XA", "Xã thử", "commune", district)
office_unit = unit("ST-VP", "Văn phòng – Thống kê", "sector", commune)
reporting_unit = unit("ST-TP", "Tư pháp – Hộ tịch", "sector", commune)
for username, role, org_unit in [("office", "office", office_unit), ("reporter", "reporter", reporting_unit)]:
    call("POST", "/api/v1/users", {
        "username": username, "display_name": username, "role": role,
        "org_unit_id": org_unit, "password": password,
    })

today = datetime.date.today()
campaign = call("POST", "/api/v1/campaigns", {
    "code": "ST/KH", "title": "Phong trào thử", "issuer_id": commune,
    "issued_on": str(today), "starts_on": str(today - datetime.timedelta(days=40)),
    "ends_on": str(today + datetime.timedelta(days=300)), "period_type": "month",
})[0]["id"]
call("POST", f"/api/v1/campaigns/{campaign}/criteria", {
    "ordinal": 1, "code": "1", "title": "Số hồ sơ", "measure": "count", "comparator": ">=", "target": 1,
})
call("PUT", f"/api/v1/campaigns/{campaign}/participants", {"org_units": [reporting_unit]})
_, headers = call("GET", f"/api/v1/campaigns/{campaign}")
call("POST", f"/api/v1/campaigns/{campaign}/activate", headers={"If-Match": headers["ETag"]})
