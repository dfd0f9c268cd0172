// INFO from Redis over a bare RESP socket: the cost model needs two readings, not a client library.
import { connect } from "node:net";

// StackExchange.Redis configuration ("127.0.0.1:6379,password=..,abortConnect=false") -> endpoint.
export function redisEndpoint(config) {
  const [hostPort, ...options] = config.split(",");
  const i = hostPort.lastIndexOf(":");
  const kv = Object.fromEntries(options.map((o) => [o.slice(0, o.indexOf("=")).trim().toLowerCase(), o.slice(o.indexOf("=") + 1)]));
  return { host: i > 0 ? hostPort.slice(0, i) : hostPort, port: i > 0 ? Number(hostPort.slice(i + 1)) : 6379, password: kv.password, user: kv.user };
}

const command = (...args) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`;

// One reply from the front of buf: { value, rest } or null while incomplete.
function reply(buf) {
  const eol = buf.indexOf("\r\n");
  if (eol < 0) return null;
  const head = buf.slice(0, eol).toString();
  if (head[0] === "+" || head[0] === ":") return { value: head.slice(1), rest: buf.subarray(eol + 2) };
  if (head[0] === "-") return { error: head.slice(1), rest: buf.subarray(eol + 2) };
  if (head[0] === "$") {
    const n = Number(head.slice(1));
    if (n < 0) return { value: null, rest: buf.subarray(eol + 2) };
    if (buf.length < eol + 2 + n + 2) return null;
    return { value: buf.subarray(eol + 2, eol + 2 + n).toString(), rest: buf.subarray(eol + 2 + n + 2) };
  }
  return { error: `unexpected reply ${head.slice(0, 40)}`, rest: Buffer.alloc(0) };
}

// INFO <sections> as { key: value }.
export function redisInfo(config, sections = ["server", "cpu", "commandstats"], timeoutMs = 5000) {
  const { host, port, password, user } = redisEndpoint(config);
  const cmds = [];
  if (password) cmds.push(user ? command("AUTH", user, password) : command("AUTH", password));
  cmds.push(command("INFO", ...sections));
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let buf = Buffer.alloc(0);
    let pending = cmds.length;
    socket.setTimeout(timeoutMs, () => { socket.destroy(); reject(new Error("redis INFO timeout")); });
    socket.on("error", reject);
    socket.on("connect", () => socket.write(cmds.join("")));
    socket.on("data", (d) => {
      buf = Buffer.concat([buf, d]);
      for (let r; pending > 0 && (r = reply(buf)); ) {
        buf = r.rest;
        pending--;
        if (r.error) { socket.destroy(); reject(new Error(`redis: ${r.error}`)); return; }
        if (pending === 0) { socket.end(); resolve(parseInfo(r.value)); }
      }
    });
  });
}

export function parseInfo(text) {
  const out = {};
  for (const line of text.split("\r\n")) {
    const i = line.indexOf(":");
    if (i > 0 && line[0] !== "#") out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

// Sum of calls= over every cmdstat_* line.
export function commandCalls(info) {
  let calls = 0;
  for (const [k, v] of Object.entries(info)) {
    if (k.startsWith("cmdstat_")) calls += Number(/calls=(\d+)/.exec(v)?.[1] ?? 0);
  }
  return calls;
}
