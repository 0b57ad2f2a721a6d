// grpc-js side of bench/rpc.sh: `server PORT` or `client HOST:PORT SECONDS CONCURRENCY` (prints calls/s and p99).
'use strict';
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const root = process.env.GRPC_PROTO_ROOT || '/usr/share/grpc-proto';
const testing = grpc.loadPackageDefinition(protoLoader.loadSync(path.join(root, 'grpc/testing/test.proto'), {
  includeDirs: [root], keepCase: true, longs: String, enums: String, defaults: true, oneofs: true,
})).grpc.testing;
const [mode, a, b, c] = process.argv.slice(2);

if (mode === 'server') {
  const server = new grpc.Server();
  server.addService(testing.TestService.service, {
    UnaryCall(call, callback) { callback(null, { payload: { body: Buffer.alloc(call.request.response_size) } }); },
  });
  server.bindAsync(`127.0.0.1:${a}`, grpc.ServerCredentials.createInsecure(), (err) => { if (err) throw err; });
} else if (mode === 'client') {
  const client = new testing.TestService(a, grpc.credentials.createInsecure());
  const seconds = Number(b);
  const concurrency = Number(c);
  const request = { response_size: 16, payload: { body: Buffer.alloc(16) } };
  const run = (ms) => new Promise((resolve) => {
    const stopAt = Date.now() + ms;
    const latencies = [];
    let active = concurrency;
    const one = () => {
      if (Date.now() >= stopAt) { if (--active === 0) resolve(latencies); return; }
      const started = process.hrtime.bigint();
      client.UnaryCall(request, (err) => {
        if (err) throw err;
        latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
        one();
      });
    };
    for (let i = 0; i < concurrency; i++) one();
  });
  (async () => {
    await run(Math.min(2, seconds / 3) * 1000);
    const latencies = await run(seconds * 1000);
    latencies.sort((x, y) => x - y);
    const p99 = latencies[Math.floor(latencies.length * 0.99)];
    console.log(`calls/s=${(latencies.length / seconds).toFixed(0)} p99_ms=${p99.toFixed(3)}`);
    client.close();
  })();
} else {
  console.error('usage: bench.js server PORT | bench.js client HOST:PORT SECONDS CONCURRENCY');
  process.exit(2);
}
