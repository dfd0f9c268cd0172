// Replay page: plays a finished battle back in two read-only editors. The whole replay is embedded
// in the page (#replay-data, the same JSON as GET /api/battles/{id}/replay); nothing is fetched.
// At moment t each editor shows its side's latest step at or before t (empty before the first).
// The page opens at the end, on the final code; Play from the end starts again from 0.
import { EditorState } from "@codemirror/state";
import { EditorView, placeholder } from "@codemirror/view";
import { mountEditor } from "./editor.js";

const root = document.getElementById("replay");
if (root) init(root, JSON.parse(document.getElementById("replay-data").textContent));

function init(root, replay) {
  const duration = replay.durationMs;
  const scrub = root.querySelector("[data-testid=replay-scrub]");
  const clock = root.querySelector("[data-testid=replay-clock]");
  const play = root.querySelector("[data-action=play]");
  const speeds = [...root.querySelectorAll("[data-speed]")];

  const editors = replay.sides.map((side) => {
    const host = root.querySelector(`[data-replay-editor][data-player-id="${CSS.escape(side.playerId)}"]`);
    const view = mountEditor(host, [
      EditorState.readOnly.of(true),
      EditorView.editable.of(false),
      // Before a side's first snapshot the live page showed the starter; say so rather than look deleted.
      placeholder("No code sent yet (the starter was showing)"),
    ]);
    return { steps: side.steps, view, shown: null };
  });

  // Steps are ordered with non-decreasing offsets: binary search for the last one at or before t.
  function stepAt(steps, t) {
    let lo = 0, hi = steps.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (steps[mid].offsetMs <= t) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }

  let t = duration;
  function show(time) {
    t = Math.min(duration, Math.max(0, time));
    for (const e of editors) {
      const i = stepAt(e.steps, t);
      if (i === e.shown) continue; // replacing the text resets the scroll position; only do it on a change
      e.shown = i;
      const code = i < 0 ? "" : e.steps[i].code;
      e.view.dispatch({ changes: { from: 0, to: e.view.state.doc.length, insert: code } });
    }
    scrub.value = String(Math.round(t));
    const text = `${mmss(t)} / ${mmss(duration)}`;
    clock.textContent = text;
    scrub.setAttribute("aria-valuetext", text);
  }

  // Playback advances by real elapsed time times the speed, so a slow frame never slows the replay down.
  let playing = false, speed = 1, last = 0;
  function tick(now) {
    if (!playing) return;
    show(t + (now - last) * speed);
    last = now;
    if (t >= duration) setPlaying(false);
    else requestAnimationFrame(tick);
  }
  function setPlaying(on) {
    playing = on;
    play.textContent = on ? "Pause" : "Play";
    if (!on) return;
    if (t >= duration) show(0);
    last = performance.now();
    requestAnimationFrame(tick);
  }

  play.addEventListener("click", () => setPlaying(!playing));
  scrub.addEventListener("input", () => show(Number(scrub.value)));
  for (const button of speeds) {
    button.addEventListener("click", () => {
      speed = Number(button.dataset.speed);
      for (const b of speeds) b.setAttribute("aria-pressed", String(b === button));
    });
  }
  root.addEventListener("click", (e) => {
    const marker = e.target.closest("[data-testid=replay-marker]");
    if (marker) show(Number(marker.dataset.offset));
  });

  show(duration);
}

function mmss(ms) {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}
