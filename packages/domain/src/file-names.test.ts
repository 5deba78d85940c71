import { describe, expect, it } from 'vitest';
import { fileNameProblem, lastExtension } from './file-names.ts';

describe('file names a slot takes', () => {
  it('takes the last extension, case-insensitively, from a name with or without a path', () => {
    expect(lastExtension('report.docx.exe')).toBe('.exe');
    expect(lastExtension('C:\\Users\\t\\课件.PPTX')).toBe('.pptx');
    expect(lastExtension('.bashrc')).toBe('');
    expect(lastExtension('README')).toBe('');
    expect(lastExtension('trailing.')).toBe('');
  });

  it('refuses double extensions, macro formats and missing extensions with a Chinese message saying what to pick', () => {
    expect(fileNameProblem('报告.docx', ['.docx', '.doc'], '案例总结报告（Word）')).toBeNull();
    expect(fileNameProblem('a.exe.docx', ['.docx', '.doc'], '案例总结报告（Word）')).toBeNull(); // content decides
    expect(fileNameProblem('report.docx.exe', ['.docx', '.doc'], '案例总结报告（Word）')).toBe(
      '案例总结报告（Word）须为 .docx 或 .doc 文件，“report.docx.exe”是 .exe 文件。请选择正确的文件后重新上传，不要只修改文件扩展名。',
    );
    expect(fileNameProblem('video.mp4.js', ['.mp4'], '案例视频（MP4）')).toContain('“video.mp4.js”是 .js 文件');
    expect(fileNameProblem('课件.pptm', ['.pptx', '.ppt'], '课件（PPT）')).toContain('启用宏的文件不予接收');
    expect(fileNameProblem('视频', ['.mp4'], '案例视频（MP4）')).toContain('没有扩展名');
  });
});
