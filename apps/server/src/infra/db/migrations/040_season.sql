-- Issue 15: a mode-1 author may decline a preselected case (state 'declined'; the reason is also in the audit log).
alter table cases add column decline_reason text
