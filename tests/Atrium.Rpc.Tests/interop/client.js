// The interop test cases on a grpc-js client, per https://github.com/grpc/grpc/blob/master/doc/interop-test-descriptions.md.
// Usage: node client.js HOST:PORT case1,case2,...   Prints one JSON line per case: {"case", "ok", "error"}.
'use strict';
const assert = require('assert');
const { grpc, testing } = require('./proto');

const [target, caseList] = process.argv.slice(2);
const client = new testing.TestService(target, grpc.credentials.createInsecure());
const unimplementedClient = new testing.UnimplementedService(target, grpc.credentials.createInsecure());
const zeros = (n) => Buffer.alloc(n);
const deadline = (ms) => new Date(Date.now() + ms);

const unary = (method, request, metadata = new grpc.Metadata(), options = {}, owner = client) =>
  new Promise((resolve, reject) => {
    const call = owner[method](request, metadata, { deadline: deadline(10000), ...options }, (err, response) => {
      if (err) { err.call = call; reject(err); } else resolve({ response, call });
    });
    call.on('metadata', (md) => { call.initial = md; });
    call.on('status', (status) => { call.trailing = status.metadata; });
  });

const expectStatus = async (promise, code, message) => {
  try {
    await promise;
  } catch (err) {
    assert.strictEqual(err.code, code, `status ${err.code} (${err.details}), wanted ${code}`);
    if (message !== undefined) assert.strictEqual(err.details, message);
    return err;
  }
  assert.fail(`the call succeeded; wanted status ${code}`);
};

// Reads a duplex call's responses one at a time.
function duplex(metadata = new grpc.Metadata(), options = {}) {
  const call = client.FullDuplexCall(metadata, { deadline: deadline(10000), ...options });
  const queue = [];
  const waiters = [];
  let ended = null;
  const settle = () => {
    while (waiters.length && (queue.length || ended)) {
      const w = waiters.shift();
      if (queue.length) w.resolve(queue.shift());
      else if (ended.error) w.reject(ended.error);
      else w.resolve(null);
    }
  };
  call.on('data', (m) => { queue.push(m); settle(); });
  call.on('metadata', (md) => { call.initial = md; });
  call.on('status', (s) => { call.trailing = s.metadata; if (s.code === 0) { ended = ended || {}; settle(); } });
  call.on('error', (e) => { ended = { error: e }; settle(); });
  call.on('end', () => { ended = ended || {}; settle(); });
  call.next = () => new Promise((resolve, reject) => { waiters.push({ resolve, reject }); settle(); });
  return call;
}

