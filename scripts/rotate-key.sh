#!/bin/sh
# Re-encrypts every stored value (accounts, then icons) under the current APP_KEY and format, and
# peppers password records from before PASSWORD_PEPPER, in batches, through a running Twofold:
#   sh scripts/rotate-key.sh https://twofold.example.org <admin personal access token>
# Run it after moving the old key to APP_PREVIOUS_KEYS and setting the new APP_KEY (README:
# "Rotating APP_KEY"), or once after an upgrade to bind older values to their rows. Idempotent and
# resumable: values already current are skipped; `next` is an opaque cursor over the tables.
set -eu
BASE="${1:?usage: rotate-key.sh BASE_URL ADMIN_TOKEN}"
TOKEN="${2:?usage: rotate-key.sh BASE_URL ADMIN_TOKEN}"
after=''
total=0
while :; do
  answer=$(curl -sS -X POST -H "Authorization: Bearer $TOKEN" -H 'Accept: application/json' \
    -w '\n%{http_code}' "$BASE/api/v1/system/reencrypt${after:+?after=$after}")
  status=$(printf '%s' "$answer" | tail -n 1)
  body=$(printf '%s' "$answer" | sed '$d')
  case "$status" in
    200) ;;
    429) sleep 5; continue ;;
    *) echo "[rotate] stopped: HTTP $status $body" >&2; exit 1 ;;
  esac
  done_now=$(printf '%s' "$body" | sed -n 's/.*"reencrypted":\([0-9]*\).*/\1/p')
  lost=$(printf '%s' "$body" | sed -n 's/.*"undecipherable":\[\([^]]*\)\].*/\1/p')
  lost_icons=$(printf '%s' "$body" | sed -n 's/.*"undecipherable_icons":\[\([^]]*\)\].*/\1/p')
  next=$(printf '%s' "$body" | sed -n 's/.*"next":"\([A-Za-z0-9:._-]*\)".*/\1/p')
  total=$((total + done_now))
  if [ -n "$lost" ]; then
    echo "[rotate] accounts $lost do not open under APP_KEY or APP_PREVIOUS_KEYS where they are: left as they are" >&2
  fi
  if [ -n "$lost_icons" ]; then
    echo "[rotate] icons $lost_icons do not open under APP_KEY or APP_PREVIOUS_KEYS: left as they are" >&2
  fi
  if [ -z "$next" ]; then
    echo "[rotate] done: $total row(s) re-encrypted under the current APP_KEY or peppered"
    exit 0
  fi
  after=$next
done
