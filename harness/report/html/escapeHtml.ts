const ENTITIES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' };

/**
 * Text safe in HTML and SVG, both as content and inside a quoted attribute:
 * every user-controlled string (case, pair and layer names, messages, file
 * paths) goes through it, so markup in them is shown, never parsed.
 */
export function escapeHtml(s: unknown): string {
  return String(s).replace(/[<>&"']/g, (c) => ENTITIES[c]);
}

/** Text safe as element content (not in attributes): quotes need no escaping there, which keeps large specs small. */
export function escapeText(s: unknown): string {
  return String(s).replace(/[<>&]/g, (c) => ENTITIES[c]);
}

/**
 * JSON that can sit inside a `<script>` element: `<` is written `\u003c`
 * (so neither `</script>` nor `<!--` can end or bend the element) and the
 * line separators U+2028/U+2029 are escaped (older parsers end a string at
 * them). JSON.parse reads it back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
