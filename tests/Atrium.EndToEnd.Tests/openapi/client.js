// A client driven only by Atrium's OpenAPI documents, read through the gateway.
//   node client.js validate BASE PREFIX...         validates each /api/PREFIX/openapi.json with swagger-parser
//   node client.js place-order BASE ADMIN_EMAIL ADMIN_PASSWORD
//     signs in, creates a product, registers a customer and places an order, each request built from the operation
//     the document names (operationId): its path, declared parameters, security and request body schema; every
//     answer must be one the operation declares, in the declared media type and shape.
// Prints one JSON line per result; exits 1 on the first failure.
'use strict';
const SwaggerParser = require('@apidevtools/swagger-parser');
const { randomUUID } = require('node:crypto');

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

async function load(base, prefix) {
  const response = await fetch(new URL(`/api/${prefix}/openapi.json`, base));
  if (response.status !== 200) throw new Error(`GET /api/${prefix}/openapi.json: ${response.status}`);
  return response.json();
}

function find(documents, operationId) {
  for (const doc of documents) {
    for (const [template, item] of Object.entries(doc.paths ?? {})) {
      for (const method of METHODS) {
        if (item[method]?.operationId === operationId) return { doc, template, method, operation: item[method], shared: item.parameters ?? [] };
      }
    }
  }
  throw new Error(`no operation ${operationId}`);
}

// The parts of JSON Schema a request or answer is checked against: types, required members, items.
function check(schema, value, at, errors) {
  if (!schema || value === undefined) return;
  const types = [].concat(schema.type ?? []);
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
  if (types.length && !types.includes(actual) && !(actual === 'integer' && types.includes('number'))) {
    errors.push(`${at}: ${actual}, declared ${types.join('|')}`);
    return;
  }
  if (actual === 'object') {
    for (const name of schema.required ?? []) if (!(name in value)) errors.push(`${at}.${name}: required`);
    for (const [name, inner] of Object.entries(schema.properties ?? {})) check(inner, value[name], `${at}.${name}`, errors);
  }
  if (actual === 'array') value.forEach((item, i) => check(schema.items, item, `${at}[${i}]`, errors));
}

async function call(base, documents, operationId, { path = {}, query = {}, headers = {}, body, token } = {}) {
  const { doc, template, method, operation, shared } = find(documents, operationId);
  const given = { path, query, header: headers };
  const declared = [...shared, ...(operation.parameters ?? [])];
  for (const [where, values] of Object.entries(given)) {
    for (const name of Object.keys(values)) {
      if (!declared.some(p => p.in === where && p.name.toLowerCase() === name.toLowerCase())) throw new Error(`${operationId}: ${where} parameter ${name} is not declared`);
    }
  }
  for (const p of declared) {
    if (p.required && given[p.in]?.[p.name] === undefined) throw new Error(`${operationId}: ${p.in} parameter ${p.name} is required`);
    const errors = [];
    check(p.schema, given[p.in]?.[p.name], `${p.in} ${p.name}`, errors);
    if (p.schema?.pattern && given[p.in]?.[p.name] !== undefined && !new RegExp(p.schema.pattern).test(given[p.in][p.name])) errors.push(`${p.name}: not ${p.schema.pattern}`);
    if (errors.length) throw new Error(`${operationId}: ${errors.join('; ')}`);
  }

  const server = new URL(doc.servers[0].url, base);
  const url = new URL(server.pathname.replace(/\/$/, '') + template.replace(/\{([^}]+)\}/g, (_, name) => encodeURIComponent(path[name])), server);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const init = { method: method.toUpperCase(), headers: { ...headers } };

  const bearer = (operation.security ?? doc.security ?? []).some(requirement => Object.keys(requirement).some(scheme => {
    const declaredScheme = doc.components?.securitySchemes?.[scheme];
    return declaredScheme?.type === 'http' && declaredScheme.scheme === 'bearer';
  }));
  if (bearer) {
    if (!token) throw new Error(`${operationId}: the operation needs a bearer token`);
    init.headers.Authorization = `Bearer ${token}`;
  }

  if (operation.requestBody) {
    const [mediaType, media] = Object.entries(operation.requestBody.content)[0];
    const errors = [];
    check(media.schema, body, 'body', errors);
    if (operation.requestBody.required && body === undefined) errors.push('body: required');
    if (errors.length) throw new Error(`${operationId}: ${errors.join('; ')}`);
    init.headers['Content-Type'] = mediaType;
    init.body = JSON.stringify(body);
  } else if (body !== undefined) {
    throw new Error(`${operationId}: the operation declares no body`);
  }

  const response = await fetch(url, init);
  const answer = operation.responses[String(response.status)];
  const text = await response.text();
  if (!answer) throw new Error(`${operationId}: ${response.status} is not a declared answer (${Object.keys(operation.responses).join(', ')}): ${text}`);
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0].trim();
  let value;
  if (answer.content) {
    const media = answer.content[contentType];
    if (!media) throw new Error(`${operationId}: ${response.status} in ${contentType}, declared ${Object.keys(answer.content).join(', ')}`);
    value = JSON.parse(text);
    const errors = [];
    check(media.schema, value, 'response', errors);
    if (errors.length) throw new Error(`${operationId}: ${response.status}: ${errors.join('; ')}`);
  }
  return { status: response.status, body: value, headers: response.headers };
}

