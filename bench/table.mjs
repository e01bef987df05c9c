// The table `make bench` ends with: every target of issue 15 a bench measured (bench/verdicts.mjs),
// with Twofold's figure, the floor's where there is one, their ratio, the target and whether it is
// met. Usage: node bench/table.mjs [--clear]
import { clear, latest } from './verdicts.mjs';

if (process.argv[2] === '--clear') {
  clear();
} else {
  const rows = latest();
  const head = ['measure', 'Twofold', 'floor', 'ratio', 'target', 'met'];
  const cells = rows.map((r) => [r.measure, r.twofold, r.floor, r.ratio == null ? '' : `${r.ratio.toFixed(2)}×`, r.target, r.met ? 'yes' : 'NO']);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => c.map((x, i) => x.padEnd(widths[i])).join(' │ ');
  console.log(`\n${line(head)}\n${widths.map((w) => '─'.repeat(w)).join('─┼─')}`);
  for (const c of cells) console.log(line(c));
  const met = rows.filter((r) => r.met).length;
  console.log(`\n${met} of ${rows.length} targets met${rows.length ? '' : ' (no bench recorded anything: run make bench)'}`);
}
