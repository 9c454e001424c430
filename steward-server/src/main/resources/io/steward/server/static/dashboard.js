/*
 * Steward dashboard: draws the charts and tables from /api/... and keeps the page current from the
 * /api/stream server-sent events. The session cookie authenticates every call (same origin).
 * The topology markup matches DashboardPage.topology on the server: change both together.
 * Every value goes into the page through textContent or attributes, never as HTML.
 */
(function () {
  'use strict';

  var CHEAP_EVERY_MS = 5000;      // alerts, health, events, jobs
  var SLOW_EVERY_MS = 15000;      // slowlog, latency, memory checks
  var RARE_EVERY_MS = 60000;      // backups, capacity, full chart reload
  var POLL_WITHOUT_STREAM_MS = 15000;
  var RELOAD_AFTER_NEW_NODE_MS = 3000;
  var MIN_SPAN_S = 120;
  var PALETTE = ['#2563eb', '#d97706', '#059669', '#dc2626', '#7c3aed', '#0891b2', '#be185d', '#4d7c0f', '#9333ea'];

  var state = {
    minutes: Number(document.body.dataset.defaultMinutes) || 60,
    charts: {},                 // field -> {el, unit, plot, nodes, data, live}
    colors: {},                 // node address -> color, stable for the page's life
    lastCounters: {},           // node -> {hits, misses} from the previous round, for the live hit ratio
    lastRun: {},                // group -> ms of the last refresh
    lastRoundAt: 0,
    streamOpen: false
  };

  // ---- small helpers ----

  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === 'text') el.textContent = String(v);
        else if (k === 'cls') el.className = v;
        else if (k === 'on') Object.keys(v).forEach(function (e) { el.addEventListener(e, v[e]); });
        else el.setAttribute(k, v === true ? '' : String(v));
      });
    }
    for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }

  function append(el, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(el, c); }); return; }
    el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }

  function replace(id, content) {
    var el = typeof id === 'string' ? document.getElementById(id) : id;
    if (!el) return;
    el.replaceChildren();
    append(el, content);
    var body = el.closest('[data-loading]');
    if (body) body.removeAttribute('data-loading');
  }

  function fmtBytes(v) {
    if (v === null || v === undefined || isNaN(v)) return '?';
    var units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    var u = 0;
    while (Math.abs(v) >= 1024 && u < units.length - 1) { v /= 1024; u++; }
    return u === 0 ? Math.round(v) + ' B' : v.toFixed(1).replace(/\.0$/, '') + ' ' + units[u];
  }

  function fmtCount(v) {
    if (v === null || v === undefined || isNaN(v)) return '?';
    if (Math.abs(v) >= 1e6) return (v / 1e6).toFixed(1) + 'M';
    if (Math.abs(v) >= 1e4) return (v / 1e3).toFixed(1) + 'k';
    return v === Math.round(v) ? String(v) : v.toFixed(1);
  }

  function fmtUnit(unit, v) {
    if (v === null || v === undefined || isNaN(v)) return '–';
    switch (unit) {
      case 'bytes': return fmtBytes(v);
      case 'ratio': return fmtPercent(v * 100);
      case 'seconds': return fmtCount(v) + ' s';
      case 'ms': return (v >= 10 ? Math.round(v) : v.toFixed(2)) + ' ms';
      default: return fmtCount(v);
    }
  }

  function fmtPercent(p) {
    return (Math.abs(p - Math.round(p)) < 0.05 ? Math.round(p) : p.toFixed(1)) + ' %';
  }

  function fmtMillis(ms) {
    return ms >= 10000 ? (ms / 1000).toFixed(0) + ' s' : ms >= 1000 ? (ms / 1000).toFixed(1) + ' s' : ms + ' ms';
  }

  function fmtMicros(us) {
    if (us >= 1e6) return (us / 1e6).toFixed(2) + ' s';
    if (us >= 1000) return (us / 1000).toFixed(1) + ' ms';
    return us + ' µs';
  }

  /** Instants come with up to nanoseconds; Date parses milliseconds. */
  function parseIso(iso) {
    return new Date(String(iso).replace(/(\.\d{3})\d+/, '$1'));
  }

  function fmtTime(iso) {
    if (!iso) return '–';
    var d = parseIso(iso);
    if (isNaN(d)) return iso;
    var now = new Date();
    var time = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    if (d.toDateString() === now.toDateString()) return time;
    return d.toLocaleDateString([], { month: 'short', day: 'numeric' }) + ' ' + time;
  }

  function fmtAgo(iso) {
    var s = Math.round((Date.now() - parseIso(iso).getTime()) / 1000);
    if (isNaN(s)) return '';
    if (s < 0) return 'in ' + fmtSpan(-s);
    return fmtSpan(s) + ' ago';
  }

  function fmtSpan(s) {
    if (s < 90) return s + ' s';
    if (s < 5400) return Math.round(s / 60) + ' min';
    if (s < 172800) return Math.round(s / 3600) + ' h';
    return Math.round(s / 86400) + ' d';
  }

  function timeCell(iso) {
    return h('td', { cls: 'time' }, iso ? h('time', { datetime: iso, title: iso, text: fmtTime(iso) }) : '–');
  }

  function badge(level, text) {
    return h('span', { cls: 'badge ' + level, text: text });
  }

  function table(headers, rows, empty) {
    if (!rows.length) return h('p', { cls: 'muted', text: empty });
    return h('div', { cls: 'table-wrap' },
      h('table', null,
        h('thead', null, h('tr', null, headers.map(function (t) { return h('th', { text: t }); }))),
        h('tbody', null, rows)));
  }

  function api(path, init) {
    var options = Object.assign({ credentials: 'same-origin', headers: { Accept: 'application/json' } }, init || {});
    return fetch(path, options).then(function (res) {
      if (res.status === 401) {
        window.location.assign('/login');
        throw new Error('signed out');
      }
      return res.json().catch(function () { return {}; }).then(function (body) {
        return { status: res.status, ok: res.ok, body: body };
      });
    });
  }

  function getJson(path) {
    return api(path).then(function (r) {
      if (!r.ok) throw new Error(((r.body && r.body.error) || ('HTTP ' + r.status)) + ' from ' + path.split('?')[0]);
      return r.body;
    });
  }

  function failed(id) {
    return function (e) {
      if (e && e.message === 'signed out') return;
      replace(id, h('p', { cls: 'error load-error', text: 'Could not load: ' + (e && e.message ? e.message : e) }));
    };
  }

  function colorOf(node) {
    if (!state.colors[node]) {
      state.colors[node] = PALETTE[Object.keys(state.colors).length % PALETTE.length];
    }
    return state.colors[node];
  }

  // ---- header and topology (same markup as DashboardPage) ----

  function renderHeader(view) {
    var updated = document.getElementById('updated');
    if (updated && view.at) {
      replace(updated, ['Updated ', h('time', { datetime: view.at, title: view.at, text: fmtTime(view.at) + ' (' + fmtAgo(view.at) + ')' })]);
    }
  }

  function roleOf(node) {
    return node.role === 'master' ? 'master' : node.role === 'replica' ? 'replica' : 'unknown';
  }

  function roleOrder(node) {
    return { master: 0, replica: 1, unknown: 2 }[roleOf(node)];
  }

  function upBadge(up) {
    return h('span', { cls: 'state ' + (up ? 'up' : 'down'), text: up ? 'up' : 'down' });
  }

  /** A dl of [term, text or dd] rows; grouped puts each pair in a div (the sentinels' inline layout). */
  function dl(rows, grouped) {
    var out = h('dl', grouped ? { cls: 'pairs' } : null);
    rows.forEach(function (r) {
      var pair = [h('dt', { text: r[0] }), r[1] instanceof Node ? r[1] : h('dd', { text: r[1] })];
      if (grouped) out.appendChild(h('div', null, pair));
      else pair.forEach(function (el) { out.appendChild(el); });
    });
    return out;
  }

  function replication(node, master) {
    var f = node.fields || {};
    var lag = f.repl_lag_seconds;
    if (roleOf(node) === 'master') {
      return lag === undefined ? 'no replicas' : 'replicas lag ' + fmtCount(lag) + ' s at most';
    }
    var text = 'link ' + (node.masterLink || '?');
    if (lag !== undefined) text += ', last I/O ' + fmtCount(lag) + ' s ago';
    var mo = master && master.fields ? master.fields.master_repl_offset : undefined;
    if (mo !== undefined && f.master_repl_offset !== undefined) {
      text += ', ' + fmtBytes(Math.max(0, mo - f.master_repl_offset)) + ' behind';
    }
    return text;
  }

  function renderNode(node, master) {
    var role = roleOf(node);
    var card = h('article', {
      cls: 'node ' + role + (node.up ? '' : ' down'),
      'data-role': role, 'data-address': node.address, 'data-up': String(node.up)
    }, h('header', null, h('span', { cls: 'role', text: role }), h('span', { cls: 'address', text: node.address }), upBadge(node.up)));
    if (!node.up) {
      card.appendChild(h('p', { cls: 'error', text: node.error }));
      return card;
    }
    var f = node.fields || {};
    var used = f.used_memory || 0, max = f.maxmemory || 0;
    var memory = h('dd', null, fmtBytes(used) + ' / ' + (max > 0 ? fmtBytes(max) : 'no limit'));
    if (max > 0) {
      memory.appendChild(h('meter', { min: 0, max: 1, low: 0.7, high: 0.85, optimum: 0, value: Math.min(1, used / max).toFixed(4) }));
    }
    card.appendChild(dl([
      ['Version', node.version || '?'],
      ['Memory', memory],
      ['Clients', fmtCount(f.connected_clients)],
      ['Ops/s', fmtCount(f.instantaneous_ops_per_sec)],
      ['Keys', fmtCount(f.keys)],
      ['Replication', replication(node, master)],
      ['Round trip', node.roundTripMillis === undefined ? '?' : node.roundTripMillis.toFixed(1) + ' ms']
    ]));
    return card;
  }

  function renderSentinel(s, agreed) {
    var disagrees = s.up && agreed && agreed !== s.master;
    var card = h('article', {
      cls: 'sentinel' + (s.up ? '' : ' down') + (disagrees ? ' disagrees' : ''),
      'data-address': s.address, 'data-up': String(s.up)
    }, h('header', null, h('span', { cls: 'role', text: 'sentinel' }), h('span', { cls: 'address', text: s.address }), upBadge(s.up)));
    if (!s.up) {
      card.appendChild(h('p', { cls: 'error', text: s.error }));
      return card;
    }
    var rows = [['Master', s.master ? s.master + (disagrees ? ' (differs)' : '') : 'unknown']];
    rows.push(['Quorum', h('dd', { cls: s.quorumOk ? 'ok' : 'bad', text: s.quorumOk ? 'ok' : 'NOT reachable' })]);
    rows.push(['Tilt', h('dd', { cls: s.tilt ? 'bad' : 'ok', text: s.tilt ? 'TILT' : 'no' })]);
    rows.push(['Peers', s.otherSentinels + ' sentinel' + (s.otherSentinels === 1 ? '' : 's')]);
    if (s.flags) rows.push(['Flags', s.flags]);
    card.appendChild(dl(rows, true));
    return card;
  }

  function renderTopology(view) {
    var root = document.getElementById('topology');
    if (!root) return;
    var nodes = (view.nodes || []).slice().sort(function (a, b) { return roleOrder(a) - roleOrder(b); });
    var master = (view.nodes || []).filter(function (n) { return n.address === view.master; })[0];
    var content = [h('div', { cls: 'nodes' },
      nodes.length ? nodes.map(function (n) { return renderNode(n, master); }) : h('p', { cls: 'muted', text: 'No data node found yet.' }))];
    if (view.sentinels && view.sentinels.length) {
      content.push(h('div', { cls: 'sentinels' }, view.sentinels.map(function (s) { return renderSentinel(s, view.master); })));
    }
    if (view.clusterState) {
      content.push(h('p', { cls: 'cluster-state' }, 'cluster_state: ', h('b', { text: view.clusterState })));
    }
    root.classList.toggle('with-sentinels', Boolean(view.sentinels && view.sentinels.length));
    root.setAttribute('data-master', view.master || '');
    replace(root, content);
  }

  // ---- charts ----

  function initCharts() {
    document.querySelectorAll('.chart[data-field]').forEach(function (el) {
      state.charts[el.dataset.field] = { el: el, field: el.dataset.field, unit: el.dataset.unit, plot: null, nodes: [], data: null, live: false };
    });
    document.querySelectorAll('#range button[data-minutes]').forEach(function (b) {
      b.addEventListener('click', function () {
        state.minutes = Number(b.dataset.minutes);
        document.querySelectorAll('#range button').forEach(function (o) { o.setAttribute('aria-pressed', String(o === b)); });
        loadCharts();
      });
    });
    var resizeTimer = null;
    window.addEventListener('resize', function () {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(function () {
        Object.keys(state.charts).forEach(function (f) {
          var c = state.charts[f];
          if (c.plot) c.plot.setSize(chartSize(c.el));
        });
      }, 150);
    });
  }

  function chartSize(el) {
    return { width: Math.max(240, el.clientWidth), height: 170 };
  }

  function loadCharts() {
    state.lastRun.charts = Date.now();
    Object.keys(state.charts).forEach(function (f) { loadChart(state.charts[f]); });
  }

  /** Joins the per-node columns of /api/series on their timestamps into uPlot's aligned layout. */
  function align(byNode, nodes) {
    var times = {};
    nodes.forEach(function (n) { byNode[n][0].forEach(function (t) { times[t] = true; }); });
    var xs = Object.keys(times).map(Number).sort(function (a, b) { return a - b; });
    var index = {};
    xs.forEach(function (t, i) { index[t] = i; });
    var data = [xs];
    nodes.forEach(function (n) {
      var ys = new Array(xs.length).fill(null);
      byNode[n][0].forEach(function (t, i) { ys[index[t]] = byNode[n][1][i]; });
      data.push(ys);
    });
    return data;
  }

  function loadChart(c) {
    var minutes = state.minutes;
    getJson('/api/series?field=' + encodeURIComponent(c.field) + '&minutes=' + minutes).then(function (body) {
      if (minutes !== state.minutes) return;
      var byNode = body.nodes || {};
      var nodes = Object.keys(byNode).sort();
      c.live = body.resolution === 'raw';
      draw(c, nodes, align(byNode, nodes));
    }).catch(function (e) {
      if (e && e.message === 'signed out') return;
      c.el.dataset.error = String(e.message || e);
    });
  }

  function draw(c, nodes, data) {
    var sameNodes = c.plot && c.nodes.join() === nodes.join();
    var points = drawnPoints(data);
    c.nodes = nodes;
    c.data = data;
    c.points = points;
    if (sameNodes) {
      c.plot.setData(data);
    } else {
      if (c.plot) c.plot.destroy();
      c.el.replaceChildren();
      c.plot = new uPlot(chartOptions(c, nodes), data, c.el);
    }
    c.el.dataset.points = String(points);
    c.el.classList.toggle('empty', points === 0);
    c.el.dataset.emptyText = c.field === 'hit_ratio' ? 'No reads in this range' : 'No data in this range yet';
  }

  /** The values on the chart: timestamps where every node's value is missing draw nothing. */
  function drawnPoints(data) {
    var n = 0;
    for (var s = 1; s < data.length; s++) {
      for (var i = 0; i < data[s].length; i++) if (data[s][i] !== null && data[s][i] !== undefined) n++;
    }
    return n;
  }

  function chartOptions(c, nodes) {
    var size = chartSize(c.el);
    var format = function (u, v) { return fmtUnit(c.unit, v); };
    var yAxis = { stroke: '#4b5563', grid: { stroke: '#e5e7eb' }, ticks: { stroke: '#e5e7eb' }, size: axisSize,
      values: function (u, vals) { return vals.map(function (v) { return fmtUnit(c.unit, v); }); } };
    yAxis.incrs = c.unit === 'bytes' ? BYTE_INCREMENTS : c.unit === 'ratio' || c.unit === 'ms' ? undefined : WHOLE_INCREMENTS;
    return {
      width: size.width,
      height: size.height,
      scales: {
        x: { time: true, range: function () { return timeRange(c); } },
        y: c.unit === 'ratio' ? { range: [0, 1] } : { range: function (u, min, max) { return [Math.min(0, min || 0), max > 0 ? max * 1.1 : 1]; } }
      },
      series: [{ value: function (u, v) { return v === null ? '–' : new Date(v * 1000).toLocaleTimeString(); } }].concat(nodes.map(function (n) {
        return { label: n, stroke: colorOf(n), width: 1.5, spanGaps: true, points: { show: false }, value: format };
      })),
      axes: [{ stroke: '#4b5563', grid: { stroke: '#e5e7eb' }, ticks: { stroke: '#e5e7eb' } }, yAxis],
      legend: { live: true },
      cursor: { drag: { x: false, y: false } }
    };
  }

  /** Tick steps that are powers of two of a binary unit, so byte axes read 512 KiB, 1 MiB, 1.5 MiB. */
  var BYTE_INCREMENTS = (function () {
    var out = [];
    [1, 1024, 1048576, 1073741824, 1099511627776].forEach(function (base) {
      [1, 2, 4, 8, 16, 32, 64, 128, 256, 512].forEach(function (m) { out.push(m * base); });
    });
    return out;
  })();

  /** Whole-number tick steps for counts (clients, keys, ops/s, seconds). */
  var WHOLE_INCREMENTS = (function () {
    var out = [];
    for (var e = 0; e <= 12; e++) [1, 2, 5].forEach(function (m) { out.push(m * Math.pow(10, e)); });
    return out;
  })();

  /** Wide enough for the longest tick label. */
  function axisSize(u, values) {
    var longest = (values || []).reduce(function (n, v) { return Math.max(n, String(v).length); }, 4);
    return Math.ceil(longest * 7.2) + 16;
  }

  /**
   * The extent of the chart's data, at least MIN_SPAN_S wide (a young daemon's few seconds would get
   * sub-second ticks); the whole selected range up to now when nothing is drawn yet (uPlot's own range
   * for a single timestamp spans years).
   */
  function timeRange(c) {
    var xs = c.data ? c.data[0] : [];
    var range = state.minutes * 60;
    if (!c.points || !xs.length) {
      var end = xs.length ? Math.max(xs[xs.length - 1], Date.now() / 1000) : Date.now() / 1000;
      return [end - range, end];
    }
    var last = xs[xs.length - 1];
    return [Math.min(xs[0], last - Math.min(range, MIN_SPAN_S)), last];
  }

  /** Appends the round's values to charts showing raw samples, dropping points older than the range. */
  function appendRound(view) {
    var t = parseIso(view.at).getTime() / 1000;
    if (isNaN(t)) return;
    var byAddress = {};
    (view.nodes || []).forEach(function (n) { if (n.up && n.fields) byAddress[n.address] = n.fields; });
    var ratios = hitRatios(byAddress);
    var needReload = false;
    Object.keys(state.charts).forEach(function (f) {
      var c = state.charts[f];
      if (!c.plot || !c.live || !c.data) return;
      var xs = c.data[0];
      if (xs.length && xs[xs.length - 1] >= t) return;
      if (Object.keys(byAddress).some(function (a) { return c.nodes.indexOf(a) < 0; })) {
        needReload = true; // a node appeared: its history is in the store, not in this chart
        return;
      }
      xs.push(t);
      c.nodes.forEach(function (n, i) {
        var v = f === 'hit_ratio' ? ratios[n] : (byAddress[n] ? byAddress[n][f] : undefined);
        c.data[i + 1].push(v === undefined ? null : v);
      });
      var from = t - state.minutes * 60;
      var drop = 0;
      while (drop < xs.length && xs[drop] < from) drop++;
      if (drop) c.data.forEach(function (col) { col.splice(0, drop); });
      draw(c, c.nodes, c.data);
    });
    if (needReload && Date.now() - (state.lastRun.charts || 0) > RELOAD_AFTER_NEW_NODE_MS) loadCharts();
  }

  function hitRatios(byAddress) {
    var out = {};
    Object.keys(byAddress).forEach(function (a) {
      var f = byAddress[a], prev = state.lastCounters[a];
      if (prev && f.keyspace_hits !== undefined && f.keyspace_misses !== undefined) {
        var dh = f.keyspace_hits - prev.hits, dm = f.keyspace_misses - prev.misses;
        if (dh >= 0 && dm >= 0 && dh + dm > 0) out[a] = dh / (dh + dm);
      }
      state.lastCounters[a] = { hits: f.keyspace_hits, misses: f.keyspace_misses };
    });
    return out;
  }

  // ---- panels ----

  function loadAlerts() {
    getJson('/api/alerts').then(function (body) {
      var active = body.active || [];
      replace('alerts-active', table(['State', 'Severity', 'Rule', 'Target', 'Since', 'Summary'],
        active.map(function (a) {
          return h('tr', { cls: 'alert-' + a.state },
            h('td', null, badge(a.state === 'firing' ? 'critical' : 'warn', a.state)),
            h('td', null, badge(a.severity === 'critical' ? 'critical' : 'warn', a.severity)),
            h('td', { text: a.rule }), h('td', { cls: 'mono', text: a.target }), timeCell(a.since),
            h('td', { text: a.summary }));
        }), 'Nothing firing or pending.'));
      replace('alerts-history', table(['Time', 'Change', 'Rule', 'Target', 'Summary'],
        (body.history || []).slice(0, 50).map(function (t) {
          return h('tr', null, timeCell(t.at),
            h('td', null, badge(t.kind === 'resolved' ? 'ok' : t.kind === 'firing' ? 'critical' : 'warn', t.kind)),
            h('td', { text: t.rule }), h('td', { cls: 'mono', text: t.target }), h('td', { text: t.summary }));
        }), 'No alert has changed state in the last 90 days.'));
      updateFiring(active);
    }).catch(failed('alerts-active'));
  }

  function updateFiring(active) {
    var firing = active.filter(function (a) { return a.state === 'firing'; }).length;
    var pending = active.length - firing;
    var el = document.getElementById('firing');
    if (!el) return;
    el.textContent = firing + ' firing' + (pending ? ', ' + pending + ' pending' : '');
    el.className = 'badge ' + (firing ? 'critical' : pending ? 'warn' : 'ok');
  }

  var VERDICT_WORDS = { ok: 'healthy', warn: 'degraded', critical: 'critical' };

  function loadHealth() {
    getJson('/api/health').then(function (body) {
      var verdict = body.verdict || 'unknown';
      var el = document.getElementById('verdict');
      if (el) {
        el.textContent = VERDICT_WORDS[verdict] || 'checking';
        el.className = 'badge ' + verdict;
        el.dataset.verdict = verdict;
      }
      var problems = body.problems || [];
      var summary = verdict === 'unknown'
        ? h('p', { cls: 'muted', text: 'The first health check has not finished yet.' })
        : h('p', null, badge(verdict, VERDICT_WORDS[verdict] || verdict), ' ',
            problems.length ? problems.length + ' of ' + body.checks + ' checks report a problem' : 'all ' + body.checks + ' checks pass',
            body.at ? ' (checked ' + fmtAgo(body.at) + ')' : '');
      replace('health-problems', [summary, problems.length ? checksTable(problems) : null]);
    }).catch(failed('health-problems'));
  }

  function checksTable(checks) {
    return table(['Severity', 'Check', 'Target', 'Detail'], checks.map(function (c) {
      return h('tr', null, h('td', null, badge(c.severity, c.severity)), h('td', { text: c.component + ' / ' + c.name }),
        h('td', { cls: 'mono', text: c.target }), h('td', { text: c.detail }));
    }), 'No checks.');
  }

  function loadMemory() {
    getJson('/api/memory').then(function (checks) {
      replace('memory-checks', checks.length ? checksTable(checks)
        : h('p', { cls: 'muted', text: 'The scheduled memory check has not run yet.' }));
    }).catch(failed('memory-checks'));
  }

  function loadEvents() {
    getJson('/api/events?hours=24').then(function (events) {
      replace('events-table', table(['Time', 'Kind', 'Node', 'Detail'], events.slice(0, 100).map(function (e) {
        return h('tr', null, timeCell(e.at), h('td', null, h('span', { cls: 'kind kind-' + e.kind, text: e.kind.replace('_', ' ') })),
          h('td', { cls: 'mono', text: e.node }), h('td', { text: e.detail }));
      }), 'No failover, restart, alert or backup in the last 24 hours.'));
    }).catch(failed('events-table'));
  }

  function loadSlowlog() {
    getJson('/api/slowlog?hours=24&limit=50').then(function (entries) {
      replace('slowlog-table', table(['Time', 'Node', 'Duration', 'Command'], entries.map(function (e) {
        return h('tr', null, timeCell(e.at), h('td', { cls: 'mono', text: e.node }),
          h('td', { cls: 'num', text: fmtMicros(e.durationMicros) }),
          h('td', { cls: 'mono command', title: e.command + (e.client ? '\nfrom ' + e.client : ''), text: e.command }));
      }), 'No command exceeded the slowlog threshold in the last 24 hours.'));
    }).catch(failed('slowlog-table'));
  }

  function loadLatency() {
    getJson('/api/latency?hours=24').then(function (events) {
      replace('latency-table', table(['Time', 'Node', 'Event', 'Latest', 'Max'], events.slice(0, 100).map(function (e) {
        return h('tr', null, timeCell(e.at), h('td', { cls: 'mono', text: e.node }), h('td', { text: e.event }),
          h('td', { cls: 'num', text: e.latestMillis + ' ms' }), h('td', { cls: 'num', text: e.maxMillis + ' ms' }));
      }), 'No latency spike over the latency-monitor threshold in the last 24 hours.'));
    }).catch(failed('latency-table'));
  }

  function loadBackups() {
    getJson('/api/backups').then(function (backups) {
      replace('backups-table', table(['ID', 'Type', 'Taken', 'Keys', 'Size', ''], backups.map(function (b) {
        var result = h('span', { cls: 'verify-result', role: 'status' });
        var button = h('button', { type: 'button', cls: 'verify', 'data-id': b.id, text: 'Verify' });
        button.addEventListener('click', function () { verify(b.id, button, result); });
        return h('tr', { 'data-id': b.id }, h('td', { cls: 'mono', text: b.id }),
          h('td', { text: b.type + (b.reason ? ' (' + b.reason + ')' : '') }), timeCell(b.createdAt),
          h('td', { cls: 'num', text: fmtCount(b.keys) }),
          h('td', { cls: 'num', title: fmtBytes(b.rawBytes) + ' before compression', text: fmtBytes(b.storedBytes) }),
          h('td', { cls: 'actions' }, button, result));
      }), 'No backup yet. "Back up now" takes one.'));
      return getJson('/api/verifications').then(showVerifications);
    }).catch(failed('backups-table'));
  }

  /** The newest verification of each listed backup, still running or done (newest first from the API). */
  function showVerifications(verifications) {
    var shown = {};
    verifications.forEach(function (v) {
      if (shown[v.backup]) return;
      shown[v.backup] = true;
      showVerification(v);
    });
  }

  var VERIFY_POLL_MS = 1000;
  var verifyPolls = {};

  /** The Verify button and result of a backup's row; null when the backup is not listed. */
  function verifyControls(backupId) {
    var row = document.querySelector('#backups-table tr[data-id="' + CSS.escape(backupId) + '"]');
    return row ? { button: row.querySelector('button.verify'), result: row.querySelector('.verify-result') } : null;
  }

  /**
   * Shows a verification's state in its backup's row (looked up each time: the table is redrawn) and,
   * while it is queued or running, polls it until it is done.
   */
  function showVerification(v) {
    var c = verifyControls(v.backup);
    if (v.state === 'queued' || v.state === 'running') {
      if (c) {
        c.button.disabled = true;
        c.button.textContent = 'Verifying…';
        c.result.className = 'verify-result';
        var fraction = v.progress && v.progress.fraction;
        c.result.textContent = v.state === 'queued' ? 'queued'
          : fraction === null || fraction === undefined ? 'started' : fmtPercent(100 * fraction) + ' checked';
      }
      if (!verifyPolls[v.id]) {
        verifyPolls[v.id] = setTimeout(function () {
          getJson('/api/verifications/' + encodeURIComponent(v.id)).then(function (next) {
            delete verifyPolls[v.id];
            showVerification(next);
          }).catch(function (e) {
            delete verifyPolls[v.id];
            var now = verifyControls(v.backup);
            if (now) verifyDone(now, 'bad', 'Could not follow the verification: ' + e.message);
          });
        }, VERIFY_POLL_MS);
      }
    } else if (c && v.state === 'passed') {
      verifyDone(c, 'ok', 'passed (' + v.result.checks + ' checks)');
    } else if (c) {
      verifyDone(c, 'bad', 'FAILED: ' + ((v.result && v.result.failure) || v.error || v.state));
    }
  }

  function verifyDone(c, level, text) {
    c.result.className = 'verify-result ' + level;
    c.result.textContent = text;
    c.button.disabled = false;
    c.button.textContent = 'Verify';
  }

  function backupNow(button) {
    var message = document.getElementById('backup-message');
    button.disabled = true;
    api('/api/backups?type=' + encodeURIComponent(button.dataset.type || 'rdb'), { method: 'POST' }).then(function (r) {
      var text = (r.body && (r.body.detail || r.body.error)) || ('HTTP ' + r.status);
      message.className = r.status === 202 ? 'ok' : r.status === 409 ? 'warn' : 'bad';
      message.textContent = text;
      [2000, 6000, 15000, 40000].forEach(function (ms) { setTimeout(loadBackups, ms); });
    }).catch(function (e) {
      message.className = 'bad';
      message.textContent = 'Could not start a backup: ' + e.message;
    }).finally(function () {
      setTimeout(function () { button.disabled = false; }, 1500);
    });
  }

  /** Starts a background verification (202, or 409 when one of this backup runs) and follows it. */
  function verify(id, button, result) {
    var c = { button: button, result: result };
    button.disabled = true;
    button.textContent = 'Verifying…';
    result.className = 'verify-result';
    result.textContent = '';
    api('/api/backups/' + encodeURIComponent(id) + '/verify', { method: 'POST' }).then(function (r) {
      if ((r.status === 202 || r.status === 409) && r.body && r.body.id) {
        showVerification(r.body);
      } else {
        verifyDone(c, 'bad', 'Could not verify: ' + ((r.body && r.body.error) || ('HTTP ' + r.status)));
      }
    }).catch(function (e) {
      verifyDone(c, 'bad', 'Could not verify: ' + e.message);
    });
  }

  var RECOMMENDATIONS = {
    INSUFFICIENT_DATA: ['unknown', 'Not enough history yet to project growth.'],
    MONITOR: ['ok', 'Memory will not reach 85 % of maxmemory within 90 days at the current growth.'],
    SET_MAXMEMORY: ['warn', 'maxmemory is not set: Redis grows until the host runs out of memory. Set a limit.'],
    PLAN_GROWTH: ['warn', 'Memory reaches 85 % of maxmemory within 90 days: plan more memory or less data.'],
    ADD_MEMORY_NOW: ['critical', 'Memory reaches 85 % of maxmemory within 30 days (or is already above it): add memory now.'],
    EMERGENCY: ['critical', 'maxmemory is reached within 7 days (or memory is above 95 %): act today.']
  };

  var RANK = ['INSUFFICIENT_DATA', 'MONITOR', 'SET_MAXMEMORY', 'PLAN_GROWTH', 'ADD_MEMORY_NOW', 'EMERGENCY'];

  /** Optional / OptionalDouble as Jackson writes them with or without the JDK 8 module. */
  function opt(v) {
    if (v === null || v === undefined) return null;
    if (typeof v === 'object' && 'present' in v) {
      if (!v.present) return null;
      return 'asDouble' in v ? v.asDouble : v.value !== undefined ? v.value : null;
    }
    return v;
  }

  function days(v) {
    v = opt(v);
    if (v === null) return '–';
    if (v === 0) return 'reached';
    return v >= 3650 ? 'in over 10 years' : 'in ' + Math.round(v) + ' days';
  }

  function loadCapacity() {
    getJson('/api/capacity').then(function (report) {
      var nodes = (report && report.nodes) || [];
      var rec = report.recommendation || nodes.map(function (n) { return n.recommendation; })
        .sort(function (a, b) { return RANK.indexOf(b) - RANK.indexOf(a); })[0] || 'INSUFFICIENT_DATA';
      var info = RECOMMENDATIONS[rec] || ['unknown', rec];
      var content = [h('p', { cls: 'recommendation' }, badge(info[0], rec.toLowerCase().replace(/_/g, ' ')), ' ', info[1])];
      var sufficient = nodes.filter(function (n) { return n.recommendation !== 'INSUFFICIENT_DATA'; });
      // the oldest sample the history keeps, not the start of the 4-week window the planner reads
      var since = opt(report.historySince);
      var sinceTime = since ? h('time', { id: 'capacity-since', datetime: since, title: since, text: fmtTime(since) }) : null;
      if (rec === 'INSUFFICIENT_DATA') {
        content.push(h('p', { cls: 'muted' }, 'Capacity planning needs a few hours of history; the daemon has ',
          since ? ['history since ', sinceTime] : 'no history yet', '. Nodes: '
          + (nodes.length ? nodes.map(function (n) { return n.node + ' (' + n.points + ' points)'; }).join(', ') : 'none yet') + '.'));
      } else if (since) {
        content.push(h('p', { cls: 'muted' }, 'Projected from the history since ', sinceTime, '.'));
      }
      sufficient.forEach(function (n) {
        var growth = opt(n.memoryGrowth);
        var projected = opt(n.projectedMemoryIn90Days);
        var info = RECOMMENDATIONS[n.recommendation] || ['unknown', n.recommendation];
        var used = fmtBytes(n.usedMemory) + (n.maxmemory > 0
          ? ' of ' + fmtBytes(n.maxmemory) + ' (' + fmtPercent(100 * n.usedMemory / n.maxmemory) + ')' : ', no maxmemory');
        content.push(h('div', { cls: 'capacity-node', 'data-node': n.node },
          h('h3', null, h('span', { cls: 'mono', text: n.node }), ' ', badge(info[0], n.recommendation.toLowerCase().replace(/_/g, ' '))),
          dl([
            ['Used', used],
            ['Growth', growth ? (growth.perWeek >= 0 ? '+' : '−') + fmtBytes(Math.abs(growth.perWeek)) + ' per week' : '–'],
            ['70 %', days(n.daysTo70Percent)],
            ['85 %', days(n.daysTo85Percent)],
            ['100 %', days(n.daysTo100Percent)],
            ['In 90 days', projected === null ? '–' : fmtBytes(projected)]
          ], true)));
      });
      nodes.forEach(function (n) {
        (n.advice || []).forEach(function (a) {
          content.push(h('p', { cls: 'advice' }, h('b', { text: a.kind.toLowerCase().replace(/_/g, ' ') + ': ' }), a.reason));
        });
      });
      replace('capacity-body', content);
    }).catch(failed('capacity-body'));
  }

  function loadJobs() {
    getJson('/api/jobs').then(function (jobs) {
      replace('jobs-table', table(['Job', 'Schedule', 'Last run', 'Result', 'Next run'], jobs.map(function (j) {
        var took = j.lastDurationMillis === null ? '' : ' ' + fmtMillis(j.lastDurationMillis);
        var result = j.running ? badge('warn', 'running')
          : j.lastError ? h('span', null, badge('critical', 'failed'), ' ', h('span', { cls: 'error-text', text: j.lastError }))
          : j.runs ? h('span', { cls: 'nowrap' }, badge('ok', 'ok'), took) : h('span', { cls: 'muted nowrap', text: 'not run yet' });
        return h('tr', { 'data-job': j.name }, h('td', { cls: 'nowrap', text: j.name }), h('td', { cls: 'mono nowrap', text: j.schedule }),
          timeCell(j.lastStart), h('td', { title: j.runs + ' runs, ' + j.failures + ' failed' + (took ? ', last took' + took : '') }, result),
          h('td', { cls: 'time' }, j.nextRun ? h('time', { datetime: j.nextRun, title: j.nextRun, text: fmtTime(j.nextRun) }) : '–'));
      }), 'No job is scheduled.'));
    }).catch(failed('jobs-table'));
  }

  var GROUPS = {
    cheap: { every: CHEAP_EVERY_MS, run: function () { loadAlerts(); loadHealth(); loadEvents(); loadJobs(); } },
    slow: { every: SLOW_EVERY_MS, run: function () { loadSlowlog(); loadLatency(); loadMemory(); } },
    rare: { every: RARE_EVERY_MS, run: function () { loadBackups(); loadCapacity(); } },
    charts: { every: RARE_EVERY_MS, run: loadCharts }
  };

  /** Runs each group of fetches when its interval has passed since its last run. */
  function refreshDue(force) {
    var now = Date.now();
    Object.keys(GROUPS).forEach(function (name) {
      if (force || !state.lastRun[name] || now - state.lastRun[name] >= GROUPS[name].every) {
        state.lastRun[name] = now;
        GROUPS[name].run();
      }
    });
  }

  // ---- live updates ----

  function setLive(on, text) {
    var el = document.getElementById('live');
    if (!el) return;
    el.className = 'live ' + (on ? 'on' : 'off');
    el.textContent = text;
  }

  function onRound(view) {
    state.lastRoundAt = Date.now();
    renderHeader(view);
    renderTopology(view);
    appendRound(view);
    refreshDue(false);
  }

  /**
   * A failover the daemon learnt of from the Sentinels (or a cluster's slot watch) before its next
   * round: the view names the new master; the node cards follow with the round the daemon runs next.
   */
  function onTopology(view) {
    renderTopology(view);
    state.lastRun.cheap = Date.now();
    GROUPS.cheap.run();
  }

  function connect() {
    if (!window.EventSource) return;
    var source = new EventSource('/api/stream');
    source.addEventListener('open', function () { state.streamOpen = true; setLive(true, 'live'); });
    source.addEventListener('round', function (e) {
      try { onRound(JSON.parse(e.data)); } catch (err) { console.error('bad round event', err); }
    });
    source.addEventListener('topology', function (e) {
      try { onTopology(JSON.parse(e.data)); } catch (err) { console.error('bad topology event', err); }
    });
    source.addEventListener('error', function () {
      state.streamOpen = false;
      setLive(false, source.readyState === EventSource.CLOSED ? 'offline' : 'reconnecting');
      if (source.readyState === EventSource.CLOSED) {
        // a closed stream is often an expired session: the health call signs out if so
        getJson('/api/health').then(function () { setTimeout(connect, 5000); }).catch(function () { setTimeout(connect, 10000); });
      }
    });
  }

  /** Without stream events (proxy buffering, old browser), polls instead. */
  function pollWithoutStream() {
    if (Date.now() - state.lastRoundAt < POLL_WITHOUT_STREAM_MS) return;
    getJson('/api/topology').then(function (view) {
      if (view.at) { renderHeader(view); renderTopology(view); }
    }).catch(function () { /* shown by the panels */ });
    refreshDue(false);
  }

  function refreshTimes() {
    document.querySelectorAll('#updated time').forEach(function (t) {
      t.textContent = fmtTime(t.getAttribute('datetime')) + ' (' + fmtAgo(t.getAttribute('datetime')) + ')';
    });
  }

  function start() {
    initCharts();
    var backup = document.getElementById('backup-now');
    if (backup) backup.addEventListener('click', function () { backupNow(backup); });
    refreshTimes();
    refreshDue(true);
    connect();
    setInterval(pollWithoutStream, POLL_WITHOUT_STREAM_MS);
    setInterval(refreshTimes, 1000);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
