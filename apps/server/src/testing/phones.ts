// What the privacy tests look for in a response, a log or a page: a mobile number standing on its own. Not 11 digits
// inside a longer run of hex digits or digits — a UUID's last group (12 hex digits, sometimes all decimal), a SHA-256,
// a millisecond timestamp (17…) or a size — which the bare /1[3-9]\d{9}/ also matched, failing such checks now and
// then on data of the moment. A number in quotes, after Chinese text or in a URL still matches.
export const MOBILE_IN_TEXT = /(?<![0-9a-f])1[3-9]\d{9}(?![0-9a-f])/i;
/** A masked mobile number as the lists show it (138****5678). */
export const MASKED_MOBILE_IN_TEXT = /(?<![0-9a-f])1\d{2}\*{4}\d{4}(?![0-9a-f])/i;
