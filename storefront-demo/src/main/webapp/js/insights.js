/* Insights page of the demo shop: funnels, conversions over time, channels, lift and experiments
   from /api/microconversions/insights (role microconversions-insights), drawn with Chart.js
   served from the WAR (webjar), no CDN. */
(function () {
  'use strict';
  const BASE = 'api/microconversions/insights/';
  const GOALS = ['add-to-cart', 'proceed-to-checkout', 'purchase'];
  const COLORS = ['#264653', '#2a9d8f', '#e9c46a', '#f4a261', '#e76f51', '#8ab17d', '#6d597a', '#457b9d'];
  const $ = (id) => document.getElementById(id);
  const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const int = new Intl.NumberFormat('en-IE');
  const pct = (v, digits = 1) => (v == null || Number.isNaN(Number(v)) ? '–' : (Number(v) * 100).toFixed(digits) + ' %');
  const pp = (v, digits = 1) => (v == null ? '–' : (v > 0 ? '+' : '') + (Number(v) * 100).toFixed(digits) + ' pp');
  const num = (v, digits = 2) => (v == null ? '–' : Number(v).toFixed(digits));
  const secs = (s) => {
    if (s == null) return '–';
    s = Number(s);
    if (s < 1) return '< 1 s';
    if (s < 90) return Math.round(s) + ' s';
    if (s < 5400) return Math.round(s / 60) + ' min';
    return (s / 3600).toFixed(1) + ' h';
  };
  /* ISO-8601 durations as people read them: PT24H -> 24 h, P7D -> 7 days */
  const duration = (iso) => {
    const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso || '');
    if (!m) return iso || 'no limit';
    return [[m[1], ' days'], [m[2], ' h'], [m[3], ' min'], [m[4], ' s']].filter(([v]) => v).map(([v, u]) => v + u).join(' ');
  };
  const charts = {};
  window.insights = { charts, loaded: false, data: {} };

  async function get(path, params) {
    const q = new URLSearchParams();
    Object.entries(params || {}).forEach(([k, v]) => {
      [].concat(v).forEach((x) => { if (x != null && x !== '') q.append(k, x); });
    });
    const res = await fetch(BASE + path + (q.toString() ? '?' + q : ''), { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error(path + ': HTTP ' + res.status);
    return res.json();
  }
  const range = () => ({ from: $('from').value, to: $('to').value });

  function draw(id, config) {
    if (charts[id]) charts[id].destroy();
    charts[id] = new Chart($(id), config);
    return charts[id];
  }

  /* Whiskers for bar charts: dataset.errorBars[i] = [low, high] in data units. */
  const errorBars = {
    id: 'errorBars',
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      chart.data.datasets.forEach((ds, di) => {
        if (!ds.errorBars || !chart.isDatasetVisible(di)) return;
        const meta = chart.getDatasetMeta(di);
        const scale = chart.scales[meta.vAxisID];
        meta.data.forEach((bar, i) => {
          const e = ds.errorBars[i];
          if (!e) return;
          const lo = scale.getPixelForValue(e[0]);
          const hi = scale.getPixelForValue(e[1]);
          const w = Math.min(10, bar.width / 3);
          ctx.save();
          ctx.strokeStyle = '#1f2933';
          ctx.lineWidth = 1.5;
          ctx.beginPath();
          ctx.moveTo(bar.x, lo); ctx.lineTo(bar.x, hi);
          ctx.moveTo(bar.x - w, lo); ctx.lineTo(bar.x + w, lo);
          ctx.moveTo(bar.x - w, hi); ctx.lineTo(bar.x + w, hi);
          ctx.stroke();
          ctx.restore();
        });
      });
    }
  };
  /* Forest plot helpers: a dot at the estimate on each floating CI bar, and the zero line. */
  const estimates = {
    id: 'estimates',
    afterDatasetsDraw(chart) {
      const ds = chart.data.datasets[0];
      if (!ds || !ds.estimates) return;
      const { ctx } = chart;
      const x = chart.scales.x;
      const meta = chart.getDatasetMeta(0);
      ctx.save();
      ctx.strokeStyle = '#616e7c';
      ctx.setLineDash([4, 4]);
      ctx.beginPath();
      ctx.moveTo(x.getPixelForValue(0), chart.chartArea.top);
      ctx.lineTo(x.getPixelForValue(0), chart.chartArea.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      meta.data.forEach((bar, i) => {
        ctx.fillStyle = '#1f2933';
        ctx.beginPath();
        ctx.arc(x.getPixelForValue(ds.estimates[i]), bar.y, 5, 0, Math.PI * 2);
        ctx.fill();
      });
      ctx.restore();
    }
  };

  function kpis(funnel, experimentRows) {
    const steps = funnel.steps || [];
    const first = steps[0] || {};
    const last = steps[steps.length - 1] || {};
    // a winner only as the API decides it: valid at any look, split sound, guardrail not harmed
    const winner = experimentRows.find((r) => r.decision === 'stop-better');
    const tiles = [
      ['Visitors in the funnel', int.format(first.visitors || 0), `entered at ${esc(first.name || '–')}`],
      ['Purchases', int.format(last.visitors || 0), `${esc(last.name || '')} within ${esc(duration(funnel.window))}`],
      ['Funnel conversion', pct(last.overallRate, 2), `${esc(funnel.mode || '')} funnel`],
      ['Experiment', winner ? esc(winner.variant) + ' wins' : 'no winner yet',
        winner ? `${esc(winner.goal)} ${pp(winner.absoluteLift)}` : 'keep it running'],
    ];
    $('kpis').innerHTML = tiles.map(([l, v, s]) => `<div class="kpi"><div class="label">${l}</div><div class="value">${v}</div><div class="sub">${s}</div></div>`).join('');
  }

  function renderFunnel(f) {
    $('funnel-name').textContent = f.funnel;
    $('funnel-meta').textContent = `${f.mode} · within ${duration(f.window)}`;
    const steps = f.steps || [];
    $('funnel-table').querySelector('tbody').innerHTML = steps.map((s, i) => `<tr data-step="${esc(s.name)}">
      <td>${i + 1}. ${esc(s.name)}</td><td class="num" data-field="visitors">${int.format(s.visitors)}</td>
      <td class="num">${i === 0 ? '–' : pct(s.stepRate)}</td><td class="num">${pct(s.overallRate)}</td>
      <td class="num">${i === 0 ? '–' : dropOff(s)}</td><td class="num">${i === 0 ? '–' : secs(s.medianSecondsFromPrevious)}</td></tr>`).join('');
    draw('funnel-chart', {
      type: 'bar',
      data: {
        labels: steps.map((s) => s.name),
        datasets: [{ label: 'Visitors', data: steps.map((s) => s.visitors), backgroundColor: steps.map((_, i) => COLORS[i % COLORS.length]), borderRadius: 6 }],
      },
      options: {
        indexAxis: 'y', maintainAspectRatio: false, animation: false, layout: { padding: { right: 96 } },
        plugins: { legend: { display: false },
          tooltip: { callbacks: { afterLabel: (c) => 'overall ' + pct(steps[c.dataIndex].overallRate) } } },
        scales: { x: { beginAtZero: true, grid: { color: '#f1f3f5' } }, y: { grid: { display: false } } },
      },
      plugins: [{
        id: 'stepLabels',
        afterDatasetsDraw(chart) {
          const { ctx } = chart;
          chart.getDatasetMeta(0).data.forEach((bar, i) => {
            ctx.save();
            ctx.fillStyle = '#1f2933';
            ctx.font = '600 12px Inter, Segoe UI, Arial, sans-serif';
            ctx.textBaseline = 'middle';
            ctx.fillText(`${int.format(steps[i].visitors)} · ${pct(steps[i].overallRate)}`, bar.x + 6, bar.y);
            ctx.restore();
          });
        },
      }],
    });
  }
  /* dropOff: visitors lost since the previous step (a count) or the abandonment rate (a fraction) */
  const dropOff = (s) => (s.dropOff != null && s.dropOff <= 1 && !Number.isInteger(s.dropOff) ? pct(s.dropOff) : int.format(s.dropOff ?? 0));

  function renderTimeseries(series) {
    const days = [...new Set(series.flatMap((s) => s.points.map((p) => p.day)))].sort();
    const few = days.length < 3; // a line needs a few days; bars read better for one or two
    draw('timeseries-chart', {
      type: few ? 'bar' : 'line',
      data: {
        labels: days,
        datasets: series.map((s, i) => {
          const byDay = new Map(s.points.map((p) => [p.day, p.count]));
          return { label: s.name, data: days.map((d) => byDay.get(d) || 0), borderColor: COLORS[i % COLORS.length],
            backgroundColor: few ? COLORS[i % COLORS.length] : COLORS[i % COLORS.length] + '33', borderRadius: 4,
            tension: 0.3, pointRadius: 2, fill: !few && i === series.length - 1 };
        }),
      },
      options: { maintainAspectRatio: false, animation: false, interaction: { mode: 'index', intersect: false },
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
        scales: { y: { type: 'logarithmic', grid: { color: '#f1f3f5' }, title: { display: true, text: 'conversions (log)' } }, x: { grid: { display: false } } } },
    });
  }

  function renderChannels(c) {
    const rows = (c.channels || []).slice().sort((a, b) => b.visitors - a.visitors);
    $('channels-table').querySelector('tbody').innerHTML = rows.map((r) => `<tr>
      <td>${esc(r.source || '(direct)')}${r.medium ? ' / ' + esc(r.medium) : ''}</td><td>${esc(r.campaign || '–')}</td>
      <td class="num">${int.format(r.visitors)}</td><td class="num">${num(r.microPerVisitor)}</td><td class="num">${pct(r.macroRate, 2)}</td></tr>`).join('')
      || '<tr><td colspan="5" class="muted">No visitors in this period.</td></tr>';
  }

  function renderLift(l) {
    $('lift-meta').textContent = `macro: ${l.macro}`;
    const rows = (l.rows || []).filter((r) => r.difference != null).sort((a, b) => b.difference - a.difference);
    $('lift-table').querySelector('tbody').innerHTML = rows.map((r) => `<tr>
      <td>${esc(r.name)}</td><td class="num">${int.format(r.visitorsWith)}</td><td class="num">${pct(r.rateWith, 2)}</td>
      <td class="num">${pct(r.rateWithout, 2)}</td>
      <td class="num nowrap ${r.ciLow > 0 ? 'pos' : r.ciHigh < 0 ? 'neg' : ''}">${pp(r.difference)}<div class="ci">${pp(r.ciLow)} … ${pp(r.ciHigh)}</div></td></tr>`).join('')
      || '<tr><td colspan="5" class="muted">No data.</td></tr>';
  }

  function experimentIds(list) {
    const items = Array.isArray(list) ? list : (list.experiments || []);
    return items.map((e) => (typeof e === 'string' ? e : e.id || e.experiment)).filter(Boolean);
  }

  function renderExperiment(results) {
    const first = results[0] || {};
    $('experiment-name').textContent = first.experiment || '';
    const srm = first.srm;
    const srmBox = $('experiment-srm');
    srmBox.dataset.flagged = String(Boolean(srm && srm.flagged));
    srmBox.textContent = !srm || srm.pValue == null ? ''
      : srm.flagged ? `Sample-ratio mismatch: the visitor split does not match the weights (χ² p = ${Number(srm.pValue).toPrecision(2)} < ${srm.threshold}). No variant can win until the cause is fixed.`
        : `Visitor split matches the weights (sample-ratio check p = ${Number(srm.pValue).toPrecision(2)}).`;
    $('experiment-meta').textContent = first.experiment ? (first.sequential
      ? `Decisions from an always-valid sequential test (mSPRT, τ = ${first.tau}), safe to read at any time; α = ${first.alpha}. `
      : `Decisions from the fixed-horizon z-test at ${int.format(first.minSample)} visitors per variant, α = ${first.alpha}. `)
      + `Guardrail: ${first.guardrail || 'none'}${first.guardrail ? ` (margin ${pp(first.guardrailMargin, 1)})` : ''}. `
      + 'Bars: conversion rate with its 95 % interval. Right: lift over control with the fixed-horizon interval of the difference.' : 'No experiment configured.';
    const variants = [...new Set(results.flatMap((r) => r.variants.map((v) => v.variant)))];
    const control = variants[0];
    draw('experiment-chart', {
      type: 'bar',
      data: {
        labels: results.map((r) => r.goal),
        datasets: variants.map((v, i) => {
          const cells = results.map((r) => r.variants.find((x) => x.variant === v) || {});
          return { label: v, backgroundColor: COLORS[(i + 1) % COLORS.length], borderRadius: 5,
            data: cells.map((c) => c.rate ?? 0),
            errorBars: cells.map((c) => {
              if (!c.visitors) return null;
              const h = 1.96 * Math.sqrt(c.rate * (1 - c.rate) / c.visitors);
              return [Math.max(0, c.rate - h), Math.min(1, c.rate + h)];
            }) };
        }),
      },
      options: { maintainAspectRatio: false, animation: false,
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } }, tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${pct(c.raw, 2)}` } } },
        scales: { y: { type: 'logarithmic', min: 0.005, ticks: { callback: (v) => [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1].includes(Number(v)) ? pct(v, 0) : '' }, grid: { color: '#f1f3f5' }, title: { display: true, text: 'conversion rate (log)' } },
          x: { grid: { display: false } } } },
      plugins: [errorBars],
    });
    const lifts = results.flatMap((r) => r.variants.filter((v) => v.variant !== control).map((v) => ({ goal: r.goal, ...v })));
    draw('lift-chart', {
      type: 'bar',
      data: {
        labels: lifts.map((l) => `${l.goal} · ${l.variant}`),
        datasets: [{ label: 'lift over ' + control, data: lifts.map((l) => [l.ciLow, l.ciHigh]), estimates: lifts.map((l) => l.absoluteLift),
          backgroundColor: lifts.map((l) => (l.significant ? (l.absoluteLift > 0 ? '#2a9d8f' : '#e76f51') : '#cbd2d9')), borderRadius: 4, barThickness: 14 }],
      },
      options: { indexAxis: 'y', maintainAspectRatio: false, animation: false,
        plugins: { legend: { display: false }, tooltip: { callbacks: { label: (c) => `${pp(lifts[c.dataIndex].absoluteLift, 2)} (${pp(lifts[c.dataIndex].ciLow, 2)} … ${pp(lifts[c.dataIndex].ciHigh, 2)})` } } },
        scales: { x: { grid: { color: '#f1f3f5' }, ticks: { callback: (v) => pp(v) }, title: { display: true, text: 'absolute lift (95 % CI)' } }, y: { grid: { display: false } } } },
      plugins: [estimates],
    });
    $('experiment-table').querySelector('tbody').innerHTML = results.flatMap((r) => r.variants.map((v) => {
      const isControl = v.variant === control;
      const verdict = isControl ? '<span class="verdict control">control</span>' : decisionBadge(v.decision);
      const seq = v.sequential;
      const guard = v.guardrail;
      return `<tr data-goal="${esc(r.goal)}" data-variant="${esc(v.variant)}"><td>${esc(r.goal)}</td><td>${esc(v.variant)}</td>
        <td class="num">${int.format(v.visitors)}</td><td class="num">${int.format(v.conversions)}</td><td class="num">${pct(v.rate, 2)}</td>
        <td class="num">${isControl ? '–' : pp(v.absoluteLift, 2)}</td><td class="num">${isControl ? '–' : pct(v.relativeLift)}</td>
        <td class="num">${isControl ? '–' : `${pp(v.ciLow, 2)} … ${pp(v.ciHigh, 2)}`}</td><td class="num">${isControl || v.pValue == null ? '–' : Number(v.pValue).toPrecision(2)}</td>
        <td class="num" data-field="sequential-p">${seq ? Number(seq.pValue).toPrecision(2) : '–'}</td>
        <td class="num">${seq && seq.ciLow != null ? `${pp(seq.ciLow, 2)} … ${pp(seq.ciHigh, 2)}` : '–'}</td>
        <td data-field="guardrail">${guard ? `${esc(guard.goal)} ${guard.absoluteLift == null ? '–' : pp(guard.absoluteLift, 2)}${guard.harmed ? ' <span class="verdict lose">harmed</span>' : ''}` : '–'}</td>
        <td data-field="decision">${verdict}</td></tr>`;
    })).join('');
    return lifts;
  }

  // the API's decision, in words (docs/insights.md)
  function decisionBadge(decision) {
    const [cls, text] = {
      'stop-better': ['win', 'stop: better'],
      'stop-worse': ['lose', 'stop: worse'],
      'no-difference': ['wait', 'no difference'],
      'blocked-srm': ['flag', 'blocked: sample ratio'],
      'flagged-guardrail': ['flag', 'better, but guardrail harmed'],
    }[decision] || ['wait', 'keep running'];
    return `<span class="verdict ${cls}" data-decision="${esc(decision || 'continue')}">${text}</span>`;
  }

  // one request, one read of the experiment's conversions for all three goals
  const experimentGoals = (id) => (id ? get('experiments/' + encodeURIComponent(id) + '/goals', { goal: GOALS })
    .then((x) => x.goals) : Promise.resolve([]));

  async function load() {
    const r = range();
    // the slowest report, asked for first so it runs beside the others (docs/performance.md#the-insights-page)
    const experiment = experimentGoals($('experiment').value);
    experiment.catch(() => {}); // awaited below; a failure before then is reported once, there
    const funnelId = $('funnel').value || 'checkout';
    const funnel = await get('funnels/' + encodeURIComponent(funnelId), r);
    window.insights.data.funnel = funnel;
    renderFunnel(funnel);
    const names = (funnel.steps || []).map((s) => s.name);
    const [series, channels, lift] = await Promise.all([
      Promise.all(names.map((n) => get('timeseries', { name: n, ...r }).then((t) => ({ name: n, points: t.points || [] })))),
      get('channels', r),
      get('lift', { macro: names[names.length - 1] || 'purchase' }),
    ]);
    Object.assign(window.insights.data, { series, channels, lift });
    renderTimeseries(series);
    renderChannels(channels);
    renderLift(lift);
    const results = await experiment;
    window.insights.data.experiment = results;
    const decided = renderExperiment(results);
    kpis(funnel, decided);
  }

  async function init() {
    const [funnels, experiments] = await Promise.all([get('funnels'), get('experiments')]);
    const funnelIds = (Array.isArray(funnels) ? funnels : (funnels.funnels || []))
      .map((f) => (typeof f === 'string' ? f : f.id || f.funnel)).filter(Boolean);
    $('funnel').innerHTML = (funnelIds.length ? funnelIds : ['checkout']).map((f) => `<option>${esc(f)}</option>`).join('');
    $('experiment').innerHTML = experimentIds(experiments).map((e) => `<option>${esc(e)}</option>`).join('');
    $('filters').addEventListener('submit', (ev) => { ev.preventDefault(); run(); });
    $('funnel').addEventListener('change', run);
    $('experiment').addEventListener('change', run);
    await run();
  }

  async function run() {
    try {
      await load();
      window.insights.loaded = true;
      document.body.dataset.loaded = 'true';
    } catch (e) {
      document.body.dataset.loaded = 'error';
      $('kpis').innerHTML = `<div class="error-box">Could not load the insights: ${esc(e.message)}</div>`;
    }
  }

  init().catch((e) => {
    document.body.dataset.loaded = 'error';
    $('kpis').innerHTML = `<div class="error-box">Could not load the insights: ${esc(e.message)}</div>`;
  });
})();
