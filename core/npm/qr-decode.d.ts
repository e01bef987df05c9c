export * from './index.js';

/** The text of the first QR code in a PNG, JPEG, GIF or WebP image (URL-decoded as 2FAuth does,
 *  except a single Google Authenticator migration URI, kept as is). Throws NOT_AN_IMAGE,
 *  NOT_DETECTED, UNDECODABLE, INVALID_CHECKSUM, or TOO_LARGE (over 4096×4096 pixels declared). */
export function decodeQr(image: Uint8Array): string;
