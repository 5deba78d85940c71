-- Paged case lists (issue 17): the first page of a call's list, newest change first, is read from this index
-- instead of sorting every case of the call.
create index if not exists cases_call_updated on cases(call_id, updated_at desc, id desc);
