// Battle and spectate pages: the editors, code mirroring over the hub, sequence-checked live
// updates, the countdown. State lives on the server; this file only reflects it.
import { Compartment, EditorState, Prec } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import { mountEditor } from "./editor.js";

const root = document.getElementById("battle");
if (root) init(root);

function init(root) {
  const battleId = root.dataset.battleId;
  const me = document.body.dataset.player;
  const canEdit = root.dataset.canEdit === "true";
  let lastSeq = Number(root.dataset.seq);
  const mirrors = new Map(); // playerId -> { view, seq }
  let mine = null;
  const editability = new Compartment();
  const editableExtensions = (on) => [EditorState.readOnly.of(!on), EditorView.editable.of(on)];

  for (const host of root.querySelectorAll("[data-editor]")) {
    const playerId = host.dataset.playerId;
    const editable = canEdit && playerId === me;
    const view = mountEditor(host, [
      editability.of(editableExtensions(editable)),
      // Above basicSetup, whose default keymap binds Mod-Enter to "insert blank line".
      editable ? Prec.highest(keymap.of([{ key: "Mod-Enter", run: submit, preventDefault: true }])) : [],
      editable ? EditorView.updateListener.of((u) => { if (u.docChanged) scheduleSend(); }) : [],
    ]);
    if (editable) mine = { view, seq: Number(host.dataset.seq) };
    else mirrors.set(playerId, { view, seq: Number(host.dataset.seq) });
  }

  window.duelEditorCode = () => (mine ? mine.view.state.doc.toString() : "");

  function submit() {
    document.querySelector("[data-action=submit]:not([disabled])")?.click();
    return true;
  }

  // Full snapshots, debounced; the sequence is a clock reading so it keeps growing across reloads.
  let timer = null;
  function scheduleSend() {
    clearTimeout(timer);
    timer = setTimeout(sendSnapshot, 200);
  }
  async function sendSnapshot() {
    timer = null;
    const hub = window.duelHub;
    if (!mine || !hub || hub.state !== "Connected") { timer = setTimeout(sendSnapshot, 500); return; }
    mine.seq = Math.max(Date.now(), mine.seq + 1);
    const code = mine.view.state.doc.toString();
    try {
      const reply = await hub.invoke("SendCode", battleId, mine.seq, code);
      if (reply.status === "throttled") timer = setTimeout(sendSnapshot, reply.retryAfterMs);
      else if (reply.status === "too-large") window.duelToast?.(reply.message);
    } catch {
      timer = setTimeout(sendSnapshot, 1000);
    }
  }

  // The code judged (or standing at the finish) goes out now rather than after the debounce, so the
  // opponent, the replay and a future ghost see exactly it; a no-op when nothing is pending.
  function flushSnapshot() {
    if (timer === null) return;
    clearTimeout(timer);
    timer = null;
    sendSnapshot();
  }
  document.addEventListener("click", (e) => { if (e.target.closest("[data-action=submit], [data-action=run]")) flushSnapshot(); });

  function setMirror(playerId, seq, code) {
    const mirror = mirrors.get(playerId);
    if (!mirror || seq <= mirror.seq) return; // never show older code after newer
    mirror.seq = seq;
    const view = mirror.view;
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: code } });
  }

  // A practice battle: the ghost's recorded code types itself at the recorded offsets. The server
  // rendered the step due at page load; the clock here continues from that moment.
  const ghost = document.getElementById("ghost-timeline");
  if (ghost && !ghost.dataset.endMs) playGhost(JSON.parse(ghost.textContent), Number(ghost.dataset.elapsedMs));
  function playGhost(steps, elapsedAtLoad) {
    const origin = performance.now() - elapsedAtLoad;
    let next = steps.filter((s) => s.offsetMs <= elapsedAtLoad).length;
    const tick = () => {
      if (document.getElementById("battle-panel")?.dataset.finished === "true") return;
      const now = performance.now() - origin;
      while (next < steps.length && steps[next].offsetMs <= now) { next++; setMirror("ghost", next, steps[next - 1].code); }
      if (next < steps.length) setTimeout(tick, steps[next].offsetMs - now);
    };
    tick();
  }

  window.addEventListener("duel:code", (e) => {
    const m = e.detail;
    if (m.battleId === battleId) setMirror(m.playerId, m.seq, m.code);
  });

  window.addEventListener("duel:battle", (e) => {
    const m = e.detail;
    if (m.battleId !== battleId || m.seq <= lastSeq) return;
    if (m.seq > lastSeq + 1) { refreshPanel(); return; }
    lastSeq = m.seq;
    window.htmx.swap(document.body, m.html, { swapStyle: "none" });
    afterUpdate();
  });

  // A missed event (gap) or a reconnect: fetch the whole panel and take its sequence number.
  let refreshing = false;
  async function refreshPanel() {
    if (refreshing) return;
    refreshing = true;
    try {
      // Every part of the panel is out of band, so nothing is swapped into the target itself.
      await window.htmx.ajax("GET", `/battles/${battleId}?handler=Panel`, { target: document.body, swap: "none" });
      const panel = document.getElementById("battle-panel");
      lastSeq = Math.max(lastSeq, Number(panel?.dataset.seq ?? lastSeq));
      afterUpdate();
    } finally {
      refreshing = false;
    }
  }

  async function join(hub) {
    try {
      const state = await hub.invoke("JoinBattle", battleId);
      for (const s of state.snapshots) setMirror(s.playerId, s.seq, s.code);
      if (state.seq !== lastSeq) refreshPanel();
    } catch {
      setTimeout(() => join(hub), 2000);
    }
  }
  window.addEventListener("duel:connected", (e) => join(e.detail));
  if (window.duelHub?.state === "Connected") join(window.duelHub);

  // When the battle is over the editor stops being editable.
  function afterUpdate() {
    const finished = document.getElementById("battle-panel")?.dataset.finished === "true";
    if (finished && mine) {
      flushSnapshot();
      mine.view.dispatch({ effects: editability.reconfigure(editableExtensions(false)) });
    }
  }

  // The result overlay can be closed to look at the code; it comes back on the next update.
  document.addEventListener("click", (e) => {
    if (e.target.closest("[data-dismiss]")) e.target.closest("[data-overlay]")?.remove();
  });
}