const cases = {
  async empty_unary() {
    const { response } = await unary('EmptyCall', {});
    assert.deepStrictEqual(Object.keys(response), []);
  },
  async large_unary() {
    const { response } = await unary('UnaryCall', { response_size: 314159, payload: { body: zeros(271828) } });
    assert.strictEqual(response.payload.body.length, 314159);
    assert.ok(response.payload.body.every((b) => b === 0));
  },
  async client_streaming() {
    const response = await new Promise((resolve, reject) => {
      const call = client.StreamingInputCall({ deadline: deadline(10000) }, (err, r) => (err ? reject(err) : resolve(r)));
      for (const size of [27182, 8, 1828, 45904]) call.write({ payload: { body: zeros(size) } });
      call.end();
    });
    assert.strictEqual(response.aggregated_payload_size, 74922);
  },
  async server_streaming() {
    const sizes = [31415, 9, 2653, 58979];
    const received = await new Promise((resolve, reject) => {
      const got = [];
      const call = client.StreamingOutputCall({ response_parameters: sizes.map((size) => ({ size })) }, { deadline: deadline(10000) });
      call.on('data', (m) => got.push(m.payload.body.length));
      call.on('error', reject);
      call.on('status', (s) => { if (s.code === 0) resolve(got); });
    });
    assert.deepStrictEqual(received, sizes);
  },
  async ping_pong() {
    const call = duplex();
    for (const [response, request] of [[31415, 27182], [9, 8], [2653, 1828], [58979, 45904]]) {
      call.write({ response_parameters: [{ size: response }], payload: { body: zeros(request) } });
      const m = await call.next();
      assert.ok(m, 'the stream ended early');
      assert.strictEqual(m.payload.body.length, response);
    }
    call.end();
    assert.strictEqual(await call.next(), null);
  },
  async empty_stream() {
    const call = duplex();
    call.end();
    assert.strictEqual(await call.next(), null);
  },
  async custom_metadata() {
    const md = () => {
      const m = new grpc.Metadata();
      m.set('x-grpc-test-echo-initial', 'test_initial_metadata_value');
      m.set('x-grpc-test-echo-trailing-bin', Buffer.from([0xab, 0xab, 0xab]));
      return m;
    };
    const { response, call } = await unary('UnaryCall', { response_size: 314159, payload: { body: zeros(271828) } }, md());
    assert.strictEqual(response.payload.body.length, 314159);
    await new Promise((r) => setImmediate(r));
    assert.deepStrictEqual(call.initial.get('x-grpc-test-echo-initial'), ['test_initial_metadata_value']);
    assert.deepStrictEqual(call.trailing.get('x-grpc-test-echo-trailing-bin'), [Buffer.from([0xab, 0xab, 0xab])]);

    const stream = duplex(md());
    stream.write({ response_parameters: [{ size: 314159 }], payload: { body: zeros(271828) } });
    const m = await stream.next();
    assert.strictEqual(m.payload.body.length, 314159);
    stream.end();
    assert.strictEqual(await stream.next(), null);
    assert.deepStrictEqual(stream.initial.get('x-grpc-test-echo-initial'), ['test_initial_metadata_value']);
    assert.deepStrictEqual(stream.trailing.get('x-grpc-test-echo-trailing-bin'), [Buffer.from([0xab, 0xab, 0xab])]);
  },
  async status_code_and_message() {
    const message = 'test status message';
    await expectStatus(unary('UnaryCall', { response_status: { code: 2, message } }), 2, message);
    const call = duplex();
    call.write({ response_status: { code: 2, message } });
    call.end();
    await expectStatus(call.next(), 2, message);
  },
  async special_status_message() {
    const message = '\t\ntest with whitespace\r\nand Unicode BMP \u263A and non-BMP \uD83D\uDE08\t\n';
    await expectStatus(unary('UnaryCall', { response_status: { code: 2, message } }), 2, message);
  },
  async unimplemented_method() {
    await expectStatus(unary('UnimplementedCall', {}), grpc.status.UNIMPLEMENTED);
  },
  async unimplemented_service() {
    await expectStatus(unary('UnimplementedCall', {}, new grpc.Metadata(), {}, unimplementedClient), grpc.status.UNIMPLEMENTED);
  },
  async timeout_on_sleeping_server() {
    const call = duplex(new grpc.Metadata(), { deadline: deadline(1) });
    call.write({ payload: { body: zeros(27182) } });
    await expectStatus(call.next(), grpc.status.DEADLINE_EXCEEDED);
  },
  async cancel_after_begin() {
    const done = new Promise((resolve, reject) => {
      const call = client.StreamingInputCall({ deadline: deadline(10000) }, (err, r) => (err ? reject(err) : resolve(r)));
      call.cancel();
    });
    await expectStatus(done, grpc.status.CANCELLED);
  },
  async cancel_after_first_response() {
    const call = duplex();
    call.write({ response_parameters: [{ size: 31415 }], payload: { body: zeros(27182) } });
    const m = await call.next();
    assert.strictEqual(m.payload.body.length, 31415);
    call.cancel();
    await expectStatus(call.next(), grpc.status.CANCELLED);
  },
};

(async () => {
  const names = caseList === 'all' || !caseList ? Object.keys(cases) : caseList.split(',');
  for (const name of names) {
    const run = cases[name];
    let result;
    try {
      if (!run) throw new Error(`unknown case ${name}`);
      await run();
      result = { case: name, ok: true };
    } catch (err) {
      result = { case: name, ok: false, error: String(err && (err.stack || err.message) || err) };
    }
    console.log(JSON.stringify(result));
  }
  client.close();
  unimplementedClient.close();
})();
