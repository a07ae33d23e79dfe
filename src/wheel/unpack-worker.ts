// Worker-thread entry of the unpack pool: claims wheels from the shared counter, unpacks each, reports each.
import { parentPort, workerData } from "node:worker_threads";
import { unpackIntoStore, type UnpackJob } from "./store-unpack.js";
import { claimer, serializeError, type WorkerMessage, type WorkerStart } from "./unpack-pool.js";

const port = parentPort;
if (!port) throw new Error("unpack-worker.js runs only as a worker thread");
const { jobs, shared } = workerData as WorkerStart;
const { claim, stop } = claimer(shared, jobs.length);

for (let slot = claim(); slot !== undefined; slot = claim()) {
  try {
    const index = await unpackIntoStore(jobs[slot] as UnpackJob);
    port.postMessage({ slot, reply: { index } } satisfies WorkerMessage);
  } catch (err: unknown) {
    stop();
    port.postMessage({ slot, reply: { error: serializeError(err) } } satisfies WorkerMessage);
  }
}
port.postMessage({ done: true } satisfies WorkerMessage);
