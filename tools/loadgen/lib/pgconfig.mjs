// "Host=..;Port=..;Username=..;Password=..;Database=.." (Npgsql) -> pg client config.
export function pgConfig(conn) {
  const kv = Object.fromEntries(conn.split(";").filter(Boolean).map((p) => {
    const i = p.indexOf("=");
    return [p.slice(0, i).trim().toLowerCase(), p.slice(i + 1)];
  }));
  return { host: kv.host, port: Number(kv.port ?? 5432), user: kv.username ?? kv.user, password: kv.password, database: kv.database };
}
