import type { ResolvedConfig } from './types.ts';

/** Resolved settings as commented JSON lines: each value with the source that decided it. */
export function printConfig(config: ResolvedConfig): string {
  const { sources, file, ...settings } = config;
  const lines = [`// config file: ${file ?? '(none)'}`, '// precedence: flag > env > file > default'];
  const walk = (value: unknown, path: string) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
      return;
    }
    const source = sources[path];
    lines.push(`${path} = ${JSON.stringify(value)}${source ? `    // ${source.origin === source.name ? source.origin : `${source.origin}: ${source.name}`}` : ''}`);
  };
  walk(settings, '');
  return lines.join('\n');
}
