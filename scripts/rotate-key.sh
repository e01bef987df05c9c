#!/bin/sh
# Re-encrypts every stored value under the current APP_KEY, in batches, through a running Twofold:
#   sh scripts/rotate-key.sh https://twofold.example.org <admin personal access token>
# Run it after moving the old key to APP_PREVIOUS_KEYS and setting the new APP_KEY (README:
# "Rotating APP_KEY"). Idempotent and resumable: values already under the current key are skipped.
set -eu
BASE="${1:?usage: rotate-key.sh BASE_URL ADMIN_TOKEN}"
TOKEN="${2:?usage: rotate-key.sh BASE_URL ADMIN_TOKEN}"
after=0
total=0
while :; do
  answer=$(curl -sS -X POST -H "Authorization: Bearer $TOKEN" -H 'Accept: application/json' \
    -w '\n%{http_code}' "$BASE/api/v1/system/reencrypt?after=$after")
  status=$(printf '%s' "$answer" | tail -n 1)
  body=$(printf '%s' "$answer" | sed '$d')
  case "$status" in
    200) ;;
    429) sleep 5; continue ;;
    *) echo "[rotate] stopped: HTTP $status $body" >&2; exit 1 ;;
  esac
  done_now=$(printf '%s' "$body" | sed -n 's/.*"reencrypted":\([0-9]*\).*/\1/p')
  lost=$(printf '%s' "$body" | sed -n 's/.*"undecipherable":\[\([^]]*\)\].*/\1/p')
  next=$(printf '%s' "$body" | sed -n 's/.*"next":\([0-9a-z]*\).*/\1/p')
  total=$((total + done_now))
  if [ -n "$lost" ]; then
    echo "[rotate] accounts $lost are under a key that is neither APP_KEY nor in APP_PREVIOUS_KEYS: left as they are" >&2
  fi
  if [ "$next" = "null" ] || [ -z "$next" ]; then
    echo "[rotate] done: $total account(s) re-encrypted under the current APP_KEY"
    exit 0
  fi
  after=$next
done
