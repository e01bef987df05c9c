// 2FAuth's own test data (its tests/Data/OtpTestData.php): URIs, secrets and payloads shared by the suites.
export const SECRET = 'A4GRFHVVRBGY7UIW';
export const STEAM_SECRET = 'XJGTDRUUKZH3X7TQN2QZUGCGXZCC5LXE';
export const TOTP_FULL_CUSTOM_URI_NO_IMG = `otpauth://totp/service:account?secret=${SECRET}&issuer=service&digits=7&period=40&algorithm=sha256`;
export const HOTP_FULL_CUSTOM_URI_NO_IMG = `otpauth://hotp/service:account?secret=${SECRET}&issuer=service&digits=7&counter=5&algorithm=sha256`;
export const TOTP_SHORT_URI = `otpauth://totp/account?secret=${SECRET}`;
export const HOTP_SHORT_URI = `otpauth://hotp/account?secret=${SECRET}`;
export const STEAM_TOTP_URI = `otpauth://totp/Steam:account?secret=${STEAM_SECRET}&issuer=Steam&digits=5&period=30&algorithm=sha1`;
export const FULL_CUSTOM_TOTP = { service: 'service', account: 'account', icon: 'test.png', otp_type: 'totp', secret: SECRET, digits: 7, algorithm: 'sha256', period: 40, counter: null };
export const FULL_CUSTOM_HOTP = { ...FULL_CUSTOM_TOTP, otp_type: 'hotp', period: null, counter: 5 };
export const MINIMUM_TOTP = { account: 'account', otp_type: 'totp', secret: SECRET };
