import { REPORT_CSS } from '../styles.ts';

/** Additions to the base stylesheet (../styles.ts): filter bar, checklist rows, sign-off page, print layout. */
export const REPORT_V1_CSS = `${REPORT_CSS}
.kicker { color: var(--muted); margin: 0; font-size: .9rem; }
.subtitle { font-size: 1.05rem; color: var(--muted); margin-top: -.3rem; }
.v-not-applicable { color: #3d4752; background: #eaeef2; }
.filters { position: sticky; top: 0; background: #fff; border: 1px solid var(--line); padding: .4rem .75rem; margin: 1rem 0; z-index: 1; }
.filters label { margin: 0 1rem 0 .35rem; font-weight: 600; }
body.failed-only tr[data-verdict]:not([data-verdict="failed"]),
body.failed-only article.item:not([data-verdict="failed"]) { display: none; }
table.checklist th[scope="row"], table.checklist td:nth-child(2), table.checklist td:nth-child(3) { white-space: nowrap; }
article.item { border-top: 2px solid var(--line); margin-top: 1.25rem; }
article.item:target { outline: 3px solid #0969da; outline-offset: 4px; }
h5 { font-size: .95rem; margin: .8rem 0 .3rem; }
.jose { border-left: 4px solid #0969da; padding-left: .6rem; margin: .4rem 0; }
figure { margin: .5rem 0; }
figure img { max-width: 100%; border: 1px solid var(--line); }
nav ol { padding-left: 1.25rem; }
.toc-title { border: 0; margin-top: 1rem; }
.failed-list li { margin: .2rem 0; }
table.signoff-fields th { width: 30%; }
table.signoff-fields td.blank { height: 3rem; }
@media print {
  nav { display: block !important; break-after: page; }
  .filters, .skip-link { display: none !important; }
  .platform, .signoff { break-before: page; }
  article.item, .record, tr { break-inside: avoid; }
  body { font-size: 11px; }
  pre { font-size: 9px; }
}
`;
