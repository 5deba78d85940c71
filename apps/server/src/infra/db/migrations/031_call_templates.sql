-- Templates the organiser uploaded in place of the generated ones (a course template, a report template per type).
-- The generated template is served while no row exists; replacing again overwrites the row (the audit keeps history).
create table call_templates (
  call_id text not null,
  template_id text not null,
  object_key text not null,
  filename text not null,
  size bigint not null,
  sha256 text not null,
  uploaded_by uuid not null references users(id),
  uploaded_at timestamptz not null,
  primary key (call_id, template_id)
);
