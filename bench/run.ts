// `npm run bench -- NAME`: runs one benchmark (bench/NAME.bench.ts). Each prints its figures and,
// as its last line, one JSON object with the baseline measured in the same run (SPEC §5).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const names = ['mp4-check', 'office-check', 'upload', 'assignment', 'certificates', 'similarity', 'deadline-load', 'notices', 'auth', 'hostile', 'web-weight', 'lists'];
const name = process.argv[2];
if (!name || !names.includes(name)) {
  console.error(`usage: npm run bench -- <${names.join('|')}>`);
  process.exit(2);
}
const file = fileURLToPath(new URL(`./${name}.bench.ts`, import.meta.url));
if (!existsSync(file)) {
  console.error(`benchmark ${name} is not written yet`);
  process.exit(2);
}
await import(file);
