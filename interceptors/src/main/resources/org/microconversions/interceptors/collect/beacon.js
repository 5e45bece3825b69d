/*! Micro Conversions beacon | browser-side micro conversions, first party, consent aware | docs/beacon.md */
(function (w, d) {
  'use strict';
  if (w.microConversions && w.microConversions.v) return; // loaded twice: keep the first
  var noop = function () {};
  // Every entry point runs through guard(): the script never throws into the page.
  var guard = function (f) {
    return function () {
      try { return f.apply(this, arguments); } catch (e) { return undefined; }
    };
  };
  var on = function (t, type, f, capture) {
    try { t.addEventListener(type, guard(f), capture === true ? true : { passive: true }); } catch (e) { /* ignore */ }
  };
  var api = { v: 1, track: function () { return false; }, consent: noop, consented: function () { return null; }, flush: noop };
  w.microConversions = api;

  try {
    var script = d.currentScript || d.querySelector('script[src*="microconversions/beacon"]') || { getAttribute: noop, src: '' };
    var opt = function (n, dflt) { var v = script.getAttribute('data-' + n); return v == null ? dflt : v; };
    var nums = function (n, dflt) {
      return String(opt(n, dflt)).split(',').map(Number).filter(function (x) { return x > 0; }).sort(function (a, b) { return a - b; });
    };
    var ENDPOINT = opt('endpoint', '') || String(script.src).replace(/beacon(\.min)?\.js([?#].*)?$/, 'collect');
    var MODE = opt('consent', 'required'); // off | implied | required
    var AUTO = {};
    String(opt('auto', 'engaged-time,scroll-depth,tel,directions,downloads,outbound,video,visit'))
      .split(',').forEach(function (a) { AUTO[a.trim()] = 1; });
    var ENGAGED = nums('engaged', '10,30,60');
    var SCROLL = nums('scroll', '25,50,75,90');
    var PAGES = +opt('pages', 3);
    var TIME_ON_SITE = +opt('time-on-site', 120);
    var BATCH = +opt('batch', 10);
    var INTERVAL = +opt('interval', 5000);
    var SPA = opt('spa', null) != null;
    // Keep in step with the server's microconversions.collect.names: one unknown name makes the
    // server refuse the whole batch, so track() refuses it here instead.
    var NAMES = Object.create(null);
    String(opt('names', 'video-play,video-complete,scroll-depth,engaged-time,share,click-to-call,click-for-directions,' +
      'file-download,outbound-link,pages-per-visit,returning-visitor,time-on-site,review-read'))
      .split(',').forEach(function (n) { NAMES[n.trim()] = 1; });
    var DL = new RegExp('\\.(' + opt('downloads', 'pdf,zip,gz,tgz,rar,7z,doc,docx,xls,xlsx,ppt,pptx,csv,txt,rtf,odt,ods,epub,mp3,mp4,mov,dmg,exe,msi,apk') .split(',').join('|') + ')$', 'i');
    var MAPS = /(^|\.)(maps\.google\.[a-z.]+|maps\.apple\.com|maps\.app\.goo\.gl|openstreetmap\.org|osm\.org|waze\.com)$|^(www\.)?google\.[a-z.]+\/maps|^goo\.gl\/maps|^(www\.)?bing\.com\/maps/i;
    var COOKIE = 'mc_consent';
    var VISIT = 'mc_visit'; // sessionStorage: this visit
    var SEEN = 'mc_seen'; // localStorage: start of the latest visit, for returning-visitor
    var VISIT_IDLE = 30 * 60 * 1000;
    var MAX_EVENTS = 50; // server limit per request
    var MAX_CHARS = 60000; // sendBeacon/keepalive allow 64 KiB in flight

    var queue = [];
    var timer = 0;
    var started = false;

    var cookie = function () {
      var m = d.cookie.match(/(?:^|;\s*)mc_consent=(granted|denied)/);
      return m ? m[1] : null;
    };
    var gpc = function () { return navigator.globalPrivacyControl === true; };
    // The rule: required → only an explicit grant (the cookie, set by consent(true)) counts.
    // implied → collect unless denied; with GPC on, implied becomes required. off → always.
    var allowed = function () {
      var c = cookie();
      if (MODE === 'off') return true;
      if (MODE === 'implied' && !gpc()) return c !== 'denied';
      return c === 'granted';
    };

    var uuid = function () {
      var c = w.crypto;
      if (c && c.randomUUID) return c.randomUUID();
      var b = new Uint8Array(16);
      if (c && c.getRandomValues) c.getRandomValues(b);
      else for (var i = 0; i < 16; i++) b[i] = Math.random() * 256;
      b[6] = (b[6] & 15) | 64;
      b[8] = (b[8] & 63) | 128;
      var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
      return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
    };

    // attribute keys [a-z][a-z0-9_]* ≤ 40 chars; ≤ 10 attributes (9 with GPC: the server adds
    // one); string values ≤ 100 UTF-16 units without control characters or lone surrogates
    var clean = function (attrs) {
      var out = {}, n = 0, max = gpc() ? 9 : 10;
      Object.keys(attrs || {}).forEach(function (k) {
        var v = attrs[k];
        var key = k.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 40);
        if (v == null || typeof v === 'object' || !/^[a-z]/.test(key) || n >= max) return;
        v = String(v).replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
          .replace(/[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]/g, function (m) { return m.length > 1 ? m : ''; })
          .slice(0, 100);
        out[key] = /[\ud800-\udbff]$/.test(v) ? v.slice(0, -1) : v;
        n++;
      });
      return out;
    };

    var send = function (body) {
      try {
        if (navigator.sendBeacon && navigator.sendBeacon(ENDPOINT, body)) return;
      } catch (e) { /* fall back */ }
      if (w.fetch) {
        w.fetch(ENDPOINT, { method: 'POST', body: body, keepalive: true, credentials: 'same-origin', headers: { 'Content-Type': 'text/plain' } })
          .catch(noop);
      }
    };

    var flush = function () {
      clearTimeout(timer);
      timer = 0;
      if (!allowed()) { queue = []; return; }
      while (queue.length) {
        var batch = [], chars = 12;
        while (queue.length && batch.length < MAX_EVENTS) {
          var len = JSON.stringify(queue[0]).length + 1;
          if (batch.length && chars + len > MAX_CHARS) break;
          chars += len;
          batch.push(queue.shift());
        }
        send(JSON.stringify({ events: batch }));
      }
    };

    var track = function (name, attributes) {
      if (!NAMES[name] || !allowed()) return false;
      queue.push({ id: uuid(), name: name, ts: Date.now(), attributes: clean(attributes) });
      if (queue.length >= BATCH) flush();
      else if (!timer) timer = setTimeout(guard(flush), INTERVAL);
      return true;
    };

    // ---- visit thresholds (sessionStorage / localStorage, only once consent allows) ----
    var store = function (s, k, v) {
      try {
        if (v === undefined) return JSON.parse(w[s].getItem(k));
        if (v === null) w[s].removeItem(k); else w[s].setItem(k, JSON.stringify(v));
      } catch (e) { return null; }
    };
    var visit = function () {
      var now = Date.now(), v = store('sessionStorage', VISIT);
      if (!v || now - v.l > VISIT_IDLE) {
        v = { s: now, l: now, p: 0, r: 0, t: 0 };
        var prev = store('localStorage', SEEN);
        if (prev && prev < now - 1000 && track('returning-visitor', { days_since: Math.floor((now - prev) / 864e5) })) v.r = 1;
        store('localStorage', SEEN, now);
      }
      v.l = now;
      return v;
    };
    var pageView = function () {
      if (!AUTO.visit || !allowed()) return;
      var v = visit();
      v.p++;
      if (v.p === PAGES) track('pages-per-visit', { pages: PAGES });
      store('sessionStorage', VISIT, v);
    };
    var tickVisit = function () {
      if (!AUTO.visit || !allowed()) return;
      var v = store('sessionStorage', VISIT);
      if (v && !v.t && Date.now() - v.s >= TIME_ON_SITE * 1000 && track('time-on-site', { seconds: TIME_ON_SITE })) {
        v.t = 1;
        store('sessionStorage', VISIT, v);
      }
    };

    // ---- engaged time: seconds while the page is visible ----
    var engaged = 0, engagedDone = 0;
    var tick = function () {
      if (d.visibilityState === 'visible') engaged++;
      if (AUTO['engaged-time'] && engagedDone < ENGAGED.length && engaged >= ENGAGED[engagedDone] &&
          track('engaged-time', { seconds: ENGAGED[engagedDone] })) engagedDone++;
      tickVisit();
    };

    // ---- scroll depth: how far down the scrollable distance the visitor went ----
    var scrollDone = 0;
    var onScroll = function () {
      if (!AUTO['scroll-depth']) return;
      var el = d.documentElement, h = Math.max(el.scrollHeight, d.body ? d.body.scrollHeight : 0) - w.innerHeight;
      var pct = h > 0 ? w.scrollY / h * 100 : 0;
      while (scrollDone < SCROLL.length && pct >= SCROLL[scrollDone] - 0.5 &&
             track('scroll-depth', { percent: SCROLL[scrollDone] })) scrollDone++;
    };

    // ---- clicks: declared conversions, then tel:, maps, downloads, outbound ----
    var onClick = function (e) {
      var t = e.target && e.target.closest ? e.target : e.target && e.target.parentElement;
      if (!t) return;
      var el = t.closest('[data-micro-conversion]');
      if (el) {
        var attrs = {};
        Object.keys(el.dataset).forEach(function (k) {
          if (/^mc[A-Z]/.test(k)) attrs[k.charAt(2).toLowerCase() + k.slice(3)] = el.dataset[k];
        });
        track(el.getAttribute('data-micro-conversion'), attrs);
        return;
      }
      var a = t.closest('a[href]');
      if (!a) return;
      var href = a.getAttribute('href') || '', u;
      if (/^tel:/i.test(href)) { if (AUTO.tel) track('click-to-call'); return; }
      if (/^geo:/i.test(href)) { if (AUTO.directions) track('click-for-directions', { provider: 'geo' }); return; }
      try { u = new URL(a.href, location.href); } catch (x) { return; }
      if (!/^https?:$/.test(u.protocol)) return;
      if (MAPS.test(u.hostname) || MAPS.test(u.hostname + u.pathname)) {
        if (AUTO.directions) track('click-for-directions', { provider: u.hostname });
        return;
      }
      var m = u.pathname.match(DL);
      if (m || a.hasAttribute('download')) {
        if (AUTO.downloads) track('file-download', { extension: m ? m[1].toLowerCase() : '', file: u.pathname.split('/').pop() });
        return;
      }
      if (u.host !== location.host && AUTO.outbound) track('outbound-link', { host: u.hostname });
    };

    // ---- <video>: play (once per playthrough) and complete ----
    var onMedia = function (e) {
      var v = e.target;
      if (!AUTO.video || !v || v.tagName !== 'VIDEO') return;
      var attrs = {
        title: v.getAttribute('data-mc-title') || v.getAttribute('title') || v.getAttribute('aria-label') ||
          String(v.currentSrc || '').split(/[?#]/)[0].split('/').pop()
      };
      if (isFinite(v.duration)) attrs.duration = Math.round(v.duration);
      if (e.type === 'play') {
        if (!v.__mcPlayed && track('video-play', attrs)) v.__mcPlayed = 1;
      } else if (track('video-complete', attrs)) {
        v.__mcPlayed = 0;
      }
    };

    var start = function () {
      if (started || !allowed()) return;
      started = true;
      pageView();
    };

    var consent = function (granted) {
      var secure = location.protocol === 'https:' ? '; Secure' : '';
      d.cookie = COOKIE + '=' + (granted ? 'granted' : 'denied') + '; Max-Age=34560000; Path=/; SameSite=Lax' + secure;
      if (granted) { start(); onScroll(); return; }
      queue = [];
      clearTimeout(timer);
      timer = 0;
      store('sessionStorage', VISIT, null);
      store('localStorage', SEEN, null);
    };

    api.track = guard(track);
    api.flush = guard(flush);
    api.consent = guard(consent);
    api.consented = guard(cookie);

    on(d, 'click', onClick, true);
    on(d, 'play', onMedia, true);
    on(d, 'ended', onMedia, true);
    on(w, 'scroll', onScroll);
    on(d, 'visibilitychange', function () { if (d.visibilityState === 'hidden') flush(); });
    on(w, 'pagehide', flush);
    if (SPA) {
      var url = location.href;
      var nav = function () {
        if (location.href === url) return; // a hash change fires popstate and hashchange
        url = location.href;
        scrollDone = 0;
        pageView();
      };
      on(w, 'hashchange', nav);
      on(w, 'popstate', nav);
    }
    setInterval(guard(tick), 1000);
    start();
  } catch (e) { /* never break the page */ }
})(window, document);
