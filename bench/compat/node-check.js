// node-consul (npm "consul", pinned in package.json), unchanged, against a running agent: KV, sessions,
// locks through ?acquire/?release with a blocking read, txn lock verbs, user events and a KV watch.
// Usage: CONSUL_HOST=127.0.0.170 CONSUL_PORT=8500 node node-check.js   (run.sh starts the agent for you)
// Prints one PASS/FAIL line per check and exits 1 if any failed.
"use strict";
const assert = require("node:assert/strict");
const Consul = require("consul");

const host = process.env.CONSUL_HOST || "127.0.0.170";
const port = Number(process.env.CONSUL_PORT || 8500);
const consul = new Consul({ host, port });
const results = [];

async function check(name, fn) {
  try {
    await fn();
    results.push(true);
    console.log(`PASS ${name}`);
  } catch (e) {
    results.push(false);
    console.log(`FAIL ${name}: ${e && e.stack ? e.stack : e}`);
  }
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Resolves with "pending" if `promise` is still open after `ms`, else with its value. */
function stillPending(promise, ms) {
  return Promise.race([promise, new Promise((r) => setTimeout(() => r("pending"), ms))]);
}

async function main() {
  const self = await consul.agent.self();
  const node = self.Config.NodeName;

  await check("kv set/get/keys/cas/delete", async () => {
    assert.equal(await consul.kv.set("compat/node/a", "alpha"), true);
    assert.equal(await consul.kv.set({ key: "compat/node/dir/b", value: "beta", flags: 7 }), true);
    const a = await consul.kv.get("compat/node/a");
    assert.equal(a.Value, "alpha");
    assert.ok(a.ModifyIndex > 0);
    assert.equal(a.LockIndex, 0);
    assert.equal((await consul.kv.get("compat/node/dir/b")).Flags, 7);
    assert.deepEqual(await consul.kv.keys({ key: "compat/node/", separator: "/" }),
      ["compat/node/a", "compat/node/dir/"]);
    // node-consul 2.0.1 resolves a JSON `false` body as undefined (papi's `!value && maybeValue`), with
    // Consul too: a refused write is "not true" here.
    assert.notEqual(await consul.kv.set({ key: "compat/node/a", value: "x", cas: a.ModifyIndex + 1000 }), true);
    assert.equal(await consul.kv.set({ key: "compat/node/a", value: "x", cas: a.ModifyIndex }), true);
    await consul.kv.del({ key: "compat/node/", recurse: true });
    assert.equal(await consul.kv.get("compat/node/a"), undefined);
  });

  await check("session create/info/list/node/renew/destroy", async () => {
    const { ID: id } = await consul.session.create({
      name: "node-check", ttl: "15s", lockdelay: "1s", behavior: "delete", checks: ["serfHealth"],
    });
    assert.match(id, /^[0-9a-f-]{36}$/);
    const info = await consul.session.info(id);
    assert.equal(info.ID, id);
    assert.equal(info.Name, "node-check");
    assert.equal(info.Node, node);
    assert.equal(info.TTL, "15s");
    assert.equal(info.Behavior, "delete");
    assert.equal(info.LockDelay, 1e9);
    assert.deepEqual(info.NodeChecks, ["serfHealth"]);
    assert.ok((await consul.session.list()).some((s) => s.ID === id));
    assert.ok((await consul.session.node(node)).some((s) => s.ID === id));
    const renewed = await consul.session.renew(id);
    assert.equal(renewed[0].ID, id);
    await consul.session.destroy(id);
    assert.equal(await consul.session.info(id), undefined);
    await assert.rejects(consul.session.renew(id), (e) => e.statusCode === 404);
  });

  await check("lock via acquire: two contenders, blocking read, hand-over", async () => {
    const { ID: a } = await consul.session.create({ name: "contender-a", lockdelay: "0s" });
    const { ID: b } = await consul.session.create({ name: "contender-b", lockdelay: "0s" });
    const key = "compat/node/leader";
    assert.equal(await consul.kv.set({ key, value: "a", acquire: a }), true);
    assert.notEqual(await consul.kv.set({ key, value: "b", acquire: b }), true);
    const held = await consul.kv.get(key);
    assert.equal(held.Session, a);
    assert.equal(held.LockIndex, 1);
    const blocked = consul.kv.get({ key, index: held.ModifyIndex, wait: "20s" });
    assert.equal(await stillPending(blocked, 300), "pending");
    assert.equal(await consul.kv.set({ key, value: "a", release: a }), true);
    const freed = await withTimeout(blocked, 15000, "blocking get");
    assert.equal(freed.Session, undefined);
    assert.equal(await consul.kv.set({ key, value: "b", acquire: b }), true);
    const now = await consul.kv.get(key);
    assert.equal(now.Session, b);
    assert.equal(now.LockIndex, 2);
    await consul.session.destroy(b);
    assert.equal((await consul.kv.get(key)).Session, undefined);
    await consul.session.destroy(a);
    await consul.kv.del(key);
  });

  await check("txn lock/check-session/unlock verbs", async () => {
    const { ID: s } = await consul.session.create({ lockdelay: "0s" });
    const key = "compat/node/txn";
    const b64 = Buffer.from("t").toString("base64");
    const r = await consul.transaction.create([
      { KV: { Verb: "lock", Key: key, Value: b64, Session: s } },
      { KV: { Verb: "check-session", Key: key, Session: s } },
    ]);
    assert.equal(r.Errors, null);
    assert.equal(r.Results[0].KV.Session, s);
    assert.equal(r.Results[0].KV.LockIndex, 1);
    const u = await consul.transaction.create([{ KV: { Verb: "unlock", Key: key, Value: b64, Session: s } }]);
    // Consul's DirEntry has Session `json:",omitempty"`.
    assert.equal(u.Results[0].KV.Session, undefined);
    await consul.session.destroy(s);
    await consul.kv.del(key);
  });

  await check("event fire/list/blocking list", async () => {
    const fired = await consul.event.fire("node-check", "hello");
    assert.equal(fired.Name, "node-check");
    assert.equal(fired.Payload, "hello");
    assert.equal(fired.Version, 1);
    let listed;
    for (let i = 0; i < 50 && !listed; i++) {
      listed = (await consul.event.list("node-check")).find((e) => e.ID === fired.ID);
      if (!listed) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(listed, "fired event not listed");
    assert.equal(listed.Payload, "hello");
    assert.ok(listed.LTime > 0);
    // The client hands back bodies only; the index comes from the header, as a blocking caller reads it.
    const res = await fetch(`http://${host}:${port}/v1/event/list?name=node-check`);
    const index = res.headers.get("x-consul-index");
    assert.match(index, /^\d+$/);
    const blocked = consul.event.list({ name: "node-check", index, wait: "20s" });
    assert.equal(await stillPending(blocked, 300), "pending");
    const second = await consul.event.fire("node-check", "again");
    const after = await withTimeout(blocked, 15000, "blocking event list");
    assert.ok(after.some((e) => e.ID === second.ID));
    assert.ok(!(await consul.event.list("other-name")).some((e) => e.ID === second.ID));
  });

  await check("watch kv.get sees a change", async () => {
    await consul.kv.set("compat/node/watched", "v1");
    const watch = consul.watch({ method: consul.kv.get, options: { key: "compat/node/watched" } });
    try {
      const values = [];
      const seen = new Promise((resolve, reject) => {
        watch.on("change", (data) => {
          values.push(data && data.Value);
          if (values.includes("v2")) resolve();
        });
        watch.on("error", reject);
      });
      // Write v2 only after the watch has its first answer, so the second comes from blocking.
      for (let i = 0; i < 50 && values.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      await consul.kv.set("compat/node/watched", "v2");
      await withTimeout(seen, 15000, "watch");
      assert.deepEqual(values.slice(0, 1), ["v1"]);
    } finally {
      watch.end();
      await consul.kv.del("compat/node/watched");
    }
  });
}

main().then(
  () => {
    const failed = results.filter((ok) => !ok).length;
    console.log(`${results.length - failed}/${results.length} checks passed`);
    process.exit(failed ? 1 : 0);
  },
  (e) => {
    console.log(`FAIL setup: ${e.stack || e}`);
    process.exit(1);
  },
);
