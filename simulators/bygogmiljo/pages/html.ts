/** Small HTML helpers for the self-contained pages (no external assets, every value escaped). */
import { escapeXml } from '../../kernel/xml/index.ts';

export const esc = (v: unknown): string => escapeXml(String(v ?? '').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, ''));

const CSS = `
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#f6f7f9}
header,footer{background:#12355b;color:#fff;padding:.75rem 1.5rem}header a{color:#fff}
main{max-width:70rem;margin:0 auto;padding:1rem 1.5rem}
section{background:#fff;border:1px solid #d0d5dc;border-radius:6px;padding:1rem 1.25rem;margin:1rem 0}
table{border-collapse:collapse;width:100%}th,td{text-align:left;border-bottom:1px solid #e3e6ea;padding:.35rem .5rem;vertical-align:top}
label{display:block;font-weight:600;margin:.6rem 0 .2rem}input,select,textarea{font:inherit;padding:.35rem;width:100%;max-width:40rem;box-sizing:border-box}
fieldset{border:1px solid #d0d5dc;margin:.6rem 0;max-width:40rem}fieldset label{display:inline;font-weight:400;margin-right:1rem}fieldset input{width:auto}
button{font:inherit;padding:.4rem 1rem;margin-top:.75rem;background:#12355b;color:#fff;border:0;border-radius:4px;cursor:pointer}
.ok{background:#e6f4ea;border:1px solid #1e7b34;padding:.5rem 1rem}.error{background:#fdecea;border:1px solid #b3261e;padding:.5rem 1rem}
code{font-size:.9em;word-break:break-all}.muted{color:#555}`;

export function page(title: string, nav: string, body: string): string {
  return `<!doctype html>
<html lang="da">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>${esc(title)}</title><style>${CSS}</style></head>
<body>
<header><p><strong>Byg og Miljø</strong> — govsim-simulering (testmiljø, fiktive data) · <nav aria-label="Sider" style="display:inline">${nav}</nav></p></header>
<main id="main">
<h1>${esc(title)}</h1>
${body}
</main>
<footer><p>govsim · simuleret KOMBIT Byg og Miljø systemsnitflade. Kontrakten er modelleret, ikke officiel.</p></footer>
</body>
</html>`;
}

export const NAV = '<a href="/operator">Operatør</a> · <a href="/borger">Borger</a>';

export function flash(ok?: string, error?: string): string {
  return (ok ? `<p class="ok" role="status">${esc(ok)}</p>` : '') + (error ? `<p class="error" role="alert">${esc(error)}</p>` : '');
}
