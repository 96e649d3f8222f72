/** Inline stylesheet of report.html: readable on screen and in print, no external assets. */
export const REPORT_CSS = `
:root { color-scheme: light; --fg:#1b1f24; --muted:#57606a; --line:#d0d7de; --bg-soft:#f6f8fa;
  --pass:#116329; --pass-bg:#dafbe1; --fail:#a40e26; --fail-bg:#ffebe9; --skip:#6e5600; --skip-bg:#fff8c5; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); margin: 0; }
header, main, footer, nav { max-width: 1200px; margin: 0 auto; padding: 0 1.25rem; }
header { padding-top: 1.25rem; border-bottom: 1px solid var(--line); }
h1 { font-size: 1.6rem; margin: .2rem 0 .6rem; }
h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
h3 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
h4 { font-size: 1rem; margin: 1rem 0 .4rem; }
a { color: #0550ae; }
a:focus, summary:focus { outline: 2px solid #0969da; outline-offset: 2px; }
.skip-link { position: absolute; left: -999px; }
.skip-link:focus { left: 1rem; top: 1rem; background: #fff; padding: .25rem .5rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
td.mono, td pre, table.wrap td { overflow-wrap: anywhere; }
th { background: var(--bg-soft); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.facts dt { font-weight: 600; color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85rem; }
pre { background: var(--bg-soft); border: 1px solid var(--line); padding: .5rem; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
.verdict, .status { white-space: nowrap; display: inline-block; padding: 0 .45rem; border-radius: .6rem; font-weight: 600; font-size: .85rem; }
.v-passed, .s-PASSED { color: var(--pass); background: var(--pass-bg); }
.v-failed, .s-FAILED, .s-UNDEFINED, .s-AMBIGUOUS { color: var(--fail); background: var(--fail-bg); }
.v-not-run, .s-SKIPPED, .s-PENDING, .s-UNKNOWN { color: var(--skip); background: var(--skip-bg); }
.fingerprint { font-family: ui-monospace, monospace; font-size: .95rem; overflow-wrap: anywhere; background: var(--bg-soft); padding: .2rem .4rem; }
.record { border: 1px solid var(--line); border-radius: .4rem; padding: .25rem .75rem .5rem; margin: .5rem 0; }
.muted { color: var(--muted); }
.warning { border-left: 4px solid var(--skip); background: var(--skip-bg); padding: .4rem .75rem; }
details > summary { cursor: pointer; }
@media print { nav, .skip-link { display: none; } a { color: inherit; } }
`;
