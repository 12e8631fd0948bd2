/**
 * The steps of a long start (migrations, the demo load) told as they begin, in both languages, so a
 * first `npm start` is never silent. The server prints them (server.ts); tests and the command line
 * pass nothing and hear nothing.
 */
export interface Progress {
  /** A step begins; the previous one, if any, has ended. */
  step(zh: string, en: string): void;
}

/** No one listening. */
export const silentProgress: Progress = { step: () => undefined };

/**
 * Progress as lines on a stream: `[  3.2 s] 迁移数据库 · Migrating the database`, the time since
 * the start; `done()` adds the last step's end.
 */
export function lineProgress(write: (line: string) => void, now: () => number = () => performance.now()): Progress & { done(zh: string, en: string): void } {
  const started = now();
  const stamp = () => `[${((now() - started) / 1000).toFixed(1).padStart(5)} s]`;
  return {
    step: (zh, en) => write(`${stamp()} ${zh} · ${en}\n`),
    done: (zh, en) => write(`${stamp()} ${zh} · ${en}\n`),
  };
}
