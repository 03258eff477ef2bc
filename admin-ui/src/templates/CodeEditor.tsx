// The CodeMirror editor itself. Loaded only through CodeInput's React.lazy, so CodeMirror and
// its HTML language end up in their own chunk instead of the console's main bundle. Built from
// CodeMirror's own packages with just what a template editor needs (line numbers, history,
// bracket and tag matching, highlighting) rather than a "basic setup" that also ships search,
// lint and completion UIs: the console has a size budget.
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { html } from '@codemirror/lang-html';
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { EditorState } from '@codemirror/state';
import {
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { useEffect, useRef } from 'react';

export type CodeEditorProps = {
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  language: 'html' | 'text' | 'json';
  /** Accessible name of the editable area. */
  label: string;
  /** Element id(s) describing the editor (its helper or error text). */
  describedBy?: string;
  invalid?: boolean;
  readOnly?: boolean;
  dark?: boolean;
};

const lightTheme = EditorView.theme({
  '&': { minHeight: '160px', maxHeight: '480px', fontSize: '13px', backgroundColor: '#fff' },
  '.cm-scroller': { overflow: 'auto', fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' },
  '.cm-gutters': { backgroundColor: '#f5f5f5', color: '#999', border: 'none' },
});
const darkTheme = EditorView.theme(
  {
    '&': { minHeight: '160px', maxHeight: '480px', fontSize: '13px', backgroundColor: '#1e1e1e', color: '#ddd' },
    '.cm-scroller': { overflow: 'auto', fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' },
    '.cm-gutters': { backgroundColor: '#252525', color: '#777', border: 'none' },
    '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: '#2a2a2a' },
    '&.cm-focused .cm-cursor': { borderLeftColor: '#ddd' },
  },
  { dark: true },
);

export default function CodeEditor(props: CodeEditorProps) {
  const { value, language, label, describedBy, invalid, readOnly, dark } = props;
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  // The latest callbacks, read by the editor's listeners without rebuilding the editor.
  const callbacks = useRef(props);
  callbacks.current = props;

  useEffect(() => {
    const state = EditorState.create({
      doc: callbacks.current.value,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        ...(readOnly ? [] : [highlightActiveLine()]),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
        ...(language === 'html' ? [html()] : []),
        EditorView.lineWrapping,
        EditorState.readOnly.of(Boolean(readOnly)),
        EditorView.editable.of(!readOnly),
        dark ? darkTheme : lightTheme,
        EditorView.contentAttributes.of({
          'aria-label': label,
          'aria-invalid': invalid ? 'true' : 'false',
          ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) callbacks.current.onChange(update.state.doc.toString());
          if (update.focusChanged && !update.view.hasFocus) callbacks.current.onBlur?.();
        }),
      ],
    });
    const editor = new EditorView({ state, parent: host.current! });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
  }, [language, label, describedBy, invalid, readOnly, dark]);

  // A value changed from outside (form reset, record loaded) replaces the document.
  useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== value)
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
  }, [value]);

  return <div ref={host} />;
}
