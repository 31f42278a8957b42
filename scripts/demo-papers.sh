#!/usr/bin/env bash
# Renders the demo's papers so a person can look at them.
#
# A fresh SQLite database gets the demo (plan 05/KH-UBND of xã Đại Thắng,
# its 2023 results and posted nominations); the commendation loop is walked
# over the API as in the README — the council meets and votes, the chairman
# approves what is the commune's to award, the office prepares decision
# 12/QĐ-UBND of 2023-12-20 and the chairman signs it — then
# `thidua papers --out DIR` writes every paper — plan 05's Tờ trình and
# results report, each nomination's Báo cáo thành tích, the meeting's Biên
# bản, the Quyết định and the Giấy khen — as DOCX and PDF, and, when
# poppler's pdftoppm is installed, each PDF's pages as PNG.
#
#   scripts/demo-papers.sh [DIR]      (default: target/demo-papers)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-target/demo-papers}
PORT=${PORT:-18093}
cargo build -q --bin thidua
BIN=$PWD/target/debug/thidua
WORK=$(mktemp -d)
export THIDUA_DATA_DIR=$WORK DATABASE_URL="sqlite://$WORK/demo.db" THIDUA_BIND=127.0.0.1:$PORT
export THIDUA_ADMIN_PASSWORD=giay-khen-dai-thang-2023 THIDUA_LOG_FORMAT=plain RUST_LOG=warn
"$BIN" demo > "$WORK/demo.txt"
password() { awk -v u="$1" '$1 == u { print $3 }' "$WORK/demo.txt"; }
"$BIN" serve & SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
API=http://127.0.0.1:$PORT/api/v1
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

login() { curl -sf $API/auth/token -H 'content-type: application/json' \
  -d "{\"username\":\"$1\",\"password\":\"$(password "$1")\"}" | jq -r .access_token; }
etag() { curl -s -o /dev/null -D - "$API/$2" -H "authorization: Bearer $1" | tr -d '\r' | sed -n 's/^etag: //Ip'; }
OFFICE=$(login vanphong); CHAIR=$(login chutich)

# The commune's Giấy khen nominations; the council meets after their posting, all present, and votes.
NOMS=$(curl -sf "$API/nominations?limit=50" -H "authorization: Bearer $CHAIR" \
  | jq -c '[.items[] | select(.award_type_id == "at-giay-khen-xa") | .id]')
M=$(curl -sf $API/council-meetings -H "authorization: Bearer $OFFICE" -H 'content-type: application/json' \
  -d "{\"held_on\":\"2023-12-18\",\"title\":\"Họp Hội đồng Thi đua - Khen thưởng xã xét khen thưởng năm 2023\",\"nomination_ids\":$NOMS}" | jq -r .id)
MEMBERS=$(curl -sf $API/council-members -H "authorization: Bearer $OFFICE" | jq -c '[.items[].id]')
curl -sf -o /dev/null -X PUT $API/council-meetings/$M/attendance -H "authorization: Bearer $OFFICE" \
  -H "if-match: $(etag $OFFICE council-meetings/$M)" -H 'content-type: application/json' -d "{\"member_ids\":$MEMBERS}"
for ID in $(echo "$NOMS" | jq -r '.[]'); do
  curl -sf -o /dev/null -X PUT $API/council-meetings/$M/votes/$ID -H "authorization: Bearer $OFFICE" \
    -H "if-match: $(etag $OFFICE council-meetings/$M)" -H 'content-type: application/json' \
    -d '{"votes_for":3,"votes_against":0,"votes_total":3}'
done
curl -sf -o /dev/null -X POST $API/council-meetings/$M/conclude -H "authorization: Bearer $OFFICE" \
  -H "if-match: $(etag $OFFICE council-meetings/$M)"

# The chairman approves what the rules allow (the barred and the held are refused: 409 not_eligible).
APPROVED=()
for ID in $(echo "$NOMS" | jq -r '.[]'); do
  STATUS=$(curl -s -o /dev/null -w '%{http_code}' -X POST $API/nominations/$ID/decide -H "authorization: Bearer $CHAIR" \
    -H "if-match: $(etag $CHAIR nominations/$ID)" -H 'content-type: application/json' -d '{"outcome":"approve"}')
  [ "$STATUS" = 200 ] && APPROVED+=("\"$ID\"")
done
IDS=$(IFS=,; echo "[${APPROVED[*]}]")

# The fund of 2023; decision 12/QĐ-UBND prepared by the office and signed by the chairman.
COMMUNE=$(curl -sf "$API/org-units?code=XA-DAI-THANG" -H "authorization: Bearer $OFFICE" | jq -r '.items[0].id')
curl -sf -o /dev/null $API/reward-funds -H "authorization: Bearer $OFFICE" -H 'content-type: application/json' \
  -d "{\"org_unit_id\":\"$COMMUNE\",\"year\":2023,\"budget_vnd\":10000000}"
D=$(curl -sf $API/award-decisions -H "authorization: Bearer $OFFICE" -H 'content-type: application/json' \
  -d "{\"number\":\"12/QĐ-UBND\",\"signed_on\":\"2023-12-20\",\"signer_name\":\"Nguyễn Văn Hùng\",
       \"signer_title\":\"Chủ tịch UBND xã\",\"legal_basis_ids\":[\"lb-luat-06-2022-qh15\",\"lb-nd-91-2017\"],
       \"nomination_ids\":$IDS}" | jq -r .id)
curl -sf -X POST $API/award-decisions/$D/sign -H "authorization: Bearer $CHAIR" \
  -H "if-match: $(etag $CHAIR award-decisions/$D)" | jq -r '.lines[] | "\(.ordinal). \(.subject_name): \(.amount_vnd) đồng"'
kill $SERVER; wait $SERVER 2>/dev/null || true

mkdir -p "$OUT"
"$BIN" papers --out "$OUT"
if command -v pdftoppm >/dev/null; then
  for PDF in "$OUT"/*.pdf; do pdftoppm -png -r 60 "$PDF" "${PDF%.pdf}"; done
  ls "$OUT"/*.png
else
  echo "pdftoppm (poppler-utils) is not installed: no PNGs"
fi
