// Loads the in-browser file checker lazily. Found through import.meta.glob so the build also works
// while packages/checks/src/index.ts does not exist yet (the glob is then empty).
import type { ByteSource, CheckOptions, CheckReport } from '../../../../../packages/checks/src/types.ts';
import { blobSource } from '../../../../../packages/checks/src/sources/blob-source.ts';

type CheckFile = (source: ByteSource, options: CheckOptions) => Promise<CheckReport>;

const modules = import.meta.glob<{ checkFile?: CheckFile }>('../../../../../packages/checks/src/index.ts');

export function checkerAvailable(): boolean {
  return Object.keys(modules).length > 0;
}

export async function runCheck(file: File, options: CheckOptions): Promise<CheckReport> {
  const load = Object.values(modules)[0];
  if (!load) throw new Error('文件检查程序尚未就绪，请稍后再试');
  const mod = await load();
  if (typeof mod.checkFile !== 'function') throw new Error('文件检查程序尚未就绪，请稍后再试');
  return mod.checkFile(blobSource(file, file.name), options);
}
