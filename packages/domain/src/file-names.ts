// Which file names a slot takes: the last extension of the name must be one the slot accepts. Used by the
// upload endpoint (authoritative) and the case page (before a byte travels). The content is judged separately by
// the checker, so a renamed file (`a.exe.docx`) passes here and is refused by the check.

/** The last extension of a file name, lower case with its dot ('' when none). */
export function lastExtension(filename: string): string {
  const base = filename.replace(/^.*[\\/]/, '').trim();
  const dot = base.lastIndexOf('.');
  return dot > 0 && dot < base.length - 1 ? base.slice(dot).toLowerCase() : '';
}

/**
 * A Chinese message telling the author what to pick instead, when `filename` does not end with one of `accept`
 * (e.g. `report.docx.exe`, `video.mp4.js`, `报告.docm`); null when the name is acceptable.
 */
export function fileNameProblem(filename: string, accept: readonly string[], label: string): string | null {
  const ext = lastExtension(filename);
  if (accept.some((a) => a.toLowerCase() === ext)) return null;
  const wanted = accept.join(' 或 ');
  const what = ext ? `“${filename}”是 ${ext} 文件` : `“${filename}”没有扩展名`;
  const macro = ext === '.docm' || ext === '.pptm' || ext === '.dotm' || ext === '.potm' || ext === '.ppsm' ? '（启用宏的文件不予接收，请另存为不含宏的格式）' : '';
  return `${label}须为 ${wanted} 文件，${what}${macro}。请选择正确的文件后重新上传，不要只修改文件扩展名。`;
}
