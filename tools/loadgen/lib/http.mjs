// A bot's HTTP session: one cookie jar, JSON in and out, the API's anti-CSRF header.
export class HttpError extends Error {
  constructor(method, path, status, body) {
    super(`${method} ${path} -> ${status}: ${String(body).slice(0, 200)}`);
    this.status = status;
    this.body = body;
  }
}

export class Session {
  constructor(baseUrl) {
    this.baseUrl = baseUrl.replace(/\/$/, "");
    this.cookies = new Map();
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async request(method, path, body, { timeoutMs = 30000 } = {}) {
    const headers = { Accept: "application/json", "X-Duel-Client": "loadgen" };
    if (this.cookies.size) headers.Cookie = this.cookieHeader();
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const res = await fetch(this.baseUrl + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      if (value === "" || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    if (!res.ok) throw new HttpError(method, path, res.status, text);
    return json;
  }

  get(path, opts) { return this.request("GET", path, undefined, opts); }
  post(path, body, opts) { return this.request("POST", path, body ?? {}, opts); }
}
