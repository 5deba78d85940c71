// Loads the in-browser file checker lazily (its own chunk: only pages that check files pay for it).
import type { ByteSource, CheckOptions, CheckReport } from '@anli/checks/types.ts';
import { blobSource } from '@anli/checks/sources/blob-source.ts';

type CheckFile = (source: ByteSource, options: CheckOptions) => Promise<CheckReport>;

const load = (): Promise<{ checkFile?: CheckFile }> => import('@anli/checks/index.ts');

export async function runCheck(file: File, options: CheckOptions): Promise<CheckReport> {
  const mod = await load();
  if (typeof mod.checkFile !== 'function') throw new Error('文件检查程序尚未就绪，请稍后再试');
  return mod.checkFile(blobSource(file, file.name), options);
}
