// Every page: htmx with the anti-forgery header, toasts for refused requests, and the hub connection.
import htmx from "htmx.org";
import { HubConnectionBuilder, LogLevel } from "@microsoft/signalr";

window.htmx = htmx;

// 4xx responses carry a server-rendered message for the request's target; 5xx become a toast.
htmx.config.responseHandling = [
  { code: "204", swap: false },
  { code: "[23]..", swap: true },
  { code: "4..", swap: true, error: false },
  { code: "...", swap: false, error: true },
];

const antiForgeryToken = () => document.querySelector('meta[name="request-verification-token"]')?.content;

document.addEventListener("htmx:configRequest", (e) => {
  const token = antiForgeryToken();
  if (token) e.detail.headers["RequestVerificationToken"] = token;
  // Run/Submit send the editor's text; battle.js registers the provider.
  if (e.detail.elt.closest("[data-include-code]") && window.duelEditorCode) {
    e.detail.parameters.code = window.duelEditorCode();
  }
});

export function toast(message, kind = "error") {
  const box = document.getElementById("toasts");
  if (!box) return;
  const item = document.createElement("div");
  item.className = `toast toast-${kind}`;
  item.setAttribute("role", kind === "error" ? "alert" : "status");
  item.textContent = message;
  box.append(item);
  setTimeout(() => item.remove(), 6000);
}
window.duelToast = toast;

document.addEventListener("htmx:responseError", (e) => {
  const xhr = e.detail.xhr;
  toast(xhr.status === 413 ? "That is too large to send (limit 64 KiB)." : `Request failed (${xhr.status}). Try again.`);
});
document.addEventListener("htmx:sendError", () => toast("Cannot reach the server. Check your connection."));

// One hub connection per page for signed-in users. Listeners are registered once, here, so a
// page never stacks duplicates; pages subscribe through DOM events instead.
function startHub() {
  if (!document.body.dataset.player) return null;
  const connection = new HubConnectionBuilder()
    .withUrl("/hubs/duel")
    .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 10000, 15000, 30000])
    .configureLogging(LogLevel.Warning)
    .build();
  const emit = (name, detail) => window.dispatchEvent(new CustomEvent(name, { detail }));
  connection.on("matchFound", (m) => goTo(m.url));
  connection.on("fragment", (m) => htmx.swap(document.body, m.html, { swapStyle: "none" }));
  connection.on("battle", (m) => emit("duel:battle", m));
  connection.on("code", (m) => emit("duel:code", m));
  connection.onreconnecting(() => setStatus("reconnecting"));
  connection.onreconnected(() => { setStatus("connected"); emit("duel:connected", connection); });
  connection.onclose(() => { setStatus("offline"); setTimeout(start, 3000); });

  async function start() {
    try {
      await connection.start();
      setStatus("connected");
      emit("duel:connected", connection);
    } catch {
      setStatus("offline");
      setTimeout(start, 2000);
    }
  }
  start();
  return connection;
}

// The joiner of a match is redirected by the response and told by the hub: navigate once.
let leaving = false;
window.addEventListener("beforeunload", () => { leaving = true; });
function goTo(url) {
  if (leaving || location.pathname === url) return;
  leaving = true;
  location.assign(url);
}

function setStatus(state) {
  const dot = document.getElementById("hub-status");
  if (!dot) return;
  dot.dataset.state = state;
  dot.title = `Live updates: ${state}`;
}

window.duelHub = startHub();

// Clocks render server-side with a deadline (countdown) or a start (elapsed); the client only ticks.
function tickClocks() {
  const now = Date.now();
  for (const el of document.querySelectorAll("[data-deadline],[data-since]")) {
    const seconds = el.dataset.deadline
      ? Math.max(0, Math.floor((Date.parse(el.dataset.deadline) - now) / 1000))
      : Math.max(0, Math.floor((now - Date.parse(el.dataset.since)) / 1000));
    const text = el.dataset.format === "seconds"
      ? `${seconds}`
      : `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
    if (el.textContent !== text) el.textContent = text;
  }
}
setInterval(tickClocks, 250);
document.addEventListener("DOMContentLoaded", tickClocks);
document.addEventListener("htmx:afterSettle", tickClocks);
