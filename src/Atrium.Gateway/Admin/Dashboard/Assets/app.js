// The Atrium gateway dashboard: polls /admin/dashboard/state every second and redraws the tables. Standard
// library only; every value goes in through textContent, never as HTML.
"use strict";

const PollEveryMs = 1000;

function cell(text, field) {
  const td = document.createElement("td");
  td.textContent = text === null || text === undefined ? "–" : String(text);
  if (field) {
    td.dataset.field = field;
    // A class per state (health-unhealthy, breaker-open) colours it; numbers and phrases get none.
    if (/^\w+$/.test(String(text))) {
      td.classList.add(field + "-" + String(text));
    }
  }
  return td;
}

function row(cells, data) {
  const tr = document.createElement("tr");
  for (const [key, value] of Object.entries(data || {})) {
    tr.dataset[key] = value;
  }
  tr.append(...cells);
  return tr;
}

function fill(tableId, rows, empty) {
  const body = document.querySelector("#" + tableId + " tbody");
  if (rows.length === 0 && empty) {
    const td = cell(empty);
    td.colSpan = document.querySelectorAll("#" + tableId + " thead th").length;
    td.className = "empty";
    rows = [row([td])];
  }
  body.replaceChildren(...rows);
}

function number(value, digits) {
  return value === null || value === undefined ? null : value.toFixed(digits);
}

function percent(value) {
  return value === null || value === undefined ? null : (value * 100).toFixed(1) + " %";
}

function time(value) {
  return value ? new Date(value).toLocaleTimeString() : null;
}

function renderGateway(state) {
  fill("routes", state.routes.map(r => row([
    cell(r.id), cell(r.match), cell(r.cluster), cell(r.policies.join(", ")),
    cell(number(r.traffic?.requestsPerSecond, 1), "rate"), cell(percent(r.traffic?.errorRate), "errors"),
    cell(number(r.traffic?.p50Ms, 2), "p50"), cell(number(r.traffic?.p99Ms, 2), "p99"),
  ], { route: r.id })), "no routes");

  const endpoints = [];
  for (const c of state.clusters) {
    c.endpoints.forEach((e, i) => endpoints.push(row([
      i === 0 ? cell(c.name) : cell(""), i === 0 ? cell(c.circuitBreaker, "breaker") : cell(""),
      cell(e.address), cell(e.health, "health"), cell(time(e.ejectedUntil)),
      cell(e.activeRequests), cell(e.requests), cell(e.failures),
    ], { cluster: c.name, endpoint: e.address })));
  }
  fill("clusters", endpoints, "no clusters");

  fill("reloads", state.reloads.map(r => {
    const result = cell(r.succeeded ? "applied" : "failed", "result");
    if (!r.succeeded) {
      const list = document.createElement("ul");
      for (const error of r.errors) {
        const item = document.createElement("li");
        item.textContent = error;
        list.append(item);
      }
      result.append(list);
    }
    return row([cell(time(r.attemptedAt)), cell(r.trigger), cell(r.source), result], { succeeded: String(r.succeeded) });
  }));

  document.getElementById("gateway-ready").textContent = state.readiness.gateway;
  fill("checks", state.readiness.checks.map(c => row([cell(c.name), cell(c.status, "check"), cell(c.description)])));
  fill("services", state.readiness.services.map(s => row([
    cell(s.cluster), cell(s.endpoint), cell(s.status, "ready"), cell(s.httpStatus),
  ], { service: s.endpoint })), "no upstreams");
}

function renderOrders(orders) {
  document.getElementById("orders-where").textContent = orders.inProcess
    ? "From the ordering and eventing metrics of this process."
    : "Summed from the /metrics of the upstream endpoints below (the ordering module runs in another process).";
  fill("metrics-sources", orders.sources.map(s => row([
    cell(s.endpoint), cell(s.status, "source"), cell(s.httpStatus),
    cell(s.ignored ? (s.ignored === 1 ? "1 line" : s.ignored + " lines") + " not understood, ignored; the first: " + s.note : ""),
  ], { source: s.endpoint })), orders.inProcess ? "this process" : "no upstreams");
  document.getElementById("sagas-running").textContent = orders.sagasRunning ?? "–";
  document.getElementById("sagas-confirmed").textContent = orders.confirmed;
  document.getElementById("saga-retries").textContent = orders.retries;
  document.getElementById("saga-compensations").textContent = orders.compensations;

  const steps = new Map();
  for (const s of orders.inFlight) {
    steps.set(s.name, { inFlight: s.count });
  }
  for (const s of orders.steps) {
    const counts = steps.get(s.step) || {};
    counts[s.outcome] = s.calls;
    steps.set(s.step, counts);
  }
  fill("steps", [...steps].map(([step, c]) => row([cell(step), cell(c.inFlight ?? "–"), cell(c.Succeeded || 0), cell(c.Refused || 0), cell(c.Transient || 0)],
    { step })), "no saga steps yet");
  fill("cancellations", orders.cancellations.map(c => row([cell(c.name || "(none)"), cell(c.count)], { reason: c.name })), "none");
  fill("outboxes", orders.outboxes.map(o => row([cell(o.name), cell(o.count)], { outbox: o.name })), orders.inProcess ? "no outbox in this process" : "no outbox");
  fill("consumers", orders.consumers.map(c => row([
    cell(c.subscription), cell(c.deadLettered, "dead"), cell(c.parked), cell(c.queueDepth),
  ], { subscription: c.subscription })), "no consumers");
}

async function poll() {
  const status = document.getElementById("status");
  try {
    const response = await fetch("/admin/dashboard/state", { cache: "no-store" });
    if (response.status === 401) {
      window.location.assign("/login");
      return;
    }
    if (!response.ok) {
      throw new Error("HTTP " + response.status);
    }
    const state = await response.json();
    renderGateway(state);
    renderOrders(state.orders);
    status.textContent = "updated " + time(state.generatedAt);
    status.className = "status ok";
  } catch (error) {
    status.textContent = "cannot reach the admin listener: " + error.message;
    status.className = "status down";
  } finally {
    setTimeout(poll, PollEveryMs);
  }
}

async function reload() {
  const answer = document.getElementById("reload-answer");
  answer.textContent = "reloading…";
  const response = await fetch("/admin/reload", { method: "POST" });
  const body = await response.json();
  // 200 applied, 422 failed (with the errors, which the table of reloads lists); anything else is a refusal.
  answer.textContent = typeof body.succeeded === "boolean"
    ? "reload: " + (body.succeeded ? "applied" : "failed")
    : "reload refused: " + (body.detail || body.title || response.status);
}

function show(view) {
  for (const name of ["gateway", "orders"]) {
    document.getElementById("view-" + name).hidden = name !== view;
    document.getElementById("tab-" + name).setAttribute("aria-pressed", String(name === view));
  }
}

document.getElementById("tab-gateway").addEventListener("click", () => show("gateway"));
document.getElementById("tab-orders").addEventListener("click", () => show("orders"));
document.getElementById("reload").addEventListener("click", () => reload().catch(e => {
  document.getElementById("reload-answer").textContent = "reload: " + e.message;
}));
poll();
