// Loads the official interop service (grpc/testing/test.proto) from Debian's grpc-proto package.
'use strict';
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const root = process.env.GRPC_PROTO_ROOT || '/usr/share/grpc-proto';
const definition = protoLoader.loadSync(path.join(root, 'grpc/testing/test.proto'), {
  includeDirs: [root],
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
});
const testing = grpc.loadPackageDefinition(definition).grpc.testing;

module.exports = { grpc, testing };
