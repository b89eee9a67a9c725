import type { TestEnv } from '../../testing/harness.js';

/**
 * A browser-like client for the identity tests: keeps every cookie the server sets (session,
 * device, anonymous CSRF), sends the CSRF header, and can pose as another IP address.
 */
export class Browser {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(
    private readonly t: TestEnv,
    public ip = '203.0.113.10',
    public userAgent = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36',
  ) {}

  static async open(t: TestEnv, ip?: string): Promise<Browser> {
    const b = new Browser(t, ip);
    await b.refresh();
    return b;
  }

  /** Reads /api/session (sets the CSRF token for the next request). */
  async refresh() {
    const res = await this.request('GET', '/api/session');
    this.csrf = (res.body as { csrfToken: string }).csrfToken;
    return res.body as { authenticated: boolean; stage: string; requirements: string[]; csrfToken: string };
  }

  session(): string | undefined {
    return [...this.cookies.entries()].find(([k]) => k.endsWith('mamori_session'))?.[1];
  }

  async request(method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}) {
    const cookie = [...this.cookies.entries()].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await this.t.app.inject({
      method,
      url,
      remoteAddress: this.ip,
      payload: method === 'GET' ? undefined : ((body ?? {}) as object),
      headers: { ...(cookie ? { cookie } : {}), 'x-csrf-token': this.csrf, 'user-agent': this.userAgent, ...headers },
    });
    for (const c of res.cookies) {
      if (c.maxAge === 0 || (c.expires && c.expires.getTime() <= Date.now()) || c.value === '') this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const json = res.body ? (JSON.parse(res.body) as unknown) : null;
    if (json && typeof json === 'object' && 'csrfToken' in json) this.csrf = (json as { csrfToken: string }).csrfToken;
    return { status: res.statusCode, body: json, headers: res.headers, cookies: res.cookies };
  }
  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, body?: unknown) {
    return this.request('POST', url, body);
  }

  async signIn(email: string, password: string) {
    if (!this.session()) await this.refresh();
    return this.post('/api/auth/sign-in', { email, password });
  }
}
