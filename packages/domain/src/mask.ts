// Masking of personal data in lists and logs (phone numbers: 138****8000).
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  const p = String(phone);
  return p.length >= 7 ? `${p.slice(0, 3)}****${p.slice(-4)}` : '****';
}

/**
 * Every mobile number in a text masked (a log line, an error message): a number standing on its own, also after +86 or
 * 0086 (a gateway's error may quote the number it was given in international form); not 11 digits inside a longer run
 * of digits.
 */
export function maskPhonesIn(text: string): string {
  return text.replace(/(?<!\d)((?:\+|00)?86)?(1[3-9]\d{9})(?!\d)/g, (_m, prefix: string | undefined, phone: string) => `${prefix ?? ''}${maskPhone(phone)}`);
}
