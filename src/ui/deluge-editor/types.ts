export interface DelugeEditorProps {
  value: string;
  onchange: (value: string) => void;
  /** The workflow's connection link names, offered inside strings (`connection: "…"`). */
  linkNames: readonly string[];
  /** Accessible name of the editor, also shown above it. */
  label: string;
}
