export * from './index.js';

/** The text of the first QR code in a PNG, JPEG, GIF or WebP image (URL-decoded as 2FAuth does,
 *  except a single Google Authenticator migration URI, kept as is). Throws NOT_AN_IMAGE,
 *  NOT_DETECTED, UNDECODABLE or INVALID_CHECKSUM. */
export function decodeQr(image: Uint8Array): string;
