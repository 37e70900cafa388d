import http from "node:http";
import { expect, test } from "@playwright/test";

// The server process (scripts/serve.mjs) answers the two ingest routes and the range query itself,
// with their route handlers (app/api/v1/fast-routes.ts), and gives everything else to Next. Falling back to Next would
// still answer correctly, only slower, so check which one answered: Next marks every App Router answer
// with `Vary: rsc, …`.
const TOKEN = process.env.E2E_BOOTSTRAP_TOKEN!;
const BASE = () => `http://127.0.0.1:${process.env.E2E_PORT}`;
const fromNext = (res: Response) => /\brsc\b/.test(res.headers.get("vary") ?? "");

test("[TELEMETRY] the server answers pushes, remote_write and range queries itself, and every other request through Next", async () => {
  const auth = { authorization: `Bearer ${TOKEN}` };
  const push = await fetch(`${BASE()}/api/v1/telemetry?via=serve`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json", "x-request-id": "serve-e2e-1" },
    body: JSON.stringify({ samples: [{ type: "shard", cluster: "serve-e2e", shard: "s-1", node: "n-1", ts: Date.now(), qps: 7 }] }),
  });
  expect(push.status).toBe(202);
  expect(await push.json()).toEqual({ accepted: 1 });
  expect(push.headers.get("x-request-id")).toBe("serve-e2e-1");
  expect(fromNext(push)).toBe(false);

  const unauthorized = await fetch(`${BASE()}/api/v1/write`, { method: "POST", body: "x" });
  expect(unauthorized.status).toBe(401);
  expect(((await unauthorized.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
  expect(fromNext(unauthorized)).toBe(false);

  // The range query too, compressed by the route (Brotli when offered; Next would drop the header).
  const query = `${BASE()}/api/v1/query?metric=shard.qps&cluster=serve-e2e&by=shard&step=1000`;
  const br = await fetch(query, { headers: { ...auth, "accept-encoding": "gzip, br" } });
  expect(br.status).toBe(200);
  expect(fromNext(br)).toBe(false);
  expect(br.headers.get("content-encoding")).toBe("br");
  const answer = (await br.json()) as { buckets: number; series: { group: { shard: string }; values: (number | null)[] }[] };
  expect(answer.buckets).toBeGreaterThan(800);
  expect(answer.series.map((s) => [s.group.shard, s.values.filter((v) => v !== null)])).toEqual([["s-1", [7]]]);
  const plain = await fetch(query, { headers: { ...auth, "accept-encoding": "identity" } });
  expect(plain.headers.get("content-encoding")).toBeNull();
  expect(await plain.json()).toEqual(answer);
  expect((await fetch(query)).status).toBe(401);

  // Another method or path: Next's routing, as before.
  const get = await fetch(`${BASE()}/api/v1/telemetry`, { headers: auth });
  expect(get.status).toBe(405);
  const series = await fetch(`${BASE()}/api/v1/series?cluster=serve-e2e`, { headers: auth });
  expect(series.status).toBe(200);
  expect(fromNext(series)).toBe(true);
  expect(JSON.stringify(await series.json())).toContain("serve-e2e");
});

test("[TELEMETRY] the server keeps idle connections open for 65 s, so a client reusing one does not race its close", async () => {
  const agent = new http.Agent({ keepAlive: true });
  const headers = await new Promise<http.IncomingHttpHeaders>((resolve, reject) =>
    http
      .get(`${BASE()}/api/health`, { agent }, (res) => {
        res.resume();
        resolve(res.headers);
      })
      .on("error", reject),
  );
  agent.destroy();
  expect(headers["keep-alive"]).toBe("timeout=65");
});
