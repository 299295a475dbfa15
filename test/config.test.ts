import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_USER_AGENT, loadConfig } from '../src/config.js';

describe('configuration from the environment', () => {
  it('uses the defaults of the README when nothing is set', () => {
    expect(loadConfig({})).toEqual({
      dbPath: resolve('data/jps.db'),
      userAgent: DEFAULT_USER_AGENT,
      httpTimeoutMillis: null,
      retryBaseMillis: 2_000,
      maxDownloadBytes: 200 * 1024 * 1024,
      lockWaitMillis: 30 * 60_000,
      timeBudgetMillis: null,
      sourceUrls: {},
      rawArchiveKeep: 10,
      noColor: false,
      smtpUrl: null,
      mailFrom: null,
    });
  });

  it('reads the e-mail settings of digests, and never takes JPS_SMTP_URL for a source', () => {
    const config = loadConfig({
      JPS_SMTP_URL: 'smtp://u:p@mail.example.org:587',
      JPS_MAIL_FROM: 'jps@example.org',
    });
    expect(config).toMatchObject({
      smtpUrl: 'smtp://u:p@mail.example.org:587',
      mailFrom: 'jps@example.org',
      sourceUrls: {},
    });
  });

  it('reads every variable, and --db wins over JPS_DB', () => {
    const config = loadConfig(
      {
        JPS_DB: '/srv/jps/forecasts.db',
        JPS_USER_AGENT: 'acme-bd/1.0',
        JPS_HTTP_TIMEOUT: '90s',
        JPS_RETRY_BASE: '0.5s',
        JPS_MAX_DOWNLOAD_MB: '50',
        JPS_LOCK_WAIT: '2h',
        JPS_TIME_BUDGET: '5m',
        NO_COLOR: '1',
        JPS_ACQUISITION_GATEWAY_URL: 'http://127.0.0.1:8080/api',
        JPS_SSA_URL: 'http://127.0.0.1:8080/ssa.html',
      },
      { db: '/tmp/other.db' },
    );
    expect(config).toMatchObject({
      dbPath: '/tmp/other.db',
      userAgent: 'acme-bd/1.0',
      httpTimeoutMillis: 90_000,
      retryBaseMillis: 500,
      maxDownloadBytes: 50 * 1024 * 1024,
      lockWaitMillis: 7_200_000,
      timeBudgetMillis: 300_000,
      noColor: true,
      sourceUrls: {
        'acquisition-gateway': 'http://127.0.0.1:8080/api',
        ssa: 'http://127.0.0.1:8080/ssa.html',
      },
    });
  });

  it('lists every problem in one usage error', () => {
    expect(() => loadConfig({ JPS_HTTP_TIMEOUT: 'soon', JPS_MAX_DOWNLOAD_MB: '-3', JPS_DB: '' })).toThrow(
      'invalid configuration: JPS_DB: JPS_DB must not be empty; JPS_HTTP_TIMEOUT: JPS_HTTP_TIMEOUT must be a duration such as 90s, 10m or 2h (got "soon"); JPS_MAX_DOWNLOAD_MB: JPS_MAX_DOWNLOAD_MB must be a positive whole number (got "-3")',
    );
  });
});
