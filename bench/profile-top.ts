/**
 * Summarises V8 CPU profiles (from `npm run bench -- --cpu-prof`): the functions with the most
 * self time, with file and line. Usage: node --import tsx bench/profile-top.ts <file.cpuprofile> [top]
 */
import { readFileSync } from 'node:fs';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }
interface Profile { nodes: Node[]; samples?: number[]; timeDeltas?: number[] }

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: bench/profile-top.ts <file.cpuprofile> [top]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const self = new Map<string, number>();
const total = profile.nodes.reduce((n, x) => n + (x.hitCount ?? 0), 0);
for (const n of profile.nodes) {
  const where = n.callFrame.url.replace(/^file:\/\/.*?\/(node_modules|simulators|bench|cli)\//, '$1/');
  const key = `${n.callFrame.functionName || '(anonymous)'}  ${where}:${n.callFrame.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + (n.hitCount ?? 0));
}
const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 25));
for (const [k, v] of top) console.log(`${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
