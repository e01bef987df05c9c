// A DevTools protocol client for the worker's isolate, over the inspector that `wrangler dev`
// serves (startServer's `inspectorPort`): tests/http/memory.test.mjs and bench/load.mjs read its
// memory through it.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { ROOT } from './server.mjs';

// `ws` is not a direct dependency: wrangler and miniflare depend on it (8.18 in package-lock.json),
// and Node 20 has no WebSocket client of its own.
const WebSocket = createRequire(`${ROOT}/package.json`)('ws');

/** A DevTools protocol client over the inspector's WebSocket. */
export class Inspector {
  static async connect(port) {
    const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
    // wrangler lists one target, the user worker's isolate (the assets workers are not inspectable).
    assert.equal(targets.length, 1, JSON.stringify(targets));
    const ws = new WebSocket(targets[0].webSocketDebuggerUrl);
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
    const self = new Inspector(ws);
    // The proxy replays the isolate's buffered events on connection, the execution context among them.
    const deadline = Date.now() + 10_000;
    while (self.contextId === undefined) {
      assert.ok(Date.now() < deadline, 'no execution context from the inspector');
      await new Promise((r) => setTimeout(r, 50));
    }
    return self;
  }

  constructor(ws) {
    this.ws = ws;
    this.next = 0;
    this.pending = new Map();
    ws.on('message', (data) => {
      const msg = JSON.parse(data);
      if (msg.method === 'Runtime.executionContextCreated') this.contextId = msg.params.context.id;
      const waiter = this.pending.get(msg.id);
      if (!waiter) return;
      this.pending.delete(msg.id);
      if (msg.error) waiter.reject(new Error(`${waiter.method}: ${JSON.stringify(msg.error)}`));
      else waiter.resolve(msg.result);
    });
  }

  send(method, params = {}) {
    return new Promise((resolve, reject) => {
      const id = ++this.next;
      const timer = setTimeout(() => { this.pending.delete(id); reject(new Error(`${method}: no answer`)); }, 30_000);
      this.pending.set(id, {
        method,
        resolve: (v) => { clearTimeout(timer); resolve(v); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  /** `map` (a function's source) applied to the array of live objects whose prototype is `proto`;
   *  the query collects all garbage first. */
  async live(proto, map) {
    const { result } = await this.send('Runtime.evaluate', { expression: proto, contextId: this.contextId, objectGroup: 'memory' });
    const { objects } = await this.send('Runtime.queryObjects', { prototypeObjectId: result.objectId, objectGroup: 'memory' });
    const out = await this.send('Runtime.callFunctionOn', { objectId: objects.objectId, functionDeclaration: `function () { return this.map(${map}); }`, returnByValue: true });
    return out.result.value;
  }
  /** The isolate's figures after full collections: its heap (JS heap, workerd's C++ objects in
   *  V8's embedder heap, ArrayBuffer backing stores), its one wasm memory's bytes, and the live
   *  entries and slots of its wasm tables. */
  async memory() {
    const wasm = await this.live('WebAssembly.Memory.prototype', '(m) => m.buffer.byteLength');
    // Live entries: wasm-bindgen empties an externref slot when Rust drops the value (and the
    // function table never changes), so the count rises only with values Rust keeps.
    const tables = await this.live('WebAssembly.Table.prototype', `(t) => {
      let live = 0;
      for (let k = 0; k < t.length; k++) if (t.get(k) != null) live++;
      return [live, t.length];
    }`);
    // The handles above are released before the last collection, so they do not count.
    await this.send('Runtime.releaseObjectGroup', { objectGroup: 'memory' });
    await this.live('WebAssembly.Module.prototype', '() => 0');
    await this.send('Runtime.releaseObjectGroup', { objectGroup: 'memory' });
    const h = await this.send('Runtime.getHeapUsage');
    // The worker's memory, and its tools module's once an isolate has used it (worker/tools.mjs
    // drops an instance for a fresh one: a dropped memory no longer counts here).
    assert.ok(wasm.length >= 1 && wasm.length <= 2, `the worker's wasm memory and at most its tools': ${wasm}`);
    return {
      heap: h.usedSize + (h.embedderHeapUsedSize ?? 0) + (h.backingStorageSize ?? 0),
      wasm: wasm.reduce((sum, bytes) => sum + bytes, 0),
      memories: wasm.length,
      tableLive: tables.reduce((sum, [live]) => sum + live, 0),
      tableSlots: tables.reduce((sum, [, slots]) => sum + slots, 0),
    };
  }
}
