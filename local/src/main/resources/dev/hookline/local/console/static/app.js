import { barChart, SERIES } from './chart.js';

const STATUSES = ['STARTED', 'VALIDATING', 'PROCESSING', 'FINALIZING', 'COMPLETED', 'REJECTED', 'FAILED'];
const FINISHED = ['COMPLETED', 'REJECTED', 'FAILED'];
const OVERVIEW_WINDOWS = { '15m': 'Last 15 minutes', '1h': 'Last hour', '6h': 'Last 6 hours', '24h': 'Last 24 hours' };
const LISTING_WINDOWS = { '': 'Any time', '15m': 'Last 15 minutes', '1h': 'Last hour', '24h': 'Last 24 hours',
  '7d': 'Last 7 days' };
const WINDOW_MS = { '15m': 900e3, '1h': 3600e3, '6h': 21600e3, '24h': 86400e3, '7d': 604800e3 };
const OVERVIEW_REFRESH_MS = 5000;
const FOLLOW_MS = 1000;

const view = document.getElementById('view');
const live = document.getElementById('live');
let timers = [];

// Builds elements from text only: sources, errors and payloads never become markup.
function h(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function show(...nodes) {
  view.replaceChildren(...nodes.flat().filter((node) => node !== undefined && node !== null && node !== false));
}

async function api(path, options = {}) {
  const response = await fetch(path, options);
  const body = await response.json();
  if (!response.ok) {
    throw new Error(body.error ? `${body.error.code}: ${body.error.message}` : `HTTP ${response.status}`);
  }
  return body;
}

function sessionValue() {
  const name = `hookline_console_session_${location.port || '80'}=`;
  const cookie = document.cookie.split('; ').find((entry) => entry.startsWith(name));
  return cookie ? cookie.slice(cookie.indexOf('=') + 1) : '';
}

function every(ms, task) {
  timers.push(setInterval(task, ms));
}

function status(value) {
  return h('span', { class: `status ${value}` }, value);
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

function duration(ms) {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60e3) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3600e3) return `${Math.floor(ms / 60e3)} min ${Math.round((ms % 60e3) / 1000)} s`;
  return `${Math.floor(ms / 3600e3)} h ${Math.round((ms % 3600e3) / 60e3)} min`;
}

function ago(iso) {
  return `${duration(Date.now() - new Date(iso).getTime())} ago`;
}

function short(token) {
  return `${token.slice(0, 10)}…`;
}

function tokenLink(token) {
  return h('a', { href: `#/executions/${encodeURIComponent(token)}`, class: 'token', title: token }, short(token));
}

function errorText(error) {
  return error ? `${error.code}: ${error.message}` : '';
}

function failure(problem) {
  return h('p', { class: 'error', role: 'alert' }, `Could not load: ${problem.message}`);
}

