// A dark, high-contrast CodeMirror theme matching site.css.
import { EditorView } from "@codemirror/view";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { tags as t } from "@lezer/highlight";

const base = EditorView.theme(
  {
    "&": { color: "#f2f4f8", backgroundColor: "#0b0d12", height: "100%", fontSize: "14px" },
    ".cm-content": { caretColor: "#ffd23f", fontFamily: "ui-monospace, 'DejaVu Sans Mono', monospace" },
    ".cm-cursor, .cm-dropCursor": { borderLeftColor: "#ffd23f", borderLeftWidth: "2px" },
    "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": { backgroundColor: "#264f78" },
    ".cm-gutters": { backgroundColor: "#0b0d12", color: "#7d8590", border: "none", borderRight: "1px solid #30363d" },
    ".cm-activeLine": { backgroundColor: "#161b22" },
    ".cm-activeLineGutter": { backgroundColor: "#161b22", color: "#f2f4f8" },
    "&.cm-focused": { outline: "2px solid #ffd23f", outlineOffset: "-2px" },
    ".cm-scroller": { overflow: "auto" },
  },
  { dark: true },
);

const highlight = HighlightStyle.define([
  { tag: t.keyword, color: "#ff7b72", fontWeight: "bold" },
  { tag: [t.string, t.special(t.string)], color: "#a5d6ff" },
  { tag: [t.number, t.bool, t.null], color: "#79c0ff" },
  { tag: t.comment, color: "#8b949e", fontStyle: "italic" },
  { tag: [t.function(t.variableName), t.function(t.propertyName)], color: "#d2a8ff" },
  { tag: t.definition(t.variableName), color: "#ffa657" },
  { tag: t.operator, color: "#ff7b72" },
  { tag: t.className, color: "#ffa657" },
]);

export const darkTheme = [base, syntaxHighlighting(highlight)];