async function placeOrder(base, adminEmail, adminPassword) {
  const documents = await Promise.all(['identity', 'catalog', 'orders'].map(async prefix => SwaggerParser.dereference(await load(base, prefix))));
  const admin = await call(base, documents, 'signIn', { body: { email: adminEmail, password: adminPassword } });
  const sku = `openapi-${randomUUID()}`;
  const product = await call(base, documents, 'createProduct', {
    token: admin.body.access_token,
    body: { sku, name: 'Generated client', description: '', price: { amount: 1250, currency: 'USD' }, stock: 5 },
  });
  const email = `openapi-${randomUUID()}@example.com`;
  const password = 'correct horse battery';
  await call(base, documents, 'register', { body: { email, password } });
  const customer = await call(base, documents, 'signIn', { body: { email, password } });
  const token = customer.body.access_token;
  const key = randomUUID();
  const order = { items: [{ productId: product.body.id, quantity: 2 }] };
  const accepted = await call(base, documents, 'placeOrder', { token, headers: { 'Idempotency-Key': key }, body: order });
  const replay = await call(base, documents, 'placeOrder', { token, headers: { 'Idempotency-Key': key }, body: order });
  const final = await call(base, documents, 'getOrder', { token, path: { id: accepted.body.id }, headers: { Prefer: 'wait=25' } });
  return {
    accepted: accepted.status, orderId: accepted.body.id, replayOrderId: replay.body.id,
    status: final.body.status, preferenceApplied: final.headers.get('preference-applied'),
  };
}

async function main() {
  const [command, base, ...rest] = process.argv.slice(2);
  if (command === 'validate') {
    let failed = false;
    for (const prefix of rest) {
      try {
        const api = await SwaggerParser.validate(await load(base, prefix));
        console.log(JSON.stringify({ prefix, ok: true, openapi: api.openapi, operations: Object.values(api.paths).flatMap(item => METHODS.filter(m => item[m])).length }));
      } catch (error) {
        failed = true;
        console.log(JSON.stringify({ prefix, ok: false, error: String(error.message ?? error) }));
      }
    }
    process.exitCode = failed ? 1 : 0;
  } else if (command === 'place-order') {
    try {
      console.log(JSON.stringify({ ok: true, ...(await placeOrder(base, rest[0], rest[1])) }));
    } catch (error) {
      console.log(JSON.stringify({ ok: false, error: String(error.message ?? error) }));
      process.exitCode = 1;
    }
  } else {
    console.error('usage: node client.js validate BASE PREFIX... | place-order BASE ADMIN_EMAIL ADMIN_PASSWORD');
    process.exitCode = 2;
  }
}

main();
