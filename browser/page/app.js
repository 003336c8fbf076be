// wmigen browse: the page. Plain ES module, no framework: the views are small and a
// hash route plus a few render functions do it with nothing to download.
// Routes: #/<os>/<namespace>[/<class>], #/diff/<namespace>[/<class>], #/search/<query>.

const $ = (sel, root = document) => root.querySelector(sel);
const main = $('#main');
const cache = new Map();
let index; // data/index.json
let search; // data/search.json, loaded in the background
let searchPromise;
let currentOs;

function load(path) {
  if (!cache.has(path)) {
    cache.set(path, fetch(`data/${path}`).then((r) => (r.ok ? r.json() : undefined)));
  }
  return cache.get(path);
}

function esc(text) {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

const slugOf = (ns) => ns.split(/[\\/]+/).filter(Boolean).map((s) => s.toLowerCase().replace(/[^a-z0-9_.-]/g, '_')).join('/');
const nsByName = (name) => index.namespaces.find((n) => n.slug === slugOf(name));
const osName = (os) => index.versions.find((v) => v.os === os)?.name ?? os;
const classHref = (os, ns, cls) => `#/${os}/${encodeURIComponent(ns)}/${encodeURIComponent(cls)}`;
const nsHref = (os, ns) => `#/${os}/${encodeURIComponent(ns)}`;
const diffHref = (ns, cls) => `#/diff/${encodeURIComponent(ns)}${cls ? '/' + encodeURIComponent(cls) : ''}`;

/** A namespace file with lookups: classes by lower-case name, subclasses, associations. */
async function namespaceData(os, ns) {
  const meta = nsByName(ns);
  if (!meta) return undefined;
  const data = await load(`${os}/${meta.slug}.json`);
  if (!data) return undefined;
  if (!data.byName) {
    const text = (m) => {
      if (typeof m.description === 'number') m.description = data.texts[m.description];
    };
    for (const c of data.classes) {
      c.properties.forEach(text);
      c.methods.forEach((m) => {
        text(m);
        m.parameters.forEach(text);
      });
    }
    data.byName = new Map(data.classes.map((c) => [c.name.toLowerCase(), c]));
    data.children = new Map();
    for (const c of data.classes) {
      if (!c.superclass) continue;
      const k = c.superclass.toLowerCase();
      if (!data.children.has(k)) data.children.set(k, []);
      data.children.get(k).push(c.name);
    }
  }
  return data;
}

/** Every property and method of a class, inherited ones included, root class first. */
function effective(data, cls) {
  const chain = [...cls.ancestors].reverse().map((n) => data.byName.get(n.toLowerCase())).filter(Boolean);
  chain.push(cls);
  const props = new Map();
  const methods = new Map();
  for (const c of chain) {
    for (const p of c.properties) props.set(p.name.toLowerCase(), { ...p, from: c.name });
    for (const m of c.methods) methods.set(m.name.toLowerCase(), { ...m, from: c.name });
  }
  return { properties: [...props.values()], methods: [...methods.values()] };
}

function refTarget(cim) {
  const m = /^(\w+) ref(\[\])?$/.exec(cim);
  return m ? m[1] : undefined;
}

/** Associations naming this class (or an ancestor) in a reference: [assoc, role, other ends]. */
function associationsOf(data, cls) {
  const mine = new Set([cls.name, ...cls.ancestors].map((n) => n.toLowerCase()));
  const out = [];
  for (const a of data.classes) {
    if (!a.association) continue;
    const refs = effective(data, a).properties.filter((p) => refTarget(p.cim));
    const roles = refs.filter((p) => mine.has(refTarget(p.cim).toLowerCase()));
    if (roles.length === 0) continue;
    const others = refs.filter((p) => !roles.includes(p) || roles.length > 1);
    out.push({ assoc: a, roles, others });
  }
  return out;
}

// ---- rendering helpers ----

function valuesBlock(values, label = 'values') {
  if (!values || values.length === 0) return '';
  const rows = values.map(([v, n]) => `<tr><td class="mono">${esc(v)}</td>${n === v ? '' : `<td>${esc(n)}</td>`}</tr>`).join('');
  return `<details class="values"${values.length <= 12 ? ' open' : ''}><summary>${values.length} ${label}</summary><table>${rows}</table></details>`;
}

function typeLink(os, ns, data, cim) {
  const target = refTarget(cim) ?? (/^object:(\w+)/.exec(cim) ?? [])[1];
  if (target && data.byName.has(target.toLowerCase())) {
    return esc(cim).replace(esc(target), `<a href="${classHref(os, ns, data.byName.get(target.toLowerCase()).name)}">${esc(target)}</a>`);
  }
  return esc(cim);
}

function snippet(ns, cls, props) {
  const scalar = (p) => !p.cim.endsWith(']') && !p.cim.includes(' ref') && !p.cim.startsWith('object');
  const keys = props.filter((p) => p.key);
  const chosen = [...keys, ...props.filter((p) => !p.key && scalar(p)).slice(0, Math.max(1, 4 - keys.length))].slice(0, 4);
  const select = chosen.length ? `.select(${chosen.map((p) => `'${p.name}'`).join(', ')})` : '';
  const literal = (p) => {
    const numeric = /^(u?int|sint|uint|real)/.test(p.cim);
    if (p.values?.length) {
      const v = p.values.find(([x]) => x !== '' && !x.includes('..')) ?? p.values[0];
      return numeric ? v[0] : `'${v[0].replace(/'/g, "\\'")}'`;
    }
    if (p.cim === 'boolean') return 'true';
    return numeric ? '0' : "'…'";
  };
  const filterBy = props.find((p) => p.values?.length && scalar(p) && !/^(real|datetime)/.test(p.cim)) ?? keys.find(scalar);
  const where = filterBy ? `.where({ ${filterBy.name}: ${literal(filterBy)} })` : '';
  const dir = ns.split(/[\\/]+/).filter(Boolean).map((s) => s.replace(/[^A-Za-z0-9_.-]/g, '_')).join('/');
  return [
    "import { connect } from '@wmigen/runtime';",
    `import { ${cls.tsName} } from './wmi/${dir}/${cls.name}.js';`,
    '',
    `using wmi = await connect({ namespace: '${ns.replace(/\\/g, '\\\\')}' });`,
    `for await (const row of wmi.from(${cls.tsName})${select}${where}) {`,
    '  console.log(row);',
    '}',
  ].join('\n');
}

function copyBlock(text, label) {
  return `<div class="snippet"><pre><code>${esc(text)}</code></pre><button type="button" data-copy="${esc(text)}" aria-label="Copy ${esc(label)}">Copy</button></div>`;
}

// ---- views ----

function renderTree(activeNs) {
  const roots = { children: new Map() };
  for (const ns of index.namespaces) {
    let node = roots;
    for (const part of ns.name.split('\\')) {
      const k = part.toLowerCase();
      if (!node.children.has(k)) node.children.set(k, { part, children: new Map() });
      node = node.children.get(k);
    }
    node.ns = ns;
  }
  const active = activeNs ? slugOf(activeNs) : '';
  const list = (node) =>
    `<ul>${[...node.children.values()]
      .map((child) => {
        const ns = child.ns;
        let link = esc(child.part);
        if (ns) {
          const count = ns.classes[currentOs];
          const cls = `${ns.slug === active ? 'current' : ''} ${count === undefined ? 'absent' : ''}`;
          const title = count === undefined ? `not in the ${osName(currentOs)} capture` : `${count} classes`;
          link = `<a class="${cls}" href="${nsHref(currentOs, ns.name)}" title="${esc(title)}">${esc(child.part)}<span class="count">${count ?? '–'}</span></a>`;
        }
        return `<li>${link}${child.children.size ? list(child) : ''}</li>`;
      })
      .join('')}</ul>`;
  $('#tree').innerHTML = list(roots);
}

async function showNamespace(os, ns) {
  const data = await namespaceData(os, ns);
  const meta = nsByName(ns);
  if (!data) {
    const have = Object.keys(meta?.classes ?? {}).map(osName).join(', ');
    main.innerHTML = `<h1>${esc(ns)}</h1><p>The ${esc(osName(os))} capture does not have this namespace${have ? ` (captured in: ${esc(have)})` : ''}. A capture's gap is not a difference of the OS.</p>`;
    return;
  }
  const diffable = index.versions.length > 1 && Object.keys(meta.classes).length === index.versions.length;
  main.innerHTML = `<div class="crumbs">${esc(osName(os))}</div><h1>${esc(data.namespace)}</h1>
    <p>${data.classes.length} classes${diffable ? ` · <a href="${diffHref(data.namespace)}">changes between ${esc(osName(index.versions[0].os))} and ${esc(osName(index.newest))}</a>` : ''}</p>
    <p><label>Filter <input class="filter" id="filter" type="search" placeholder="class name" autocomplete="off"></label></p>
    <ul class="classes" id="classes"></ul>`;
  const renderList = (text) => {
    const t = text.toLowerCase();
    $('#classes').innerHTML = data.classes
      .filter((c) => !t || c.name.toLowerCase().includes(t))
      .map((c) => `<li><a href="${classHref(os, data.namespace, c.name)}">${esc(c.name)}</a>${c.description ? ` <span class="d">${esc(firstSentence(c.description))}</span>` : ''}</li>`)
      .join('');
  };
  renderList('');
  $('#filter').addEventListener('input', (e) => renderList(e.target.value));
}

function firstSentence(text) {
  const flat = text.replace(/\s+/g, ' ');
  const end = flat.search(/[.!?](\s|$)/);
  const s = end >= 0 ? flat.slice(0, end + 1) : flat;
  return s.length > 120 ? s.slice(0, 119) + '…' : s;
}

function presence(data, cls) {
  const parts = [`<span class="badge">${esc(osName(data.os))}</span>`];
  for (const e of data.elsewhere) {
    if (!e.captured) parts.push(`<span class="badge no" title="that capture lacks the whole namespace: not an OS difference">${esc(osName(e.os))} (not captured)</span>`);
    else if (e.lacks.includes(cls.name)) parts.push(`<span class="badge no">${esc(osName(e.os))}</span>`);
    else parts.push(`<span class="badge">${esc(osName(e.os))}</span>`);
  }
  return parts.join(' ');
}

function propertiesTable(os, ns, data, cls, props) {
  const rows = props.map((p) => {
    const inherited = p.from.toLowerCase() !== cls.name.toLowerCase() ? `<div class="quals">from <a href="${classHref(os, ns, p.from)}">${esc(p.from)}</a></div>` : '';
    const quals = p.qualifiers?.length ? `<div class="quals">${esc(p.qualifiers.join(', '))}</div>` : '';
    return `<tr id="p-${esc(p.name)}"><td class="name">${esc(p.name)} ${p.key ? '<span class="badge key">key</span>' : ''}${p.write ? '<span class="badge">write</span>' : ''}${inherited}</td>
      <td class="mono">${typeLink(os, ns, data, p.cim)}</td><td class="mono">${esc(p.ts)}</td>
      <td>${p.description ? `<p class="desc">${esc(p.description)}</p>` : ''}${p.units ? `<div>Units: ${esc(p.units)}</div>` : ''}${valuesBlock(p.values)}${valuesBlock(p.bits, 'bit values')}${quals}</td></tr>`;
  });
  return `<table class="props"><thead><tr><th>Property</th><th>CIM type</th><th>TypeScript type</th><th>Description, values, qualifiers</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function methodBlock(os, ns, data, cls, m) {
  const params = m.parameters.map((p) => `${p.dir === 'in' ? '' : `[${p.dir}] `}${p.cim} ${p.name}`).join(', ');
  const inherited = m.from.toLowerCase() !== cls.name.toLowerCase() ? ` <span class="quals">from <a href="${classHref(os, ns, m.from)}">${esc(m.from)}</a></span>` : '';
  const rows = m.parameters.map((p) => `<tr><td>${esc(p.dir)}</td><td class="name">${esc(p.name)}</td><td class="mono">${typeLink(os, ns, data, p.cim)}</td><td class="mono">${esc(p.ts ?? '')}</td><td>${esc(p.description ?? '')}${valuesBlock(p.values)}</td></tr>`);
  return `<div class="method" id="m-${esc(m.name)}"><div class="sig">${m.static ? '<span class="badge static">static</span>' : ''}<b>${esc(m.name)}</b>(${esc(params)}): ${esc(m.returns)}${m.returnTs ? ` <span class="muted">→ ${esc(m.returnTs)}</span>` : ''}${inherited}</div>
    ${m.description ? `<p>${esc(m.description)}</p>` : ''}
    ${rows.length ? `<table><thead><tr><th>Dir</th><th>Parameter</th><th>CIM type</th><th>TypeScript type</th><th>Description</th></tr></thead><tbody>${rows.join('')}</tbody></table>` : ''}
    ${m.codes?.length ? `<h3>Return codes</h3>${valuesBlock(m.codes, 'return codes')}` : ''}
    ${m.qualifiers?.length ? `<div class="quals">${esc(m.qualifiers.join(', '))}</div>` : ''}</div>`;
}

function associationsBlock(os, ns, data, cls, props) {
  const parts = [];
  if (cls.association) {
    const refs = props.filter((p) => refTarget(p.cim));
    parts.push(`<h3>Ends of this association</h3><ul>${refs.map((p) => `<li>${esc(p.name)} → ${typeLink(os, ns, data, p.cim)}</li>`).join('')}</ul>`);
  }
  const assocs = associationsOf(data, cls);
  if (assocs.length) {
    const items = assocs.map(({ assoc, roles, others }) => {
      const ends = others.map((p) => `${esc(p.name)} → ${typeLink(os, ns, data, p.cim)}`).join(', ');
      return `<li><a href="${classHref(os, ns, assoc.name)}">${esc(assoc.name)}</a> <span class="muted">as ${esc(roles.map((r) => r.name).join(', '))}</span>${ends ? `; ${ends}` : ''}</li>`;
    });
    parts.push(`<h3>Associations that reference this class</h3><ul class="assocs">${items.join('')}</ul>`);
  }
  return parts.length ? `<h2>Associations</h2>${parts.join('')}` : '';
}

async function showClass(os, ns, name) {
  const data = await namespaceData(os, ns);
  const cls = data?.byName.get(name.toLowerCase());
  if (!cls) {
    main.innerHTML = `<h1>${esc(name)}</h1><p>${data ? `${esc(ns)} on ${esc(osName(os))} has no class ${esc(name)}.` : `The ${esc(osName(os))} capture does not have ${esc(ns)}.`}</p>${data ? '' : ''}`;
    const other = index.versions.find((v) => v.os !== os);
    if (other) main.innerHTML += `<p><a href="${classHref(other.os, ns, name)}">Look in ${esc(other.name)}</a></p>`;
    return;
  }
  const { properties, methods } = effective(data, cls);
  const chain = [...cls.ancestors].reverse();
  const children = (data.children.get(cls.name.toLowerCase()) ?? []).sort();
  const link = (n) => (data.byName.has(n.toLowerCase()) ? `<a href="${classHref(os, data.namespace, n)}">${esc(n)}</a>` : `<span>${esc(n)}</span>`);
  const flags = [cls.abstract && 'abstract', cls.association && 'association', cls.indication && 'indication'].filter(Boolean);
  const since = cls.since ? `<p>Since: ${[cls.since.client && `client ${esc(cls.since.client)}`, cls.since.server && `server ${esc(cls.since.server)}`].filter(Boolean).join('; ')}</p>` : '';
  const config = await load('config.json');
  const command = `npx wmigen --namespace '${data.namespace}' ${config.sourceArgs?.[os] ?? `--os ${os}`} --classes ${cls.name} --out wmi`;
  const diffable = data.elsewhere.length > 0 && data.elsewhere.every((e) => e.captured);
  main.innerHTML = `<div class="crumbs"><a href="${nsHref(os, data.namespace)}">${esc(data.namespace)}</a> · ${esc(osName(os))}</div>
    <h1>${esc(cls.name)} ${flags.map((f) => `<span class="badge">${f}</span>`).join('')}</h1>
    <p>Versions: ${presence(data, cls)}${diffable ? ` · <a href="${diffHref(data.namespace, cls.name)}">changes between versions</a>` : ''}</p>
    ${since}
    ${cls.description ? `<p class="description">${esc(cls.description)}</p>` : ''}
    <h2>Inheritance</h2>
    <p class="chain">${chain.map(link).join('')}${chain.length ? '' : ''}<b>${esc(cls.name)}</b></p>
    ${children.length ? `<p>Subclasses: ${children.map(link).join(', ')}</p>` : '<p class="muted">No subclasses in this namespace.</p>'}
    <h2>Keys</h2>
    <p class="keys">${cls.keys.length ? cls.keys.map((k) => `<span class="badge key">${esc(k)}</span>`).join(' ') : 'No key properties are known: the class can be queried, not got by its keys.'}</p>
    ${cls.qualifiers?.length ? `<p class="quals">Qualifiers: ${esc(cls.qualifiers.join(', '))}</p>` : ''}
    <h2>Use it from TypeScript</h2>
    ${copyBlock(snippet(data.namespace, cls, properties), 'TypeScript snippet')}
    ${copyBlock(command, 'wmigen command')}
    <h2>Properties (${properties.length})</h2>
    ${properties.length ? propertiesTable(os, data.namespace, data, cls, properties) : '<p class="muted">None.</p>'}
    <h2>Methods (${methods.length})</h2>
    ${methods.length ? methods.map((m) => methodBlock(os, data.namespace, data, cls, m)).join('') : '<p class="muted">None.</p>'}
    ${associationsBlock(os, data.namespace, data, cls, properties)}`;
}

async function showDiff(ns, className) {
  const meta = nsByName(ns);
  const diff = meta ? await load(`diff/${meta.slug}.json`) : undefined;
  const from = osName(index.versions[0].os);
  const to = osName(index.newest);
  if (!diff) {
    main.innerHTML = `<h1>${esc(ns)}: ${esc(from)} → ${esc(to)}</h1><p>Only one capture has this namespace, so there is nothing to compare (a capture's gap is not a difference of the OS).</p>`;
    return;
  }
  let changes = diff.changes;
  if (className) changes = changes.filter((c) => c.className?.toLowerCase() === className.toLowerCase());
  const classChanges = changes.filter((c) => c.element === 'class');
  const removed = classChanges.filter((c) => c.kind === 'removed');
  const added = classChanges.filter((c) => c.kind === 'added');
  const members = changes.filter((c) => c.element !== 'class' || c.kind === 'changed');
  const nsName = meta.name;
  const li = (c, os) => {
    const mark = c.kind === 'removed' ? '−' : c.kind === 'added' ? '+' : '~';
    const link = c.className ? `<a href="${classHref(os, nsName, c.className)}">${esc(c.path)}</a>` : esc(c.path);
    const what = c.details?.length ? c.details.join('; ') : c.element === 'class' ? '' : (c.after ?? c.before ?? '');
    return `<li class="${c.kind}">${mark} ${link}${what ? `<div class="details">${esc(what)}</div>` : ''}</li>`;
  };
  const title = className ? `${className} in ${nsName}` : nsName;
  main.innerHTML = `<div class="crumbs"><a href="${nsHref(currentOs, nsName)}">${esc(nsName)}</a>${className ? ` · <a href="${classHref(currentOs, nsName, className)}">${esc(className)}</a>` : ''}</div>
    <h1>${esc(title)}: ${esc(from)} → ${esc(to)}</h1>
    <p>${!changes.length ? 'No differences.' : className ? `${changes.length} changes.` : `${removed.length} classes only in ${esc(from)}, ${added.length} only in ${esc(to)}, ${members.length} other changes.`}</p>
    ${removed.length ? `<h2 id="only-old">Only in ${esc(from)} (${removed.length})</h2><ul class="diff">${removed.map((c) => li(c, index.versions[0].os)).join('')}</ul>` : ''}
    ${added.length ? `<h2 id="only-new">Only in ${esc(to)} (${added.length})</h2><ul class="diff">${added.map((c) => li(c, index.newest)).join('')}</ul>` : ''}
    ${members.length ? `<h2>Changed (${members.length})</h2><ul class="diff">${members.map((c) => li(c, c.kind === 'removed' ? index.versions[0].os : index.newest)).join('')}</ul>` : ''}`;
}

// ---- search ----

function loadSearch() {
  if (!searchPromise) {
    searchPromise = load('search.json').then((s) => {
      search = s.classes.map(([name, ns, bits, desc, props, methods]) => ({
        name, ns, bits, desc,
        lname: name.toLowerCase(), ldesc: desc.toLowerCase(),
        props: props ? props.split(' ') : [], methods: methods ? methods.split(' ') : [],
        lmembers: ` ${props.toLowerCase()} ${methods.toLowerCase()} `,
        nsName: s.namespaces[ns],
      }));
      return search;
    });
  }
  return searchPromise;
}

/** Ranks one row for one term: lower is better, undefined is no match. */
function rank(row, term) {
  if (row.lname === term) return { score: 0 };
  if (row.lname.startsWith(term)) return { score: 1 };
  if (row.lname.includes(term)) return { score: 2 };
  const at = row.lmembers.indexOf(term);
  if (at >= 0) {
    const member = [...row.props, ...row.methods].find((m) => m.toLowerCase().includes(term));
    const kind = row.props.includes(member) ? 'property' : 'method';
    const exact = row.lmembers.includes(` ${term} `);
    return { score: exact ? 3 : 4, why: `${kind} ${member}` };
  }
  if (row.ldesc.includes(term)) return { score: 5, why: 'description' };
  return undefined;
}

async function showSearch(query) {
  const q = query.trim().toLowerCase();
  $('#q').value = query;
  if (!search) main.innerHTML = '<p class="muted">Loading the search index…</p>';
  const rows = await loadSearch();
  if ($('#q').value.trim().toLowerCase() !== q) return; // typed on meanwhile
  const terms = q.split(/\s+/).filter(Boolean);
  const hits = [];
  for (const row of rows) {
    let score = 0;
    let why;
    let ok = true;
    for (const t of terms) {
      const r = rank(row, t);
      if (!r) { ok = false; break; }
      score += r.score;
      why ??= r.why;
    }
    if (ok && terms.length) hits.push({ row, score, why });
  }
  hits.sort((a, b) => a.score - b.score || a.row.name.length - b.row.name.length || a.row.name.localeCompare(b.row.name));
  const shown = hits.slice(0, 100);
  const osFor = (row) => (row.bits & (1 << index.versions.findIndex((v) => v.os === currentOs)) ? currentOs : index.versions.find((v, i) => row.bits & (1 << i)).os);
  const versions = (row) => index.versions.filter((v, i) => row.bits & (1 << i)).map((v) => v.os).join(', ');
  main.innerHTML = `<h1>Search: ${esc(query)}</h1><p class="muted">${hits.length} classes${hits.length > shown.length ? `, the first ${shown.length} shown` : ''} (↑↓ to move, Enter to open)</p>
    <ul class="results" id="results">${shown
      .map(({ row, why }) => `<li><a href="${classHref(osFor(row), row.nsName, row.name)}"><span class="n">${esc(row.name)}</span><span class="ns">${esc(row.nsName)} · ${esc(versions(row))}</span>${why ? `<span class="why">${esc(why)}</span>` : ''}${row.desc ? `<span class="d">${esc(row.desc)}</span>` : ''}</a></li>`)
      .join('')}</ul>`;
}

// ---- routing and keys ----

async function route() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  try {
    if (parts[0] === 'search') return await showSearch(parts.slice(1).join('/'));
    if (document.activeElement !== $('#q')) $('#q').value = '';
    if (parts[0] === 'diff' && parts[1]) {
      renderTree(parts[1]);
      return await showDiff(parts[1], parts[2]);
    }
    const config = await load('config.json');
    const os = index.versions.some((v) => v.os === parts[0]) ? parts[0] : currentOs;
    if (os !== currentOs) {
      currentOs = os;
      $('#os').value = os;
    }
    const ns = parts[1] || config.namespace;
    renderTree(ns);
    if (parts[2]) await showClass(os, ns, parts[2]);
    else await showNamespace(os, ns);
    const current = $('#tree a.current');
    if (current) current.scrollIntoView({ block: 'nearest' });
  } catch (err) {
    main.innerHTML = `<p>Could not show this view: ${esc(err.message)}</p>`;
  }
  main.scrollTop = 0;
}

