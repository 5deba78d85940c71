// Password policy after NIST SP 800-63B §5.1.1 (docs/security.md): at least 8 characters, at most 128, no
// composition rules, and refused when common, breached-list, repetitive or sequential, or containing the phone number.

/** Common and breached passwords (lower case); the top of the public breach corpora plus Chinese-keyboard favourites. */
const BLOCKLIST = new Set(
  `12345678 123456789 1234567890 12345678910 87654321 11111111 00000000 88888888 66666666 99999999 password password1
  password123 passw0rd p@ssw0rd p@ssword qwerty123 qwertyuiop qwerty12 1qaz2wsx 1q2w3e4r 1q2w3e4r5t zaq12wsx qazwsxedc
  abc12345 abcd1234 abc123456 a1234567 a12345678 aa123456 asd12345 asdf1234 asdfghjkl 1234qwer q1w2e3r4 admin123
  administrator admin1234 root1234 letmein1 welcome1 welcome123 iloveyou iloveyou1 woaini1314 woaini520 520131400
  5201314520 1314520520 aini1314 wang1234 zhang123 li123456 sunshine princess football baseball dragon123 monkey123
  superman trustno1 starwars 123123123 123321123 147258369 123456abc 123456aa 12qwaszx qweasdzxc 1qazxsw2 asdasdasd
  zxcvbnm1 zxcvbnm123 qq123456 qq1234567 a123456789 123456789a 11223344 12341234 112233445566 baidu123 taobao123
  changeme changeme1 default1 test1234 testtest teacher1 teacher123 jiaoshi123 anli2026 demo2026 anli@2026`
    .split(/\s+/)
    .filter(Boolean),
);

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** Returns a Chinese reason the password is refused, or null when it is acceptable. */
export function passwordProblem(password: unknown, phone: string): string | null {
  if (typeof password !== 'string') return '请输入密码';
  const length = [...password].length;
  if (length < PASSWORD_MIN || length > PASSWORD_MAX) return `密码须为 ${PASSWORD_MIN}–${PASSWORD_MAX} 位`;
  const lower = password.toLowerCase();
  if (BLOCKLIST.has(lower)) return '该密码过于常见或已在泄露密码库中出现，请换一个不易猜到的密码';
  if (/^(.)\1+$/.test(password)) return '密码不能由同一个字符重复组成，请换一个不易猜到的密码';
  if (isSequence(lower)) return '密码不能是连续的数字或字母，请换一个不易猜到的密码';
  if (phone && password.includes(phone)) return '密码不能包含手机号';
  return null;
}

function isSequence(s: string): boolean {
  if (s.length < 2) return false;
  const d = s.charCodeAt(1) - s.charCodeAt(0);
  if (Math.abs(d) !== 1) return false;
  for (let i = 2; i < s.length; i++) if (s.charCodeAt(i) - s.charCodeAt(i - 1) !== d) return false;
  return true;
}
