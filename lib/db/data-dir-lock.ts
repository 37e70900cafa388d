import { openSync, readFileSync, unlinkSync, writeSync, closeSync } from "node:fs";
import path from "node:path";
import { DatabaseUnavailableError } from "./errors";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * PGlite is single-process: two servers on one data folder would corrupt it. A pid file guards it;
 * a file left by a killed process (pid gone) is taken over. Returns the release function.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  const file = path.join(dataDir, "shardwatch.pid");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(file, "utf8") === String(process.pid)) unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const pid = Number(readFileSync(file, "utf8"));
      if (pid === process.pid) return () => undefined;
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
        throw new DatabaseUnavailableError(`The data folder ${dataDir} is in use by another Shardwatch process (pid ${pid})`);
      }
      unlinkSync(file);
    }
  }
  throw new DatabaseUnavailableError(`Could not lock the data folder ${dataDir}`);
}
