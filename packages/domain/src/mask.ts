// Masking of personal data in lists and logs (phone numbers: 138****8000).
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  const p = String(phone);
  return p.length >= 7 ? `${p.slice(0, 3)}****${p.slice(-4)}` : '****';
}
