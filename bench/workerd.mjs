// What the benchmarks read of a `wrangler dev`'s workerd from /proc: the processes named workerd
// in the process group that startServer's `pid` leads (tests/support/server.mjs), their CPU
// time and their resident memory.
import { readFileSync, readdirSync } from 'node:fs';

const TICKS_PER_MS = 100 / 1000; // USER_HZ, 100 on Linux

/** CPU milliseconds spent so far (user + system, every thread) and resident MiB now, summed over
 *  the workerd processes of `pgid`'s process group; `proxyMiB` and `runtimeMiB` split the
 *  resident memory between wrangler dev's two workerd processes: its proxy (the ProxyWorker that
 *  every request crosses, and the InspectorProxyWorker) and the runtime that runs the worker, D1
 *  and the assets (the one started with an inspector address). */
export function workerdStats(pgid) {
  let ticks = 0;
  let kib = 0;
  let runtimeKib = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let stat; let status;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      status = readFileSync(`/proc/${pid}/status`, 'utf8');
    } catch { continue; }
    // The command name is in parentheses and may hold spaces: the fields follow the last ')'.
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): pgrp is field 5, utime 14, stime 15.
    if (!comm.startsWith('workerd') || Number(fields[2]) !== pgid) continue;
    ticks += Number(fields[11]) + Number(fields[12]);
    const rss = Number(status.match(/^VmRSS:\s+(\d+)/m)?.[1] ?? 0);
    kib += rss;
    let args = '';
    try { args = readFileSync(`/proc/${pid}/cmdline`, 'utf8'); } catch { /* gone meanwhile */ }
    if (args.includes('--inspector-addr')) runtimeKib += rss;
  }
  return { cpuMs: ticks / TICKS_PER_MS, rssMiB: kib / 1024, runtimeMiB: runtimeKib / 1024, proxyMiB: (kib - runtimeKib) / 1024 };
}
