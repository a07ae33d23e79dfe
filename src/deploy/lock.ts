// The releases root's lock: one install or rollback at a time; a lock left by a killed process is taken over safely.
//
// How it works. The lock directory holds generation files `<n>.lock`, each created complete and
// exclusively (written to a temp file, then link(2), which fails with EEXIST when the name is
// taken). The lock belongs to the process that created the highest generation, while that
// process runs and has not written `released` into it. To acquire: read the highest generation
// n; if its holder still runs (same pid, same start time, same boot), wait; otherwise create
// generation n+1. Two waiters that both find n stale both try n+1 and link(2) lets exactly one
// win, so take-over needs no "remove the stale file" step (that step is the classic race: the
// slower waiter removes the faster one's fresh lock). The highest generation is never deleted
// (release rewrites it in place with rename(2)); the holder deletes only lower generations, and
// a process that creates a generation and then sees a higher one backs off. So the highest
// generation number never decreases, and a creator that sees no higher file right after its
// link holds the lock alone.
import { linkSync, mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { PyvendorError } from "../errors.js";
import { tempName } from "./layout.js";
import { isRunning, selfIdentity, type ProcessIdentity } from "./process-identity.js";

/** What a lock file says about its holder. */
export interface LockHolder extends ProcessIdentity {
  /** "install", "rollback", ... (for messages). */
  command: string;
  /** ISO time the lock was taken. */
  since: string;
  released?: boolean;
}

export interface LockOptions {
  /** Wait for a running holder (default true); false throws E_LOCKED at once. */
  wait?: boolean;
  /** Shown to waiters ("install", "rollback"). */
  command?: string;
  /** Called once when this process starts waiting for a running holder. */
  onWait?: (holder: LockHolder) => void;
}

export interface RootLock {
  generation: number;
  /** Releases the lock (idempotent). */
  release(): void;
}

const GENERATION = /^(\d+)\.lock$/;

function generations(dir: string): number[] {
  return readdirSync(dir)
    .map((name) => GENERATION.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

const genFile = (dir: string, n: number) => path.join(dir, `${n}.lock`);

/** The holder recorded in generation `n`, "gone" when the file vanished, null when unreadable. */
function readHolder(dir: string, n: number): LockHolder | null | "gone" {
  let text: string;
  try {
    text = readFileSync(genFile(dir, n), "utf8");
  } catch (err: unknown) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return "gone";
    throw err;
  }
  try {
    const holder = JSON.parse(text) as LockHolder;
    return typeof holder.pid === "number" ? holder : null;
  } catch {
    return null;
  }
}

const unlinkQuiet = (file: string) => {
  try {
    unlinkSync(file);
  } catch (err: unknown) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
};

/** Removes lower generations and temp files of processes that no longer run (holder only). */
function collect(dir: string, held: number): void {
  for (const name of readdirSync(dir)) {
    const gen = GENERATION.exec(name);
    if (gen && Number(gen[1]) < held) unlinkQuiet(path.join(dir, name));
    const tmp = /-tmp-(\d+)-/.exec(name);
    if (!gen && tmp && !isRunning({ pid: Number(tmp[1]), start: null, boot: null, host: selfIdentity().host })) {
      unlinkQuiet(path.join(dir, name));
    }
  }
}

function describe(holder: LockHolder): string {
  return `pid ${holder.pid}${holder.host ? ` on ${holder.host}` : ""} (pyvendor ${holder.command}, since ${holder.since})`;
}

/**
 * Takes the lock in `lockDir` (created if needed), waiting for a running holder unless
 * `wait: false`, in which case it throws E_LOCKED naming the holder. A holder that no longer
 * runs (killed) is taken over. Waits without limit.
 */
export async function acquireRootLock(lockDir: string, options: LockOptions = {}): Promise<RootLock> {
  mkdirSync(lockDir, { recursive: true });
  const me: LockHolder = { ...selfIdentity(), command: options.command ?? "deploy", since: new Date().toISOString() };
  const tmp = path.join(lockDir, tempName("lock"));
  writeFileSync(tmp, JSON.stringify(me), { flag: "wx" });
  let delay = 10;
  let waited = false;
  try {
    for (;;) {
      const max = generations(lockDir).at(-1) ?? 0;
      if (max > 0) {
        const holder = readHolder(lockDir, max);
        if (holder === "gone") continue;
        if (holder !== null && !holder.released && isRunning(holder)) {
          if (options.wait === false) {
            throw new PyvendorError("E_LOCKED", `${path.dirname(lockDir)} is locked by ${describe(holder)}`, {
              data: { pid: holder.pid, host: holder.host, command: holder.command, since: holder.since },
            });
          }
          if (!waited) options.onWait?.(holder);
          waited = true;
          await sleep(delay);
          delay = Math.min(delay * 2, 200);
          continue;
        }
      }
      const mine = max + 1;
      try {
        linkSync(tmp, genFile(lockDir, mine));
      } catch (err: unknown) {
        if ((err as NodeJS.ErrnoException).code === "EEXIST") continue;
        throw err;
      }
      if ((generations(lockDir).at(-1) ?? 0) > mine) {
        unlinkQuiet(genFile(lockDir, mine));
        continue;
      }
      collect(lockDir, mine);
      return lockHandle(lockDir, mine, me);
    }
  } finally {
    unlinkQuiet(tmp);
  }
}

function lockHandle(lockDir: string, generation: number, me: LockHolder): RootLock {
  let released = false;
  return {
    generation,
    release() {
      if (released) return;
      released = true;
      const tmp = path.join(lockDir, tempName("lock"));
      writeFileSync(tmp, JSON.stringify({ ...me, released: true }), { flag: "wx" });
      renameSync(tmp, genFile(lockDir, generation));
    },
  };
}