function moveInResults(step) {
  const links = [...document.querySelectorAll('#results a')];
  if (!links.length) return;
  const at = links.indexOf(document.activeElement);
  const next = at < 0 ? (step > 0 ? 0 : links.length - 1) : Math.min(links.length - 1, Math.max(0, at + step));
  links[next].focus();
}

function wire() {
  const q = $('#q');
  let timer;
  q.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const text = q.value.trim();
      if (text) history.replaceState(null, '', `#/search/${encodeURIComponent(text)}`);
      if (text) showSearch(q.value);
    }, 60);
  });
  q.addEventListener('focus', loadSearch, { once: true });
  q.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') { e.preventDefault(); moveInResults(1); }
    if (e.key === 'Enter') { const first = $('#results a'); if (first) first.click(); }
    if (e.key === 'Escape') { q.value = ''; q.blur(); }
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === '/' && document.activeElement !== q && !/^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement?.tagName)) {
      e.preventDefault();
      q.focus();
      q.select();
    }
    if (document.activeElement?.closest?.('#results')) {
      if (e.key === 'ArrowDown') { e.preventDefault(); moveInResults(1); }
      if (e.key === 'ArrowUp') { e.preventDefault(); const first = $('#results a'); if (document.activeElement === first) q.focus(); else moveInResults(-1); }
    }
  });
  document.addEventListener('click', (e) => {
    const button = e.target.closest?.('button[data-copy]');
    if (!button) return;
    const text = button.getAttribute('data-copy');
    const done = () => { button.textContent = 'Copied'; setTimeout(() => (button.textContent = 'Copy'), 1500); };
    if (navigator.clipboard?.writeText) navigator.clipboard.writeText(text).then(done, () => fallbackCopy(text, done));
    else fallbackCopy(text, done);
  });
  $('#os').addEventListener('change', (e) => {
    const parts = location.hash.replace(/^#\/?/, '').split('/');
    currentOs = e.target.value;
    if (index.versions.some((v) => v.os === parts[0])) location.hash = `#/${[currentOs, ...parts.slice(1)].join('/')}`;
    else route();
  });
  window.addEventListener('hashchange', route);
}

function fallbackCopy(text, done) {
  const area = document.createElement('textarea');
  area.value = text;
  document.body.append(area);
  area.select();
  document.execCommand('copy');
  area.remove();
  done();
}

async function start() {
  const [idx, config] = await Promise.all([load('index.json'), load('config.json')]);
  index = idx;
  currentOs = config.os;
  $('#os').innerHTML = index.versions.map((v) => `<option value="${v.os}">${esc(v.name)}</option>`).join('');
  $('#os').value = currentOs;
  wire();
  await route();
  document.documentElement.dataset.ready = 'true';
  // The search index comes after the first view, while the reader looks at it.
  setTimeout(loadSearch, 0);
}

start();
