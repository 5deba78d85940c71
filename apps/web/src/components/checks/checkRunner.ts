// Loads the in-browser file checker lazily (its own chunk: only pages that check files pay for it).
// PDFs are read by pdf.js in a worker the app serves itself (never a CDN): without a worker URL pdf.js refuses to
// open any document in a browser, so every info-form PDF used to end in "读取出错".
import type { ByteSource, CheckOptions, CheckReport } from '@anli/checks/types.ts';
import { blobSource } from '@anli/checks/sources/blob-source.ts';
import pdfWorkerUrl from 'pdfjs-dist/legacy/build/pdf.worker.min.mjs?url';

type CheckFile = (source: ByteSource, options: CheckOptions) => Promise<CheckReport>;

let ready: Promise<CheckFile> | null = null;

function loadChecker(): Promise<CheckFile> {
  ready ??= (async () => {
    const [checks, pdf] = await Promise.all([import('@anli/checks/index.ts'), import('@anli/checks/infoform/pdf.ts')]);
    pdf.configurePdfjs({
      load: () => import('pdfjs-dist/legacy/build/pdf.mjs') as unknown as Promise<import('@anli/checks/infoform/pdf.ts').PdfjsModule>,
      workerSrc: pdfWorkerUrl,
    });
    return checks.checkFile;
  })();
  ready.catch(() => (ready = null));
  return ready;
}

export async function runCheck(file: File, options: CheckOptions): Promise<CheckReport> {
  const checkFile = await loadChecker();
  return checkFile(blobSource(file, file.name), options);
}