function route() {
  const [path, query = ''] = location.hash.replace(/^#/, '').split('?');
  return { parts: path.split('/').filter(Boolean), params: new URLSearchParams(query) };
}

async function render() {
  timers.forEach(clearInterval);
  timers = [];
  live.textContent = '';
  const { parts, params } = route();
  const page = parts[0] || 'overview';
  document.querySelectorAll('nav a').forEach((link) => {
    link.classList.toggle('current', link.dataset.page === page);
  });
  try {
    if (page === 'executions' && parts[1]) await detail(decodeURIComponent(parts[1]));
    else if (page === 'executions') await executions(params);
    else if (page === 'dlq') await deadLetters();
    else await overview(params);
  } catch (problem) {
    show(failure(problem));
  }
}

async function overview(params) {
  const window = OVERVIEW_WINDOWS[params.get('window')] ? params.get('window') : '15m';
  const picker = h('select', { id: 'window', onchange: (event) => { location.hash = `#/overview?window=${event.target.value}`; } },
    Object.entries(OVERVIEW_WINDOWS).map(([value, label]) => h('option', { value, selected: value === window }, label)));
  const body = h('div');
  show(h('h1', {}, 'Overview'), h('form', { class: 'filters' }, h('label', {}, 'Window', picker)), body);
  const draw = async () => {
    const data = await api(`/api/overview?window=${window}`);
    const since = new Date(Date.now() - WINDOW_MS[window]).toISOString();
    const cards = STATUSES.map((name) => h('a', { class: 'card', href: `#/executions?status=${name}&window=${window === '6h' ? '24h' : window}` },
      h('div', { class: 'label' }, name), h('div', { class: 'value', 'data-status': name }, data.byStatus[name])));
    const oldest = data.oldestUnfinished ? duration(data.oldestUnfinished.ageSeconds * 1000) : 'none';
    body.replaceChildren(
      h('h2', {}, `Executions received in the window: ${data.total}`),
      h('div', { class: 'cards', id: 'by-status' }, cards),
      h('h2', {}, `Accepted, completed and failed per ${data.bucketSeconds / 60} min`),
      h('div', { class: 'panel chart' }, barChart(data.buckets),
        h('div', { class: 'legend' }, SERIES.map((series) => h('span', {}, h('i', { class: series.key }), series.label)))),
      h('h2', {}, 'Queues'),
      h('div', { class: 'cards', id: 'queues' },
        h('div', { class: 'card' }, h('div', { class: 'label' }, 'Webhook queue'),
          h('div', { class: 'value' }, data.webhookQueue.total),
          h('div', { class: 'muted' }, `${data.webhookQueue.visible} waiting, ${data.webhookQueue.inFlight} in flight`)),
        h('div', { class: 'card' }, h('div', { class: 'label' }, 'Oldest unfinished'),
          h('div', { class: 'value' }, oldest), h('div', { class: 'muted' }, 'received, not yet finished')),
        h('a', { class: 'card', href: '#/dlq' }, h('div', { class: 'label' }, 'Dead-letter queue'),
          h('div', { class: 'value', id: 'dlq-depth' }, data.deadLetterQueue.total),
          h('div', { class: 'muted' }, `${data.deadLetterQueue.visible} waiting, ${data.deadLetterQueue.inFlight} in flight`))),
      h('p', { class: 'muted' }, `Since ${when(since)}. This refresh read ${data.read} of the ${data.total} executions in the window.`));
    live.textContent = `Live: updated ${new Date().toLocaleTimeString()}, every ${OVERVIEW_REFRESH_MS / 1000} s`;
  };
  await draw();
  every(OVERVIEW_REFRESH_MS, () => draw().catch((problem) => { live.textContent = `Refresh failed: ${problem.message}`; }));
}

async function executions(params) {
  const filters = { status: params.get('status') || '', source: params.get('source') || '', window: params.get('window') || '' };
  const form = h('form', { class: 'filters', id: 'filters', onsubmit: (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const query = new URLSearchParams([...data].filter(([, value]) => value !== ''));
    location.hash = `#/executions?${query}`;
  } },
  h('label', {}, 'Status', h('select', { name: 'status', id: 'status' }, h('option', { value: '' }, 'Any status'),
    STATUSES.map((name) => h('option', { value: name, selected: name === filters.status }, name)))),
  h('label', {}, 'Source', h('input', { name: 'source', id: 'source', value: filters.source, placeholder: 'any source' })),
  h('label', {}, 'Received', h('select', { name: 'window', id: 'received' },
    Object.entries(LISTING_WINDOWS).map(([value, label]) => h('option', { value, selected: value === filters.window }, label)))),
  h('button', { type: 'submit', class: 'primary' }, 'Filter'));
  const table = h('div');
  const pager = h('div', { class: 'pager' });
  show(h('h1', {}, 'Executions'), form, table, pager);
  const cursors = [];
  const load = async (cursor) => {
    const query = new URLSearchParams();
    if (filters.status) query.set('status', filters.status);
    if (filters.source) query.set('source', filters.source);
    if (WINDOW_MS[filters.window]) query.set('from', new Date(Date.now() - WINDOW_MS[filters.window]).toISOString());
    if (cursor) query.set('cursor', cursor);
    const page = await api(`/api/executions?${query}`);
    table.replaceChildren(page.executions.length === 0 ? h('p', { class: 'muted' }, 'No executions match.') : h('table', { id: 'executions' },
      h('thead', {}, h('tr', {}, ['Token', 'Received', 'Source', 'Type', 'Status', 'Round', 'Attempts', 'Error'].map((name) => h('th', {}, name)))),
      h('tbody', {}, page.executions.map((execution) => h('tr', { 'data-token': execution.executionToken },
        h('td', {}, tokenLink(execution.executionToken)), h('td', {}, when(execution.receivedAt)),
        h('td', {}, execution.source), h('td', {}, execution.type || ''), h('td', {}, status(execution.status)),
        h('td', { class: 'num' }, execution.round), h('td', { class: 'num' }, execution.attempts),
        h('td', {}, errorText(execution.error)))))));
    pager.replaceChildren(
      h('button', { type: 'button', disabled: cursors.length === 0, onclick: () => { cursors.pop(); load(cursors[cursors.length - 1]); } }, '← Newer'),
      h('button', { type: 'button', disabled: !page.nextCursor, onclick: () => { cursors.push(page.nextCursor); load(page.nextCursor); } }, 'Older →'),
      h('span', { class: 'muted' }, `Page ${cursors.length + 1}, newest first`));
  };
  await load();
}

function timeline(execution) {
  const rows = [];
  let round = 0;
  execution.history.forEach((entry, index) => {
    if (entry.round !== round) {
      round = entry.round;
      rows.push(h('tr', { class: 'round' }, h('td', { colspan: 5 }, `Round ${round}${entry.reason === 'replay' ? ' (replay)' : ''}`)));
    }
    const next = execution.history[index + 1];
    const end = next ? new Date(next.at) : (FINISHED.includes(entry.status) ? null : new Date());
    const spent = end ? duration(end - new Date(entry.at)) + (next ? '' : ' so far') : '';
    rows.push(h('tr', {}, h('td', {}, status(entry.status)), h('td', {}, when(entry.at)), h('td', {}, spent),
      h('td', { class: 'num' }, entry.attempt), h('td', {}, entry.reason || '')));
  });
  return h('table', { id: 'timeline' }, h('thead', {}, h('tr', {}, ['Status', 'At', 'Time in step', 'Attempt', 'Reason'].map((name) => h('th', {}, name)))),
    h('tbody', {}, rows));
}

async function detail(token) {
  const draw = async () => {
    const execution = await api(`/api/executions/${encodeURIComponent(token)}`);
    show(
      h('p', {}, h('a', { href: '#/executions' }, '← Executions')),
      h('h1', {}, 'Execution ', status(execution.status)),
      h('dl', { class: 'facts panel' },
        h('dt', {}, 'Token'), h('dd', { class: 'token' }, execution.executionToken),
        h('dt', {}, 'Source'), h('dd', {}, execution.source),
        h('dt', {}, 'Type'), h('dd', {}, execution.type || '(none)'),
        h('dt', {}, 'Round'), h('dd', { id: 'round' }, execution.round),
        h('dt', {}, 'Attempts'), h('dd', {}, execution.attempts),
        h('dt', {}, 'Received'), h('dd', {}, when(execution.receivedAt)),
        h('dt', {}, 'Last updated'), h('dd', {}, when(execution.lastUpdated)),
        execution.currentStep && [h('dt', {}, 'Current step'), h('dd', {}, execution.currentStep)]),
      h('h2', {}, 'Timeline'), timeline(execution),
      execution.error && [h('h2', {}, 'Error'), h('div', { class: 'errorbox', id: 'error' }, errorText(execution.error))],
      h('h2', {}, 'Result'), execution.result !== undefined ? h('pre', { id: 'result' }, JSON.stringify(execution.result, null, 2)) : h('p', { class: 'muted' }, 'No result yet.'),
      h('h2', {}, 'Payload'), execution.payload !== undefined ? h('pre', { id: 'payload' }, execution.payload)
        : h('p', { class: 'muted' }, 'Not kept: this source does not expose payloads (exposePayload: true in its sources entry).'));
    return execution;
  };
  const execution = await draw();
  if (!FINISHED.includes(execution.status)) {
    every(2000, () => draw().then((latest) => { if (FINISHED.includes(latest.status)) render(); }).catch(() => {}));
  }
}

function confirmReplay(text) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-text').textContent = text;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true }));
}

