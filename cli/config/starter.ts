import type { GovsimConfig } from './types.ts';

export interface StarterOptions {
  platform: string;
  /** Registry title of the platform, for the header comment. */
  title: string;
  /** The platform's fixed ports for `govsim up`. */
  ports: Record<string, number>;
  sutMode: NonNullable<GovsimConfig['sut']>['mode'] & string;
  /** Trigger mode: the command, or a webhook URL when it starts with http(s)://. */
  trigger?: string;
  format: 'json' | 'ts';
  /** Path or URL for "$schema" (JSON only). */
  schemaRef: string;
}

const SUT_TEXT: Record<StarterOptions['sutMode'], string[]> = {
  reference: [
    'reference: govsim\'s built-in reference client plays the system under test.',
    'Use it to see the suite pass before you connect your own software.',
  ],
  trigger: [
    'trigger (for CI): for every action a scenario needs, govsim runs "command" with',
    'GOVSIM_PLATFORM, GOVSIM_ACTION, GOVSIM_PARAMS (JSON) and GOVSIM_SCENARIO (JSON) in the',
    'environment (or POSTs the same as JSON to "webhook"). Exit code 0 / HTTP 2xx = done.',
    '"npx govsim reference-client" is a runnable stand-in for your software.',
  ],
  manual: [
    'manual: each scenario prints what the tester must do and waits for the exchange',
    'to show up in the evidence, up to "timeoutMs".',
  ],
};

const TIMEOUTS: Record<StarterOptions['sutMode'], number> = { reference: 10_000, trigger: 60_000, manual: 300_000 };

/** The text of a commented starter govsim.config.json (JSON with comments) or govsim.config.ts. */
export function starterConfig(o: StarterOptions): string {
  const sut: Record<string, unknown> = { mode: o.sutMode };
  if (o.sutMode === 'trigger') {
    const target = o.trigger ?? 'npx govsim reference-client';
    if (/^https?:\/\//.test(target)) sut.webhook = target;
    else sut.command = target;
  }
  sut.timeoutMs = TIMEOUTS[o.sutMode];
  const portsText = Object.entries(o.ports).map(([n, p]) => `${n} ${p}`).join(', ');
  const exampleOverride = JSON.stringify({ [o.platform]: Object.fromEntries(Object.entries(o.ports).slice(0, 1)) });
  const c = (lines: string[], indent = '  ') => lines.map((l) => `${indent}// ${l}`).join('\n');
  const q = (v: unknown) => (o.format === 'ts' ? tsLiteral(v) : JSON.stringify(v));
  const k = (key: string) => (o.format === 'ts' && /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key));
  const body = [
    o.format === 'json' ? `  ${k('$schema')}: ${q(o.schemaRef)},\n` : '',
    c(['Platforms to start (govsim up) and suites to run (govsim run). Env: GOVSIM_PLATFORMS.']),
    `  ${k('platforms')}: ${q([o.platform])},`,
    '',
    c(['Platform environment, e.g. FIT-Connect "test" or "refz". Env: GOVSIM_ENV.']),
    `  // ${k('environment')}: ${q('test')},`,
    '',
    c([`Fixed ports of ${o.platform} for govsim up: ${portsText}. Override a port by name:`]),
    `  // ${k('ports')}: ${o.format === 'ts' ? tsLiteral(JSON.parse(exampleOverride)) : exampleOverride},`,
    '',
    c(['Persistent test PKI (trust its root CA in your software\'s test setup). Env: GOVSIM_PKI_DIR.']),
    `  ${k('pkiDir')}: ${q('.govsim/pki')},`,
    '',
    c(['Evidence, run folders and reports: <outDir>/runs/<runId>/. Env: GOVSIM_OUT_DIR.']),
    `  ${k('outDir')}: ${q('govsim-out')},`,
    '',
    c(['How "govsim run" drives your software (the system under test). Env: GOVSIM_SUT,', 'GOVSIM_SUT_COMMAND, GOVSIM_SUT_WEBHOOK, GOVSIM_TIMEOUT_MS.']),
    c(SUT_TEXT[o.sutMode]),
    `  ${k('sut')}: {`,
    Object.entries(sut).map(([key, v]) => `    ${k(key)}: ${q(v)}`).join(',\n'),
    '  },',
    '',
    c(['Only some checklist items, as a Cucumber tag expression. Env: GOVSIM_TAGS.']),
    `  // ${k('tags')}: ${q('not @slow')},`,
  ].join('\n');
  const header = [
    `govsim configuration for ${o.title} (${o.platform}), SUT mode "${o.sutMode}".`,
    'Written by "govsim init". Precedence, highest first: command-line flags,',
    'GOVSIM_* environment variables, this file, built-in defaults.',
    o.format === 'json' ? 'Comments are allowed in this file; the "$schema" documents every setting.' : 'Every setting is documented in cli/config/govsim.config.schema.json.',
  ];
  if (o.format === 'ts') {
    return `${c(header, '')}\nimport type { GovsimConfig } from 'govsim';\n\nexport default {\n${trimTrailingComma(body)}\n} satisfies GovsimConfig;\n`;
  }
  return `${c(header, '')}\n{\n${trimTrailingComma(body)}\n}\n`;
}

/** JSON does not allow a comma after the last member; comments after it are fine. */
function trimTrailingComma(body: string): string {
  const lines = body.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const t = lines[i].trim();
    if (t === '' || t.startsWith('//')) continue;
    lines[i] = lines[i].replace(/,$/, '');
    break;
  }
  return lines.join('\n');
}

function tsLiteral(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(tsLiteral).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    return `{ ${Object.entries(v).map(([key, val]) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}: ${tsLiteral(val)}`).join(', ')} }`;
  }
  return typeof v === 'string' ? `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : JSON.stringify(v);
}
