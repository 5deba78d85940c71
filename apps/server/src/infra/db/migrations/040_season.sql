-- Issue 15: a mode-1 author may decline a preselected case (state 'declined'; the reason is also in the audit log).
alter table cases add column decline_reason text
-- ;
-- Chained calls: the level whose administrator returned the case (county, city or province), so every page explains
-- the return the same way (县级管理员退回修改).
alter table cases add column returned_level text