async function deadLetters() {
  const listing = await api('/api/dlq');
  const selected = new Set();
  const followed = h('div', { id: 'replayed' });
  const replaySelected = h('button', { type: 'button', disabled: true, onclick: () => replay([...selected]) }, 'Replay selected');
  const replayAll = h('button', { type: 'button', class: 'primary', disabled: !listing.messages.some((message) => message.replayable),
    onclick: () => replay(null) }, 'Replay all');
  const choose = (token, checked) => {
    if (checked) selected.add(token); else selected.delete(token);
    replaySelected.disabled = selected.size === 0;
    replaySelected.textContent = selected.size ? `Replay selected (${selected.size})` : 'Replay selected';
  };
  const rows = listing.messages.map((message) => message.readable
    ? h('tr', { 'data-token': message.executionToken },
      h('td', {}, h('input', { type: 'checkbox', 'aria-label': `select ${message.executionToken}`, onchange: (event) => choose(message.executionToken, event.target.checked) })),
      h('td', {}, tokenLink(message.executionToken)), h('td', {}, message.source), h('td', {}, message.type || ''),
      h('td', {}, message.status ? status(message.status) : '(no record)'), h('td', { class: 'num' }, message.round ?? ''),
      h('td', { class: 'num' }, message.attempts ?? ''), h('td', {}, message.failedAt ? ago(message.failedAt) : ''),
      h('td', {}, errorText(message.error)),
      h('td', {}, h('button', { type: 'button', onclick: () => replay([message.executionToken]) }, 'Replay')))
    : h('tr', {}, h('td', {}), h('td', { colspan: 8 }, `Message ${message.messageId}: not a Hookline envelope, not replayable`), h('td', {})));
  const depth = listing.depth;
  show(
    h('h1', {}, 'Dead-letter queue'),
    h('p', { id: 'dlq-summary' }, `${depth.total} message${depth.total === 1 ? '' : 's'} (${depth.visible} waiting, ${depth.inFlight} in flight)`,
      h('br'), h('span', { class: 'muted' }, listing.queueUrl)),
    followed,
    listing.messages.length === 0 ? h('p', { class: 'muted' }, 'Nothing to replay.') : [
      h('div', { class: 'toolbar' }, replaySelected, replayAll),
      h('table', { id: 'dead-letters' }, h('thead', {}, h('tr', {}, ['', 'Token', 'Source', 'Type', 'Status', 'Round', 'Attempts', 'Failed', 'Error', ''].map((name) => h('th', {}, name)))),
        h('tbody', {}, rows))]);

  async function replay(tokens) {
    const count = tokens ? tokens.length : listing.messages.filter((message) => message.replayable).length;
    const what = tokens ? `${count} execution${count === 1 ? '' : 's'}` : `every message in the dead-letter queue (${count} shown)`;
    if (!await confirmReplay(`Replay ${what}? Each goes back to the webhook queue and runs again in a new round.`)) return;
    let report;
    try {
      report = await api('/api/dlq/replay', { method: 'POST', headers: { 'content-type': 'application/json', 'X-Hookline-Session': sessionValue() },
        body: JSON.stringify(tokens ? { tokens } : { all: true }) });
    } catch (problem) {
      followed.replaceChildren(h('p', { class: 'error', role: 'alert' }, `Replay refused: ${problem.message}`));
      return;
    }
    await deadLetters();
    follow(report);
  }
}

