// grpc-js side of bench/rpc.sh: `server PORT` or `client HOST:PORT SECONDS CONCURRENCY [SERVER_PID]`. The client
// prints one line: calls/s, p99, and CPU time per call of this process and, given its pid, of the server.
'use strict';
const fs = require('fs');
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const root = process.env.GRPC_PROTO_ROOT || '/usr/share/grpc-proto';
const testing = grpc.loadPackageDefinition(protoLoader.loadSync(path.join(root, 'grpc/testing/test.proto'), {
  includeDirs: [root], keepCase: true, longs: String, enums: String, defaults: true, oneofs: true,
})).grpc.testing;
const [mode, a, b, c, d] = process.argv.slice(2);

// User + system CPU of another process in µs, from /proc/PID/stat (fields 14 and 15, in USER_HZ = 100 ticks/s).
const processCpuUs = (pid) => {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10000;
};

if (mode === 'server') {
  const server = new grpc.Server();
  server.addService(testing.TestService.service, {
    UnaryCall(call, callback) { callback(null, { payload: { body: Buffer.alloc(call.request.response_size) } }); },
  });
  server.bindAsync(`127.0.0.1:${a}`, grpc.ServerCredentials.createInsecure(), (err) => { if (err) throw err; });
} else if (mode === 'client') {
  // Keep-alive pings as the grpc-dotnet client sets them (every 60 s, 30 s to answer).
  const client = new testing.TestService(a, grpc.credentials.createInsecure(), {
    'grpc.keepalive_time_ms': 60000, 'grpc.keepalive_timeout_ms': 30000,
  });
  const seconds = Number(b);
  const concurrency = Number(c);
  const serverPid = d === undefined ? undefined : Number(d);
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
    const clientCpu = process.cpuUsage();
    const serverCpu = serverPid === undefined ? 0 : processCpuUs(serverPid);
    const started = process.hrtime.bigint();
    const latencies = await run(seconds * 1000);
    const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    const clientUsage = process.cpuUsage(clientCpu);
    const calls = latencies.length;
    latencies.sort((x, y) => x - y);
    const p99 = latencies[Math.floor(calls * 0.99)];
    let line = `calls/s=${(calls / elapsed).toFixed(0)} p99_ms=${p99.toFixed(3)}`
      + ` client_cpu_us=${((clientUsage.user + clientUsage.system) / calls).toFixed(1)}`;
    if (serverPid !== undefined) line += ` server_cpu_us=${((processCpuUs(serverPid) - serverCpu) / calls).toFixed(1)}`;
    console.log(line);
    client.close();
  })();
} else {
  console.error('usage: bench.js server PORT | bench.js client HOST:PORT SECONDS CONCURRENCY [SERVER_PID]');
  process.exit(2);
}
