// NODE_ENV=production: PUBLIC_URL is required (certificates' QR codes, links in SMS and e-mail), COOKIE_SECURE warned.
// The compiled server's refusal to start is tested in e2e/production-build.test.ts.
import { describe, expect, it } from 'vitest';
import { productionChecks } from './config.ts';

describe('productionChecks', () => {
  it('asks nothing outside production', () => {
    expect(productionChecks({})).toEqual({ errors: [], warnings: [] });
    expect(productionChecks({ NODE_ENV: 'development' })).toEqual({ errors: [], warnings: [] });
  });

  it('refuses production without PUBLIC_URL, or with one that is no address', () => {
    const none = productionChecks({ NODE_ENV: 'production', COOKIE_SECURE: 'true' });
    expect(none.errors).toHaveLength(1);
    expect(none.errors[0]).toContain('PUBLIC_URL');
    expect(productionChecks({ NODE_ENV: 'production', PUBLIC_URL: '  ', COOKIE_SECURE: 'true' }).errors).toHaveLength(1);
    expect(productionChecks({ NODE_ENV: 'production', PUBLIC_URL: 'anli.example.cn', COOKIE_SECURE: 'true' }).errors[0]).toContain('https://');
  });

  it('warns when cookies are not secure or PUBLIC_URL points at this machine', () => {
    const ok = productionChecks({ NODE_ENV: 'production', PUBLIC_URL: 'https://anli.example.cn', COOKIE_SECURE: 'true' });
    expect(ok).toEqual({ errors: [], warnings: [] });
    const insecure = productionChecks({ NODE_ENV: 'production', PUBLIC_URL: 'https://anli.example.cn' });
    expect(insecure.errors).toEqual([]);
    expect(insecure.warnings).toHaveLength(1);
    expect(insecure.warnings[0]).toContain('COOKIE_SECURE');
    expect(productionChecks({ NODE_ENV: 'production', PUBLIC_URL: 'http://localhost:3000', COOKIE_SECURE: 'true' }).warnings[0]).toContain('本机');
  });
});
