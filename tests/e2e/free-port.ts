import { execFileSync } from "node:child_process";

/** A free loopback port, found synchronously (Playwright's config cannot await). */
export function freePort(): string {
  const script = "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  return execFileSync(process.execPath, ["-e", script], { encoding: "utf8" });
}
