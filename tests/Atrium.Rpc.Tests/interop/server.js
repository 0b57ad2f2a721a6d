// The interop TestService on grpc-js, per https://github.com/grpc/grpc/blob/master/doc/interop-test-descriptions.md.
// Prints "PORT <n>" once listening on 127.0.0.1 (port from argv[2], 0 for any).
'use strict';
const { grpc, testing } = require('./proto');

const zeros = (n) => Buffer.alloc(n);

function echoMetadata(call) {
  const initial = new grpc.Metadata();
  for (const v of call.metadata.get('x-grpc-test-echo-initial')) initial.add('x-grpc-test-echo-initial', v);
  const trailing = new grpc.Metadata();
  for (const v of call.metadata.get('x-grpc-test-echo-trailing-bin')) trailing.add('x-grpc-test-echo-trailing-bin', v);
  call.sendMetadata(initial);
  return trailing;
}

function statusError(status, trailing) {
  if (!status || !status.code) return null;
  return { code: status.code, details: status.message, metadata: trailing };
}

const service = {
  EmptyCall(call, callback) {
    callback(null, {});
  },
  UnaryCall(call, callback) {
    const trailing = echoMetadata(call);
    const req = call.request;
    const error = statusError(req.response_status, trailing);
    if (error) return callback(error);
    callback(null, { payload: { type: 'COMPRESSABLE', body: zeros(req.response_size) } }, trailing);
  },
  CacheableUnaryCall(call, callback) {
    service.UnaryCall(call, callback);
  },
  StreamingOutputCall(call) {
    const req = call.request;
    (async () => {
      for (const p of req.response_parameters) {
        if (p.interval_us > 0) await new Promise((r) => setTimeout(r, p.interval_us / 1000));
        if (call.cancelled) return;
        call.write({ payload: { type: 'COMPRESSABLE', body: zeros(p.size) } });
      }
      const error = statusError(req.response_status);
      if (error) call.emit('error', error); else call.end();
    })();
  },
  StreamingInputCall(call, callback) {
    let total = 0;
    call.on('data', (req) => { total += req.payload ? req.payload.body.length : 0; });
    call.on('end', () => callback(null, { aggregated_payload_size: total }));
    call.on('error', () => {});
  },
  FullDuplexCall(call) {
    const trailing = echoMetadata(call);
    let chain = Promise.resolve();
    let failed = false;
    call.on('data', (req) => {
      chain = chain.then(async () => {
        if (failed) return;
        const error = statusError(req.response_status, trailing);
        if (error) { failed = true; call.emit('error', error); return; }
        for (const p of req.response_parameters) {
          if (p.interval_us > 0) await new Promise((r) => setTimeout(r, p.interval_us / 1000));
          if (call.cancelled) return;
          call.write({ payload: { type: 'COMPRESSABLE', body: zeros(p.size) } });
        }
      });
    });
    call.on('end', () => { chain.then(() => { if (!failed) call.end(trailing); }); });
    call.on('error', () => {});
  },
  HalfDuplexCall(call) {
    const requests = [];
    call.on('data', (req) => requests.push(req));
    call.on('end', () => {
      for (const req of requests) for (const p of req.response_parameters) call.write({ payload: { body: zeros(p.size) } });
      call.end();
    });
  },
};

const server = new grpc.Server();
server.addService(testing.TestService.service, service);
server.bindAsync(`127.0.0.1:${process.argv[2] || 0}`, grpc.ServerCredentials.createInsecure(), (err, port) => {
  if (err) { console.error(err); process.exit(1); }
  console.log(`PORT ${port}`);
});
process.on('SIGTERM', () => server.forceShutdown());
