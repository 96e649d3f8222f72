/** Small HTML helpers for the self-service portal: every interpolated value is escaped. */
export function esc(v: unknown): string {
  return String(v ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function page(title: string, environment: string, main: string): string {
  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} – FIT-Connect Self-Service-Portal (govsim, ${esc(environment)})</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b;background:#f6f7f9}
header,footer{background:#0b3d6b;color:#fff;padding:.75rem 1.5rem}
main{max-width:64rem;margin:0 auto;padding:1rem 1.5rem}
section{background:#fff;border:1px solid #d0d4da;border-radius:6px;padding:1rem;margin:1rem 0}
table{border-collapse:collapse;width:100%}th,td{text-align:left;border-bottom:1px solid #e2e5e9;padding:.35rem;vertical-align:top}
label{display:block;margin:.4rem 0 .1rem;font-weight:600}input,select{padding:.3rem;min-width:18rem}
button{margin-top:.5rem;padding:.35rem .8rem}.notice{border-left:4px solid #2e7d32;background:#eef7ee;padding:.6rem}
.error{border-left:4px solid #b00020;background:#fdecee;padding:.6rem}code{word-break:break-all}
</style>
</head>
<body>
<header><p>FIT-Connect Self-Service-Portal · Umgebung <strong>${esc(environment)}</strong> · govsim (Testsystem, fiktive Daten)</p></header>
<main>
<h1>${esc(title)}</h1>
${main}
</main>
<footer><p>govsim simulator – not the FITKO portal. All accounts, clients and keys are fictitious.</p></footer>
</body>
</html>`;
}
