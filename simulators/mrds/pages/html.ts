/** A tiny escaping HTML builder and the shared page frame (self-contained, no external assets). */

export class Html {
  constructor(readonly value: string) {}
  toString(): string { return this.value; }
}

export type HtmlValue = string | number | boolean | null | undefined | Html | readonly HtmlValue[];

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!));
}

function render(v: HtmlValue): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

/** Tagged template: every interpolation is escaped unless it is itself `html`. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new Html(out);
}

const CSS = `
:root { --blau: #004b87; --grau: #5b5b5b; --rot: #a4000f; --gruen: #1d6b2a; }
* { box-sizing: border-box; }
body { font-family: system-ui, "Segoe UI", Arial, sans-serif; margin: 0; color: #1a1a1a; background: #f4f5f7; line-height: 1.45; }
header { background: var(--blau); color: #fff; padding: .8rem 1.5rem; }
header p { margin: 0; font-size: .9rem; }
.sim { background: #ffe9a8; color: #3d2f00; padding: .3rem 1.5rem; font-size: .85rem; }
main { max-width: 52rem; margin: 1.5rem auto; background: #fff; padding: 1.5rem 2rem; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
h1 { font-size: 1.45rem; margin-top: 0; }
label { display: block; font-weight: 600; margin-top: 1rem; }
input[type=text], input[type=email], input[type=password], textarea { width: 100%; padding: .5rem; border: 1px solid #8a8a8a; border-radius: 4px; font: inherit; }
.hint { color: var(--grau); font-size: .9rem; margin: .2rem 0 0; }
.check { display: flex; gap: .6rem; align-items: flex-start; margin-top: 1.2rem; font-weight: normal; }
.check input { margin-top: .3rem; }
button { margin-top: 1.4rem; background: var(--blau); color: #fff; border: 0; padding: .7rem 1.2rem; font: inherit; font-weight: 600; border-radius: 4px; cursor: pointer; }
button:disabled { background: #b9b9b9; color: #4a4a4a; cursor: not-allowed; }
.ok { border-left: 5px solid var(--gruen); background: #eaf5ec; padding: .8rem 1rem; margin: 1rem 0; }
.fehler { border-left: 5px solid var(--rot); background: #fbeaec; padding: .8rem 1rem; margin: 1rem 0; }
details { margin-top: 1.5rem; border: 1px solid #c9c9c9; border-radius: 4px; padding: .5rem 1rem; }
summary { cursor: pointer; font-weight: 600; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .4rem; border-bottom: 1px solid #ddd; vertical-align: top; }
pre { white-space: pre-wrap; background: #f6f6f6; padding: .8rem; border-radius: 4px; }
a { color: var(--blau); }
`;

export function page(title: string, body: Html, o: { lang?: string } = {}): string {
  return html`<!DOCTYPE html>
<html lang="${o.lang ?? 'de'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${new Html(CSS)}</style>
</head>
<body>
<header><p>IT.Niedersachsen · Melderegisterdatenspiegel in Niedersachsen (MiN)</p></header>
<div class="sim" role="note">govsim-Simulation: Testumgebung mit fiktiven Daten, keine echte Bestellung.</div>
<main id="inhalt">
${body}
</main>
</body>
</html>
`.value;
}
