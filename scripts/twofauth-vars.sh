#!/bin/sh
# Prints `--var NAME:VALUE` for every 2FAuth setting set in the environment, so that
# `THROTTLE_API=0 make run` reaches the worker under the same name 2FAuth reads.
env | grep -E '^(THROTTLE_API|THROTTLE_API_DURING_IMPORT|THROTTLE_AUTH|LOGIN_THROTTLE|USERPREF_(DEFAULT|LOCKED)__[A-Z0-9_]+|AUTHENTICATION_LOG_RETENTION|OTP_LOG_RETENTION|BLOCK_OPTAUTH_IMAGELINK_FETCHING|CONTENT_SECURITY_POLICY|IS_DEMO_APP|APP_NAME|APP_URL|TRUSTED_PROXIES|AUTHENTICATION_GUARD|AUTH_PROXY_HEADER_FOR_(USER|EMAIL)|PROXY_LOGOUT_URL|PROXY_HEADER_FOR_IP|WEBAUTHN_[A-Z_]+|MAIL_[A-Z_]+|LOGOLIB_[A-Z_]+)=' \
  | while IFS= read -r line; do
      printf -- '--var\n%s:%s\n' "${line%%=*}" "${line#*=}"
    done
