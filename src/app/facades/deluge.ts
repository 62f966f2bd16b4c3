/**
 * What the Deluge editor may use of the language: its vocabulary for completion, the lexer's token classes
 * for highlighting, and the parser's diagnostics. The UI imports this file, never src/engine/deluge.
 */
export { DELUGE_BUILTINS, DELUGE_KEYWORDS, DELUGE_METHODS, classifyTokens, parseDeluge } from '../../engine/deluge/index.ts';
export type { DelugeDiagnostic, DelugeHint, TokenClass } from '../../engine/deluge/index.ts';
