// Authorization failures on the record: every 403 an API route answers (role and province guards, lifecycle rules
// refusing a role) is written to the audit log with the user, route and outcome 'denied' before the reply leaves.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../infra/db/db.ts';
import type { Clock } from '../../infra/clock.ts';
import { writeAudit } from './audit.repository.ts';

export function auditForbidden(app: FastifyInstance, db: Db, clock: Clock) {
  app.addHook('onSend', async (req, reply, payload) => {
    if (reply.statusCode !== 403 || !req.url.startsWith('/api/') || req.edgeAudited) return payload;
    const u = req.user;
    await writeAudit(
      db,
      u ? { id: u.id, role: u.role, name: u.name } : null,
      {
        event: 'auth.forbidden',
        outcome: 'denied',
        objectType: 'route',
        objectId: `${req.method} ${req.routeOptions?.url ?? req.url.split('?')[0]}`.slice(0, 200),
        provinceCode: u?.provinceCode ?? null,
        data: { path: req.url.split('?')[0].slice(0, 200), ip: req.ip },
      },
      clock.now(),
    ).catch((e) => req.log.error(e, 'audit of a 403 failed'));
    return payload;
  });
}
