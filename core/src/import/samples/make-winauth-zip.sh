#!/bin/sh
# Makes winauth.zip: an otpauth list zipped with a password ("win pass") by Info-ZIP's `zip -P`,
# which uses PKWARE's classic ZipCrypto, as WinAuth's password-protected export does. Run from this
# folder; the committed file is the test's input (CI needs no `zip`).
set -eu
printf 'otpauth://totp/service:account?secret=A4GRFHVVRBGY7UIW&issuer=service&digits=7&period=40&algorithm=sha256\n' > winauth-2026-11-30.txt
TZ=UTC touch -d '2026-11-30 00:00:00' winauth-2026-11-30.txt
rm -f winauth.zip
zip -q -X -P 'win pass' winauth.zip winauth-2026-11-30.txt
rm winauth-2026-11-30.txt
