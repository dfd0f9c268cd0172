// The Python editor both the battle and the replay page build: it replaces the server-rendered
// <textarea> inside `host` (which keeps the page readable without script) with CodeMirror.
import { EditorView, basicSetup } from "codemirror";
import { EditorState } from "@codemirror/state";
import { python } from "@codemirror/lang-python";
import { darkTheme } from "./theme.js";

export function mountEditor(host, extensions) {
  const source = host.querySelector("textarea");
  const view = new EditorView({
    parent: host,
    state: EditorState.create({
      doc: source.value,
      extensions: [
        basicSetup,
        python(),
        darkTheme,
        EditorView.contentAttributes.of({ "aria-label": host.getAttribute("aria-label") ?? "Code" }),
        extensions,
      ],
    }),
  });
  source.remove();
  return view;
}
