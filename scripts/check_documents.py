#!/usr/bin/env python3
"""After the first act's sales: logs in to the server's API as the shop's admin, waits (up to
five minutes: a busy machine is slow, this proves an outcome) until the DGI simulator has
authorized every document, and validates each document's XML against the DGI schema.

Usage: check_documents.py BASE_URL USER PASSWORD XSD EXPECTED_COUNT"""
import json, subprocess, sys, tempfile, time, urllib.request

BASE, USER, PASSWORD, XSD, EXPECTED = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])


def api(method, path, body=None, token=None, raw=False):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    with urllib.request.urlopen(urllib.request.Request(BASE + path, data=data, method=method, headers=headers), timeout=60) as r:
        content = r.read()
        return content if raw else json.loads(content)


token = api("POST", "/v1/sessions", {"user": USER, "password": PASSWORD})["token"]
failures = []
deadline = time.time() + 300
while True:
    items = api("GET", "/v1/documents?limit=500", token=token)["items"]
    states = sorted(item["dgiStatus"] for item in items)
    if (len(items) >= EXPECTED and all(s == "authorized" for s in states)) or time.time() > deadline:
        break
    time.sleep(1)
print(("ok   " if len(items) == EXPECTED else "FAIL ") + f"the server holds the {EXPECTED} documents sold ({len(items)})")
print(("ok   " if all(s == "authorized" for s in states) else "FAIL ") + f"the DGI simulator authorized them ({states})")
if len(items) != EXPECTED or not all(s == "authorized" for s in states):
    failures.append("documents")
emissions = sorted(item.get("emission", "") for item in items)
print(("ok   " if "contingency" in emissions and "normal" in emissions else "FAIL ") + f"one sold online, one offline ({emissions})")
if not ("contingency" in emissions and "normal" in emissions):
    failures.append("emissions")
for item in items:
    xml = api("GET", f"/v1/documents/{item['id']}/xml", token=token, raw=True)
    with tempfile.NamedTemporaryFile(suffix=".xml") as f:
        f.write(xml)
        f.flush()
        result = subprocess.run(["xmllint", "--noout", "--schema", XSD, f.name], capture_output=True, text=True)
    ok = result.returncode == 0
    print(("ok   " if ok else "FAIL ") + f"document {item['number']} validates against the DGI schema" + ("" if ok else ": " + result.stderr[-400:]))
    if not ok:
        failures.append(item["id"])
sys.exit(1 if failures else 0)
