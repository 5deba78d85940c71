// Imported first by main.tsx, before any module that builds or runs a zod schema: the CSP allows no eval
// (apps/server/src/http/edge.ts), so zod must not even probe for it (a caught probe is still a CSP violation).
import { config } from 'zod';

config({ jitless: true });
