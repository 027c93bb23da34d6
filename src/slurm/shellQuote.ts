/**
 * Quoting for values written into generated bash scripts: paths are user input and may hold spaces or shell
 * metacharacters, so every interpolated word goes through `shellQuote` instead of ad-hoc string building.
 */

/** `text` as one bash word: bare when it holds only safe characters, else single-quoted. */
export function shellQuote(text: string): string {
  if (text.length > 0 && /^[A-Za-z0-9_@%+=:,./-]+$/.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
