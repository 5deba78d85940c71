// The call builder's first step as the organiser takes it: 复制 an existing call on the list page, name the copy in the
// dialog, create the draft and land on its page.
import type { Page } from 'playwright-core';

export async function copyCallAsDraft(page: Page, baseUrl: string, from: { sourceTitle: string; id: string; title: string; documentNo?: string }) {
  await page.goto(`${baseUrl}/org/call-builder`);
  await page.getByRole('button', { name: `复制 ${from.sourceTitle}`, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('活动编号').fill(from.id);
  await dialog.getByLabel('活动名称').fill(from.title);
  if (from.documentNo) await dialog.getByLabel('文号').fill(from.documentNo);
  await dialog.getByRole('button', { name: '创建草稿' }).click();
  await page.waitForURL(`**/org/call-builder/${from.id}`);
}
