// wrangler dev's own failure, told apart from Twofold's answers. Every request crosses wrangler's
// ProxyWorker (a second workerd) on its way to the worker; under many requests at once on a busy
// machine that hop sometimes fails ("Network connection lost", seen in the ProxyWorker). wrangler
// then sends a GET again itself, and answers anything else 503 "Your worker restarted
// mid-request. Please try sending the request again" (its check compares the request's whole URL
// with the worker's bare one, so every such failure reads as a restart). Twofold never answers
// 503, and production has no such proxy: the suites send that one answer again, once, and say so.

const DROPPED = 'Your worker restarted mid-request';

/** Runs `send()` (answering a fetch `Response` or a playwright `APIResponse`), and once more if
 *  wrangler's proxy dropped it; `what` names the request in the output. */
export async function sendPastDevProxy(send, what) {
  const res = await send();
  // A fetch Response has `status` and a body read once; playwright's has `status()` and keeps it.
  const fetched = typeof res.status === 'number';
  if ((fetched ? res.status : res.status()) !== 503) return res;
  if (!(await (fetched ? res.clone() : res).text()).startsWith(DROPPED)) return res;
  console.log(`[dev proxy] wrangler dev's proxy dropped ${what} (503 "${DROPPED}"): sent again`);
  return send();
}
