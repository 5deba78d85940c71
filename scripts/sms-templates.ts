// Prints the SMS templates to register with the gateway (the README's table), from modules/messaging/templates.ts.
// `npx tsx scripts/sms-templates.ts` — markdown; `--tencent` prints the texts with Tencent Cloud's {1}, {2} numbering.
import { SMS_KINDS, SMS_TEMPLATES, templatesMarkdown, tencentText } from '../apps/server/src/modules/messaging/templates.ts';

if (process.argv.includes('--tencent')) {
  for (const k of SMS_KINDS) console.log(`${k}\t${SMS_TEMPLATES[k].type === 'code' ? '验证码' : '通知'}\t${tencentText(k)}`);
} else {
  console.log(templatesMarkdown());
}
