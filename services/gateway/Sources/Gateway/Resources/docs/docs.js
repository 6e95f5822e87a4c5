// Homestudio API documentation: renders the OpenAPI 3.1 documents of every service and the
// AsyncAPI 3.0 event catalogue listed in /docs/catalogue.json, with a "Try it" form per operation.
// Offline and CSP-strict: no framework, no innerHTML with document data (everything is textContent).
'use strict';

(() => {
  const CATALOGUE_URL = '/docs/catalogue.json';
  const TOKEN_KEY = 'homestudio.docs.token';
  const EVENTS_ID = 'events';
  const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace'];
  const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
  const SHOWN_HEADERS = ['content-type', 'etag', 'retry-after', 'location', 'x-request-id'];
  const MAX_DEPTH = 12;            // backstop for deeply nested schemas
  const MAX_BODY_CHARS = 200000;   // longer response bodies are cut when displayed
  const TIMEOUT_MS = 30000;

  const state = { entries: [], selected: null, filter: '' };
  let uid = 0;                     // unique ids for labels and inputs
  const $ = (id) => document.getElementById(id);

  // ---------------------------------------------------------------- DOM helpers

  /** Creates an element. `attrs.class`/`attrs.text` are shortcuts; other keys become attributes. */
  function h(tag, attrs = {}, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') el.className = value;
      else if (key === 'text') el.textContent = String(value);
      else el.setAttribute(key, value === true ? '' : String(value));
    }
    append(el, children);
    return el;
  }

  function append(el, children) {
    for (const child of children.flat(Infinity)) {
      if (child === undefined || child === null || child === false) continue;
      el.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return el;
  }

  /** Plain text with `code` spans and blank-line paragraphs, safely (no HTML interpretation). */
  function prose(text, cls = 'prose') {
    if (!text) return null;
    const box = h('div', { class: cls });
    for (const para of String(text).split(/\n\s*\n/)) {
      const p = h('p');
      String(para).split('`').forEach((part, i) => append(p, [i % 2 ? h('code', { text: part }) : part]));
      box.append(p);
    }
    return box;
  }

  const nextId = (prefix) => `${prefix}-${++uid}`;

  // ---------------------------------------------------------------- loading

  async function fetchJSON(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response.json();
  }

  /** Only same-origin absolute paths are accepted from the catalogue (no scheme, no `//host`). */
  const isLocalPath = (value) => typeof value === 'string' && /^\/(?!\/)/.test(value);

  async function load() {
    const catalogue = await fetchJSON(CATALOGUE_URL);
    if (catalogue.title) {
      document.title = catalogue.title;
      $('page-title').textContent = catalogue.title;
    }
    const entries = (catalogue.openapi || [])
      .filter((item) => item && item.name && isLocalPath(item.url) && (item.base === '' || isLocalPath(item.base)))
      .map((item) => ({ id: String(item.name), label: String(item.name), kind: 'openapi', url: item.url,
        base: String(item.base || '').replace(/\/$/, '') }));
    if (isLocalPath(catalogue.asyncapi)) {
      entries.push({ id: EVENTS_ID, label: 'Events (AsyncAPI)', kind: 'asyncapi', url: catalogue.asyncapi, base: '' });
    }
    const results = await Promise.allSettled(entries.map((entry) => fetchJSON(entry.url)));
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') entries[i].doc = result.value;
      else entries[i].error = result.reason instanceof Error ? result.reason.message : String(result.reason);
    });
    entries.forEach((entry) => { entry.items = entry.doc ? collectItems(entry) : []; });
    return entries;
  }

  // ---------------------------------------------------------------- JSON Schema helpers

  /** Resolves a local JSON pointer (`#/components/schemas/X`) in `doc`; undefined when absent or remote. */
  function resolvePointer(doc, ref) {
    if (typeof ref !== 'string' || !ref.startsWith('#')) return undefined;
    let node = doc;
    for (const raw of ref.slice(1).split('/').slice(1)) {
      let key;
      try { key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~'); } catch { return undefined; }
      if (node === null || typeof node !== 'object' || !(key in node)) return undefined;
      node = node[key];
    }
    return node;
  }

  const refName = (ref) => String(ref).split('/').pop();

  /** Follows `$ref`s; returns { schema, ref, cycle } where `ref` is the last reference followed. */
  function deref(doc, schema, seen) {
    let ref = null;
    while (schema && typeof schema === 'object' && typeof schema.$ref === 'string') {
      ref = schema.$ref;
      if (seen.has(ref)) return { schema: null, ref, cycle: true };
      const target = resolvePointer(doc, ref);
      if (target === undefined) return { schema: null, ref, cycle: false };
      seen = new Set(seen).add(ref);
      schema = target;
    }
    return { schema, ref, seen };
  }

  const isObjectSchema = (s) => s && (s.type === 'object' || s.properties !== undefined);

  /** Folds an `allOf` of object schemas into one object schema (as AsyncAPI payloads use it). */
  function mergeAllOf(doc, schema, seen) {
    if (!schema || !Array.isArray(schema.allOf)) return schema;
    const parts = schema.allOf.map((part) => mergeAllOf(doc, deref(doc, part, seen).schema, seen));
    if (!parts.every(isObjectSchema)) return schema;
    const merged = { ...schema, type: 'object', properties: {}, required: [] };
    delete merged.allOf;
    for (const part of [...parts, schema]) {
      for (const [name, prop] of Object.entries(part.properties || {})) {
        merged.properties[name] = { ...(merged.properties[name] || {}), ...prop };
      }
      merged.required.push(...(part.required || []));
    }
    merged.required = [...new Set(merged.required)];
    return merged;
  }

  /** Short type label: `string | null`, `array<uuid>`, `object`, `const`, `any`. */
  function typeLabel(s) {
    if (!s || typeof s !== 'object') return 'any';
    if (s.$ref) return refName(s.$ref);
    if (s.const !== undefined && !s.type) return 'const';
    let types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
    if (!types.length) types = s.properties ? ['object'] : s.items ? ['array'] : s.enum ? ['enum'] : [];
    if (!types.length) return s.oneOf ? 'one of' : s.anyOf ? 'any of' : s.allOf ? 'all of' : 'any';
    return types.map((t) => (t === 'array' && s.items ? `array<${typeLabel(s.items)}>` : t)).join(' | ');
  }

  const short = (value) => (typeof value === 'string' ? value : JSON.stringify(value));

  /** The facts shown after a type: format, const, enum, default, bounds, example. */
  function schemaFacts(s) {
    const facts = [];
    if (s.format) facts.push(s.format);
    if (s.const !== undefined) facts.push(`= ${short(s.const)}`);
    if (Array.isArray(s.enum)) facts.push(`one of: ${s.enum.map(short).join(', ')}`);
    if (s.default !== undefined) facts.push(`default: ${short(s.default)}`);
    for (const [key, sign] of [['minimum', '≥'], ['maximum', '≤'], ['minLength', 'length ≥'],
      ['maxLength', 'length ≤'], ['minItems', 'items ≥'], ['maxItems', 'items ≤']]) {
      if (s[key] !== undefined) facts.push(`${sign} ${s[key]}`);
    }
    if (s.pattern) facts.push(`pattern ${s.pattern}`);
    const example = s.example !== undefined ? s.example : Array.isArray(s.examples) ? s.examples[0] : undefined;
    if (example !== undefined) facts.push(`e.g. ${short(example)}`);
    return facts;
  }

  // ---------------------------------------------------------------- schema tree

  /** Renders a schema as a compact tree (nested lists); `$ref`s are resolved, cycles shown as such. */
  function schemaTree(doc, schema) {
    return h('ul', { class: 'schema-tree' }, schemaNode(doc, null, schema, false, new Set(), 0));
  }

  function schemaNode(doc, name, raw, required, seen, depth) {
    const { schema: resolved, ref, cycle, seen: innerSeen } = deref(doc, raw, seen);
    const line = h('div', { class: 'schema-line' });
    if (name !== null) append(line, [h('code', { class: 'prop', text: name }), ' ']);
    const s = cycle || resolved === null ? null : mergeAllOf(doc, resolved, innerSeen);
    const label = ref ? refName(ref) : typeLabel(s || raw);
    append(line, [h('span', { class: ref ? 'type ref' : 'type', text: label })]);
    if (required) append(line, [' ', h('span', { class: 'required', text: 'required' })]);
    const li = h('li', {}, line);
    if (cycle || resolved === null) {
      append(line, [' ', h('span', { class: 'muted', text: cycle ? '(recursive, see above)' : '(unresolved)' })]);
      return li;
    }
    if (ref && s) append(line, [' ', h('span', { class: 'muted', text: typeLabel(s) })]);
    const facts = schemaFacts(s || {});
    if (facts.length) append(line, [' ', h('span', { class: 'facts', text: facts.join(' · ') })]);
    if (s && (s.description || s.title)) append(line, [' — ', h('span', { class: 'desc', text: s.description || s.title })]);
    const children = depth < MAX_DEPTH ? schemaChildren(doc, s, innerSeen, depth + 1) : [];
    if (children.length) li.append(h('ul', {}, children));
    return li;
  }

  function schemaChildren(doc, s, seen, depth) {
    if (!s || typeof s !== 'object') return [];
    const nodes = [];
    const required = new Set(s.required || []);
    for (const [prop, sub] of Object.entries(s.properties || {})) {
      nodes.push(schemaNode(doc, prop, sub, required.has(prop), seen, depth));
    }
    if (s.additionalProperties && typeof s.additionalProperties === 'object') {
      nodes.push(schemaNode(doc, '{key}', s.additionalProperties, false, seen, depth));
    }
    if (s.items && typeof s.items === 'object') {
      const item = deref(doc, s.items, seen);
      const merged = mergeAllOf(doc, item.schema, item.seen || seen);
      // Arrays of objects show the item's properties directly; arrays of scalars need no child.
      if (!item.cycle && merged && (isObjectSchema(merged) || merged.oneOf || merged.anyOf)) {
        nodes.push(schemaNode(doc, '[item]', s.items, false, seen, depth));
      }
    }
    for (const key of ['oneOf', 'anyOf', 'allOf']) {
      (Array.isArray(s[key]) ? s[key] : []).forEach((variant, i) => {
        nodes.push(schemaNode(doc, `${key}[${i}]`, variant, false, seen, depth));
      });
    }
    return nodes;
  }

  // ---------------------------------------------------------------- examples

  const FORMAT_EXAMPLES = {
    uuid: '00000000-0000-4000-8000-000000000000', 'date-time': '2025-01-01T20:00:00Z', date: '2025-01-01',
    email: 'user@example.com', uri: 'https://example.com/', password: 'correct horse battery staple',
  };

  /** Builds an example value: example / examples / default / const / first enum, else a type placeholder. */
  function exampleFor(doc, raw, seen = new Set(), depth = 0) {
    const { schema: resolved, cycle, seen: inner } = deref(doc, raw, seen);
    if (cycle || depth > MAX_DEPTH) return undefined; // dropped by JSON.stringify
    if (!resolved) return null;
    const s = mergeAllOf(doc, resolved, inner);
    if (s.example !== undefined) return s.example;
    if (Array.isArray(s.examples) && s.examples.length) return s.examples[0];
    if (s.default !== undefined) return s.default;
    if (s.const !== undefined) return s.const;
    if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
    const variants = s.oneOf || s.anyOf || s.allOf;
    if (Array.isArray(variants) && variants.length) return exampleFor(doc, variants[0], inner, depth + 1);
    const types = Array.isArray(s.type) ? s.type.filter((t) => t !== 'null') : [s.type];
    const type = types[0] || (s.properties ? 'object' : s.items ? 'array' : undefined);
    switch (type) {
      case 'object': {
        const out = {};
        for (const [name, prop] of Object.entries(s.properties || {})) out[name] = exampleFor(doc, prop, inner, depth + 1);
        if (!s.properties && s.additionalProperties && typeof s.additionalProperties === 'object') {
          out.key = exampleFor(doc, s.additionalProperties, inner, depth + 1);
        }
        return out;
      }
      case 'array': {
        const item = s.items ? exampleFor(doc, s.items, inner, depth + 1) : undefined;
        return item === undefined ? [] : [item];
      }
      case 'string': return FORMAT_EXAMPLES[s.format] || 'string';
      case 'integer': return s.minimum !== undefined ? s.minimum : 0;
      case 'number': return s.minimum !== undefined ? s.minimum : 0;
      case 'boolean': return false;
      default: return null;
    }
  }

  // ---------------------------------------------------------------- OpenAPI

  /** Every operation of an OpenAPI document, with path-level parameters merged in. */
  function openapiOperations(entry) {
    const ops = [];
    const paths = entry.doc.paths || {};
    for (const path of Object.keys(paths).sort()) {
      const item = paths[path] || {};
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        const params = new Map();
        for (const p of [...(item.parameters || []), ...(op.parameters || [])]) {
          const param = deref(entry.doc, p, new Set()).schema;
          if (param && param.name) params.set(`${param.in}:${param.name}`, param);
        }
        const segment = path.split('/').filter(Boolean)[0] || '/';
        const group = Array.isArray(op.tags) && op.tags.length ? op.tags[0] : segment;
        ops.push({ method: method.toUpperCase(), path, fullPath: entry.base + path, op, group,
          params: [...params.values()] });
      }
    }
    return ops;
  }

  /** Items (operations or channels) with their group and the lowercase text the filter matches. */
  function collectItems(entry) {
    if (entry.kind === 'asyncapi') return asyncapiChannels(entry.doc);
    return openapiOperations(entry).map((o) => ({ ...o, haystack: [o.method, o.fullPath, o.op.summary,
      o.op.description, o.op.operationId].filter(Boolean).join(' ').toLowerCase() }));
  }

  /** Title, spec version, link to the raw document and description. */
  function docHeader(entry, spec, extra) {
    const info = entry.doc.info || {};
    return h('header', { class: 'doc-header' },
      h('h2', { text: info.title || entry.label }),
      h('p', { class: 'muted' }, `${spec} · version ${info.version || '?'} · `,
        h('a', { href: entry.url, text: 'raw document' }), extra ? ` · ${extra}` : ''),
      prose(info.description));
  }

  /** A collapsible item whose body is built on first opening (documents have many large schemas). */
  function lazyItem(cls, haystack, summaryParts, buildBody) {
    const details = h('details', { class: `item ${cls}` }, h('summary', {}, summaryParts));
    details.dataset.haystack = haystack;
    details.addEventListener('toggle', () => {
      if (details.open && !details.dataset.rendered) {
        details.dataset.rendered = 'true';
        details.append(h('div', { class: 'item-body' }, buildBody()));
      }
    });
    return details;
  }

  function renderOpenAPI(entry) {
    return [docHeader(entry, `OpenAPI ${entry.doc.openapi || ''}`, entry.base && `base ${entry.base}`),
      ...renderGroups(entry.items, (item) => renderOperation(entry, item))];
  }

  /** Sections of collapsible items, one per group, in first-seen order. */
  function renderGroups(items, renderItem) {
    const groups = new Map();
    for (const item of items) {
      if (!groups.has(item.group)) groups.set(item.group, []);
      groups.get(item.group).push(item);
    }
    return [...groups].map(([name, list]) => {
      const headingId = nextId('group');
      return h('section', { class: 'group', 'aria-labelledby': headingId },
        h('h3', { id: headingId, text: name }), list.map(renderItem));
    });
  }

  function renderOperation(entry, item) {
    const { method, fullPath, op } = item;
    const secured = Array.isArray(op.security) && op.security.length > 0;
    return lazyItem('operation', item.haystack, [
      h('span', { class: `method method-${method.toLowerCase()}`, text: method }),
      h('code', { class: 'path', text: fullPath }),
      h('span', { class: 'summary-text', text: op.summary || '' }),
      secured ? h('span', { class: 'lock', title: 'Needs a bearer token', text: 'token' }) : null,
    ], () => operationBody(entry, item));
  }

  function operationBody(entry, item) {
    const { op, params } = item;
    const doc = entry.doc;
    const parts = [prose(op.description)];
    if (op.operationId) parts.push(h('p', { class: 'muted' }, 'Operation id ', h('code', { text: op.operationId })));
    if (params.length) parts.push(h('h4', { text: 'Parameters' }), parameterTable(doc, params));
    const body = op.requestBody && deref(doc, op.requestBody, new Set()).schema;
    if (body) {
      parts.push(h('h4', {}, 'Request body ', body.required ? h('span', { class: 'required', text: 'required' }) : null));
      parts.push(prose(body.description));
      for (const [type, media] of Object.entries(body.content || {})) {
        parts.push(h('p', {}, h('code', { text: type })), media.schema ? schemaTree(doc, media.schema) : null);
      }
    }
    parts.push(h('h4', { text: 'Responses' }), responseList(doc, op.responses || {}));
    parts.push(tryItForm(entry, item));
    return parts;
  }

  function parameterTable(doc, params) {
    const rows = params.map((p) => {
      const schema = p.schema ? deref(doc, p.schema, new Set()).schema || {} : {};
      const facts = schemaFacts(schema);
      return h('tr', {},
        h('td', {}, h('code', { text: p.name })),
        h('td', { text: p.in }),
        h('td', { text: p.required ? 'yes' : 'no' }),
        h('td', {}, h('span', { class: 'type', text: typeLabel(p.schema) }),
          facts.length ? h('span', { class: 'facts', text: ` ${facts.join(' · ')}` }) : null),
        h('td', { text: p.description || '' }));
    });
    return h('div', { class: 'table-wrap' }, h('table', {},
      h('thead', {}, h('tr', {}, ['Name', 'In', 'Required', 'Schema', 'Description'].map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, rows)));
  }

  function responseList(doc, responses) {
    const codes = Object.keys(responses).sort();
    return h('dl', { class: 'responses' }, codes.map((code) => {
      const response = deref(doc, responses[code], new Set()).schema || {};
      const cls = /^2/.test(code) ? 'ok' : /^3/.test(code) ? 'redirect' : 'fail';
      const content = Object.entries(response.content || {});
      return [
        h('dt', {}, h('span', { class: `status ${cls}`, text: code }), ' ', response.description || ''),
        h('dd', {}, content.length ? content.map(([type, media]) => [h('p', {}, h('code', { text: type })),
          media.schema ? schemaTree(doc, media.schema) : null]) : h('span', { class: 'muted', text: 'No body' })),
      ];
    }));
  }

  // ---------------------------------------------------------------- Try it

  function tryItForm(entry, item) {
    const { method, op, params } = item;
    const form = h('form', { class: 'try-it', novalidate: true });
    const fields = h('fieldset', {}, h('legend', { text: 'Try it' }));
    const inputs = params.filter((p) => ['path', 'query', 'header'].includes(p.in))
      .map((p) => ({ param: p, control: paramControl(entry.doc, p, fields) }));
    const media = op.requestBody && (deref(entry.doc, op.requestBody, new Set()).schema || {}).content;
    let bodyInput = null;
    if (media) {
      const [type, content] = Object.entries(media)[0] || ['application/json', {}];
      const id = nextId('body');
      bodyInput = h('textarea', { id, rows: 8, spellcheck: 'false', class: 'code-input' });
      const example = content && content.schema ? exampleFor(entry.doc, content.schema) : undefined;
      bodyInput.value = example === undefined ? '' : JSON.stringify(example, null, 2);
      bodyInput.dataset.contentType = type;
      append(fields, [h('div', { class: 'field stacked' }, h('label', { for: id, text: `Body (${type})` }), bodyInput)]);
    }
    const output = h('div', { class: 'result', 'aria-live': 'polite' });
    append(fields, [h('div', { class: 'actions' }, h('button', { type: 'submit', text: `Send ${method}` }))]);
    form.append(fields, output);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      send(entry, item, inputs, bodyInput, output, form);
    });
    return form;
  }

  /** A labelled input (or select for enums and booleans) for one parameter, appended to `fields`. */
  function paramControl(doc, param, fields) {
    const id = nextId('param');
    const schema = (param.schema && deref(doc, param.schema, new Set()).schema) || {};
    const choices = Array.isArray(schema.enum) ? schema.enum : schema.type === 'boolean' ? [true, false] : null;
    let control;
    if (choices) {
      control = h('select', { id }, h('option', { value: '', text: param.required ? 'choose…' : '(not sent)' }),
        choices.map((c) => h('option', { value: String(c), text: String(c) })));
    } else {
      control = h('input', { id, type: 'text', spellcheck: 'false', required: param.required,
        placeholder: `${typeLabel(param.schema)}${schema.format ? ` (${schema.format})` : ''}` });
    }
    const label = h('label', { for: id }, h('code', { text: param.name }), ` ${param.in}`,
      param.required ? h('span', { class: 'required', text: ' required' }) : null);
    fields.append(h('div', { class: 'field stacked' }, label, control));
    return control;
  }

  /** Path parameters are URL-encoded; a trailing `{path}` (the gateway's catch-all) keeps its slashes. */
  function buildURL(item, inputs) {
    const missing = [];
    let path = item.fullPath;
    const query = new URLSearchParams();
    for (const { param, control } of inputs) {
      const value = control.value.trim();
      if (param.in === 'path') {
        if (!value) { missing.push(param.name); continue; }
        const token = `{${param.name}}`;
        const catchAll = param.name === 'path' && path.endsWith(`/${token}`);
        const encoded = catchAll ? value.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(value);
        path = path.split(token).join(encoded);
      } else if (param.in === 'query' && value) {
        query.append(param.name, value);
      } else if (param.required && !value) {
        missing.push(param.name);
      }
    }
    const qs = query.toString();
    return { url: qs ? `${path}?${qs}` : path, missing };
  }

  function readCookie(name) {
    const match = document.cookie.split('; ').find((part) => part.startsWith(`${name}=`));
    return match ? decodeURIComponent(match.slice(name.length + 1)) : '';
  }

  function requestHeaders(method, inputs, bodyInput) {
    const headers = new Headers({ Accept: 'application/json, application/problem+json;q=0.9, */*;q=0.5' });
    const token = $('token').value.trim();
    if (token) headers.set('Authorization', `Bearer ${token.replace(/^Bearer\s+/i, '')}`);
    // A browser session (hs_refresh/hs_csrf cookies) must repeat its CSRF cookie on state-changing calls.
    const csrf = readCookie('hs_csrf');
    if (csrf && !SAFE_METHODS.has(method)) headers.set('X-CSRF-Token', csrf);
    for (const { param, control } of inputs) {
      if (param.in === 'header' && control.value.trim()) headers.set(param.name, control.value.trim());
    }
    if (bodyInput && bodyInput.value.trim()) headers.set('Content-Type', bodyInput.dataset.contentType);
    return headers;
  }

  async function send(entry, item, inputs, bodyInput, output, form) {
    const { url, missing } = buildURL(item, inputs);
    if (missing.length) return showError(output, `Missing required parameter(s): ${missing.join(', ')}`);
    let body;
    if (bodyInput && bodyInput.value.trim()) {
      body = bodyInput.value;
      if (/json/.test(bodyInput.dataset.contentType)) {
        try { JSON.parse(body); } catch (error) { return showError(output, `The body is not valid JSON: ${error.message}`); }
      }
    }
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    output.replaceChildren(h('p', { class: 'muted', text: `${item.method} ${url} …` }));
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
    const started = performance.now();
    try {
      const response = await fetch(url, { method: item.method, headers: requestHeaders(item.method, inputs, bodyInput),
        body, credentials: 'same-origin', cache: 'no-store', redirect: 'manual', signal: controller.signal });
      const text = await response.text();
      showResponse(output, item.method, url, response, text, Math.round(performance.now() - started));
    } catch (error) {
      const reason = error.name === 'AbortError' ? `no answer within ${TIMEOUT_MS / 1000} s` : error.message;
      showError(output, `${item.method} ${url} failed: ${reason} (network error, blocked request or gateway down)`);
    } finally {
      clearTimeout(timer);
      button.disabled = false;
    }
  }

  function showError(output, message) {
    output.replaceChildren(h('p', { class: 'error', role: 'alert', text: message }));
  }

  function showResponse(output, method, url, response, text, ms) {
    const cls = response.ok ? 'ok' : response.status >= 300 && response.status < 400 ? 'redirect' : 'fail';
    const status = response.type === 'opaqueredirect' ? 'redirect (not followed)' : `${response.status} ${response.statusText}`.trim();
    const shown = [...response.headers].filter(([name]) => SHOWN_HEADERS.includes(name) || name.startsWith('ratelimit'));
    const type = response.headers.get('content-type') || '';
    let pretty = text;
    if (/json/.test(type) && text) {
      try { pretty = JSON.stringify(JSON.parse(text), null, 2); } catch { /* shown as received */ }
    }
    if (pretty.length > MAX_BODY_CHARS) pretty = `${pretty.slice(0, MAX_BODY_CHARS)}\n… (cut: ${pretty.length} characters)`;
    output.replaceChildren(
      h('p', {}, h('span', { class: `status ${cls}`, text: status }), ' ', h('code', { text: `${method} ${url}` }),
        h('span', { class: 'muted', text: ` · ${ms} ms` })),
      shown.length ? h('dl', { class: 'headers' }, shown.map(([name, value]) =>
        [h('dt', { text: name }), h('dd', {}, h('code', { text: value }))])) : null,
      text ? h('pre', { class: 'response-body', tabindex: '0' }, h('code', { text: pretty }))
        : h('p', { class: 'muted', text: 'Empty body' }));
  }

  // ---------------------------------------------------------------- AsyncAPI

  /** Channels with their messages, publishers (`send`) and receivers (`receive`) and a group (address prefix). */
  function asyncapiChannels(doc) {
    const channels = doc.channels || {};
    const byChannel = new Map(Object.keys(channels).map((key) => [key, { send: [], receive: [] }]));
    for (const [name, op] of Object.entries(doc.operations || {})) {
      const key = op && op.channel && typeof op.channel.$ref === 'string' ? refName(op.channel.$ref) : null;
      if (!key || !byChannel.has(key)) continue;
      const side = op.action === 'send' ? 'send' : 'receive';
      byChannel.get(key)[side].push({ name, op, service: operationService(name, op) });
    }
    return Object.keys(channels).map((key) => {
      const channel = channels[key] || {};
      const address = channel.address || key;
      const messages = Object.values(channel.messages || {}).map((m) => ({ ref: m.$ref,
        message: deref(doc, m, new Set()).schema || {} }));
      const ops = byChannel.get(key);
      const haystack = [address, channel.description, ...messages.flatMap(({ message: m }) => [m.name, m.title, m.summary]),
        ...[...ops.send, ...ops.receive].flatMap((o) => [o.service, o.op.summary])].filter(Boolean).join(' ').toLowerCase();
      return { key, address, channel, messages, ops, haystack, group: address.split('.')[0] };
    }).sort((a, b) => a.address.localeCompare(b.address));
  }

  /** `notifications_receives_auth_user_locked` → notifications; "auth publishes …" → auth. */
  function operationService(name, op) {
    const received = /^(.+?)_receives_/.exec(name);
    if (received) return received[1];
    const summary = /^(.+?) (publishes|consumes|receives)\b/.exec(op.summary || '');
    if (summary) return summary[1];
    return name.replace(/^publish_/, '');
  }

  function renderAsyncAPI(entry) {
    const doc = entry.doc;
    return [docHeader(entry, `AsyncAPI ${doc.asyncapi || ''}`, doc.defaultContentType),
      ...renderGroups(entry.items, (item) => renderChannel(doc, item))];
  }

  /** Summary line: `auth → notifications, catalog` (publishers → receivers). */
  function renderChannel(doc, item) {
    const names = (ops) => [...new Set(ops.map((o) => o.service))].join(', ');
    const flow = `${names(item.ops.send) || '?'} → ${names(item.ops.receive) || 'no consumer'}`;
    return lazyItem('channel', item.haystack, [
      h('span', { class: 'method method-event', text: 'EVENT' }),
      h('code', { class: 'path', text: item.address }),
      h('span', { class: 'summary-text', text: flow }),
    ], () => channelBody(doc, item));
  }

  function channelBody(doc, item) {
    const parts = [prose(item.channel.description)];
    parts.push(h('h4', { text: 'Operations' }), h('dl', { class: 'event-ops' },
      opsList('Published by (send)', item.ops.send), opsList('Received by (receive)', item.ops.receive)));
    for (const { ref, message } of item.messages) {
      parts.push(h('h4', {}, 'Message ', h('code', { text: message.name || (ref ? refName(ref) : '') })));
      if (message.title && message.title !== message.name) parts.push(h('p', { text: message.title }));
      parts.push(prose(message.summary), prose(message.description));
      const type = message.contentType || doc.defaultContentType;
      if (type) parts.push(h('p', { class: 'muted' }, 'Content type ', h('code', { text: type })));
      if (message.payload) parts.push(h('h5', { text: 'Payload' }), schemaTree(doc, message.payload));
      if (message.headers) parts.push(h('h5', { text: 'Headers' }), schemaTree(doc, message.headers));
    }
    return parts;
  }

  function opsList(title, ops) {
    return [h('dt', { text: title }), ops.length
      ? ops.map((o) => h('dd', {}, h('span', { class: 'service', text: o.service }), ' ',
        h('span', { class: 'muted', text: o.op.summary || o.name })))
      : h('dd', { class: 'muted', text: 'none' })];
  }

  // ---------------------------------------------------------------- page

  const matches = (item) => !state.filter || item.haystack.includes(state.filter);

  function renderSidebar() {
    const list = $('doc-list');
    list.replaceChildren(...state.entries.map((entry) => {
      const count = entry.items.filter(matches).length;
      const link = h('a', { href: `#${encodeURIComponent(entry.id)}`,
        'aria-current': entry === state.selected ? 'page' : null },
      h('span', { text: entry.label }),
      h('span', { class: entry.error ? 'count error' : 'count', text: entry.error ? '!' : String(count),
        'aria-label': entry.error ? 'failed to load' : `${count} ${state.filter ? 'matching ' : ''}items` }));
      if (state.filter && !count) link.classList.add('no-match');
      return h('li', {}, link);
    }));
  }

  function renderSelected() {
    const target = $('document');
    const entry = state.selected;
    if (!entry) return target.replaceChildren(h('p', { class: 'muted', text: 'No API document is listed.' }));
    if (entry.error) {
      return target.replaceChildren(h('h2', { text: entry.label }),
        h('p', { class: 'error', role: 'alert', text: `Could not load this document: ${entry.error}` }));
    }
    target.replaceChildren(...(entry.kind === 'asyncapi' ? renderAsyncAPI(entry) : renderOpenAPI(entry)),
      h('p', { class: 'muted no-results', hidden: true, text: 'Nothing matches the filter in this document.' }));
    applyFilter();
  }

  /** Hides non-matching items and empty groups of the shown document; updates the sidebar counts. */
  function applyFilter() {
    const root = $('document');
    let visible = 0;
    for (const group of root.querySelectorAll('section.group')) {
      let shown = 0;
      for (const item of group.querySelectorAll('details.item')) {
        const hit = !state.filter || item.dataset.haystack.includes(state.filter);
        item.hidden = !hit;
        if (hit) shown += 1;
      }
      group.hidden = shown === 0;
      visible += shown;
    }
    const none = root.querySelector('.no-results');
    if (none) none.hidden = visible > 0;
    renderSidebar();
  }

  /** Shows the document named by the hash; other hashes (e.g. the skip link's) keep the current one. */
  function selectFromHash() {
    let wanted = '';
    try { wanted = decodeURIComponent(location.hash.slice(1)); } catch { /* malformed hash */ }
    const found = state.entries.find((e) => e.id === wanted);
    if (state.selected && (!found || found === state.selected)) return false;
    state.selected = found || state.entries[0] || null;
    renderSelected();
    return true;
  }

  function setupToken() {
    const input = $('token');
    try { input.value = sessionStorage.getItem(TOKEN_KEY) || ''; } catch { /* storage unavailable */ }
    const store = () => {
      try {
        if (input.value.trim()) sessionStorage.setItem(TOKEN_KEY, input.value.trim());
        else sessionStorage.removeItem(TOKEN_KEY);
      } catch { /* storage unavailable: the token still works for this page */ }
    };
    input.addEventListener('input', store);
    $('token-clear').addEventListener('click', () => { input.value = ''; store(); input.focus(); });
  }

  async function main() {
    setupToken();
    $('filter').addEventListener('input', (event) => {
      state.filter = event.target.value.trim().toLowerCase();
      applyFilter();
    });
    const status = $('load-status');
    try {
      state.entries = await load();
      status.textContent = '';
      status.hidden = true;
    } catch (error) {
      status.textContent = `Could not load ${CATALOGUE_URL}: ${error.message}`;
      status.classList.add('error');
      return;
    }
    window.addEventListener('hashchange', () => {
      if (!selectFromHash()) return;
      window.scrollTo(0, 0);
      $('content').focus({ preventScroll: true }); // screen readers land on the new document
    });
    selectFromHash();
  }

  document.addEventListener('DOMContentLoaded', main);
})();
