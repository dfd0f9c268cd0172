// The public JSON API and hub contract (docs/api.md), in one place.
import { HubConnectionBuilder, HttpTransportType, LogLevel } from "@microsoft/signalr";

export const api = {
  guest: (s) => s.post("/api/session/guest", {}),
  join: (s, queue) => s.post(`/api/queue/${encodeURIComponent(queue)}/join`, {}),
  leave: (s, queue) => s.post(`/api/queue/${encodeURIComponent(queue)}/leave`, {}),
  forfeit: (s, id) => s.post(`/api/battles/${encodeURIComponent(id)}/forfeit`, {}),
  battle: (s, id) => s.get(`/api/battles/${encodeURIComponent(id)}`),
  run: (s, id, code) => s.post(`/api/battles/${encodeURIComponent(id)}/run`, { code }),
  submit: (s, id, code) => s.post(`/api/battles/${encodeURIComponent(id)}/submit`, { code }),
};

// Reconnects like the browser: immediately, then backing off; the balancer routes to a live node.
export function hubFor(session) {
  return new HubConnectionBuilder()
    .withUrl(`${session.baseUrl}/hubs/duel`, {
      transport: HttpTransportType.WebSockets,
      headers: { Cookie: session.cookieHeader(), "X-Duel-Client": "loadgen" },
    })
    .withAutomaticReconnect([0, 250, 500, 1000, 2000, 2000, 5000, 5000, 5000, 10000, 10000, 10000])
    .configureLogging(LogLevel.None)
    .build();
}