function follow(report) {
  const followed = document.getElementById('replayed');
  const rows = new Map(report.replayed.map((letter) => [letter.executionToken, h('tr', { 'data-token': letter.executionToken },
    h('td', {}, tokenLink(letter.executionToken)), h('td', {}, letter.source), h('td', { class: 'state' }, 'sent back'), h('td', { class: 'num round' }, ''))]));
  const problems = [...report.tokensNotFound.map((token) => `not in the dead-letter queue: ${short(token)}`),
    ...report.notSent.map((letter) => `could not be sent back: ${short(letter.executionToken)}`)];
  followed.replaceChildren(h('div', { class: 'panel' },
    h('h2', {}, `Replayed ${report.replayedCount} of ${report.examined} examined`),
    problems.map((problem) => h('p', { class: 'error' }, problem)),
    rows.size > 0 && h('table', {}, h('thead', {}, h('tr', {}, ['Token', 'Source', 'Status now', 'Round'].map((name) => h('th', {}, name)))),
      h('tbody', {}, [...rows.values()]))));
  const pending = new Set(rows.keys());
  const check = async () => {
    for (const token of [...pending]) {
      const execution = await api(`/api/executions/${encodeURIComponent(token)}`).catch(() => null);
      if (!execution) continue;
      const row = rows.get(token);
      row.querySelector('.state').replaceChildren(status(execution.status));
      row.querySelector('.round').textContent = `round ${execution.round}`;
      if (execution.round > 1 && FINISHED.includes(execution.status)) pending.delete(token);
    }
    live.textContent = pending.size ? `Following ${pending.size} replayed execution${pending.size === 1 ? '' : 's'}` : 'Replayed executions finished';
  };
  check();
  every(FOLLOW_MS, () => { if (pending.size) check(); });
}

window.addEventListener('hashchange', render);
render();
