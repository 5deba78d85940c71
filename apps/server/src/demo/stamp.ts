// The demo's stand-in for "print, sign, stamp and scan": the generated info form with a red seal ring drawn where
// the unit's opinion is, so the demo's and the tests' info forms pass infoform.stamp as a real stamped scan would.
// Never used on what an author downloads: the platform does not stamp forms for anyone.
import { PDFDocument, rgb } from 'pdf-lib';

const SEAL_RED = rgb(0.85, 0.1, 0.1);

/** The PDF with a red seal-like mark on its last page. */
export async function withDemoSeal(pdf: Uint8Array): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf);
  const pages = doc.getPages();
  const page = pages[pages.length - 1]!;
  const { width } = page.getSize();
  const x = width - 150;
  const y = 150;
  page.drawCircle({ x, y, size: 55, borderColor: SEAL_RED, borderWidth: 4, opacity: 0.85, borderOpacity: 0.85 });
  page.drawCircle({ x, y, size: 12, color: SEAL_RED, opacity: 0.85 });
  page.drawRectangle({ x: x - 30, y: y - 35, width: 60, height: 6, color: SEAL_RED, opacity: 0.85 });
  return doc.save();
}
