/*! Micro Conversions beacon | docs/beacon.md */
// The readable source. The build (interceptors/pom.xml, `npm ci` + terser, package.json) minifies it
// into target/classes/org/microconversions/interceptors/collect/beacon.js, which CollectResource
// serves; BeaconBudgetTest fails the build when that file is over 2,048 bytes gzipped. Written for
// gzip: the same shapes again and again (`track('name', {...})`, `A.key &&`), few distinct helpers.
(function (w, d, nav, loc) {
  if (w.microConversions && w.microConversions.v) return; // loaded twice: keep the first
  var noop = function () {};
  // Every entry point runs through guard(): the script never throws into the page.
  var guard = function (f) {
    return function () {
      try { return f.apply(this, arguments); } catch (e) { /* undefined */ }
    };
  };
  // capture: true for clicks and media events (a page's stopPropagation does not hide them)
  var on = function (t, type, f, capture) {
    t.addEventListener(type, guard(f), capture || { passive: true });
  };

  try {
    var script = d.currentScript || d.querySelector('script[src*="microconversions/beacon"]') || { getAttribute: noop, src: '' };
    var opt = function (n, dflt) { var v = script.getAttribute('data-' + n); return v == null ? dflt : v; };
    // a comma separated option as a set: {item: 1}
    var set = function (n, dflt) {
      var s = Object.create(null);
      String(opt(n, dflt)).split(',').forEach(function (a) { s[a.trim()] = 1; });
      return s;
    };
    // a comma separated option as ascending positive numbers (milestones)
    var nums = function (n, dflt) {
      return String(opt(n, dflt)).split(',').map(Number).filter(function (x) { return x > 0; }).sort(function (a, b) { return a - b; });
    };
    var ENDPOINT = opt('endpoint', '') || String(script.src).replace(/beacon(\.min)?\.js([?#].*)?$/, 'collect');
    var MODE = opt('consent', 'required'); // off | implied | required
    var AUTO = set('auto', 'engaged-time,scroll-depth,tel,directions,downloads,outbound,video,visit');
    var ENGAGED = nums('engaged', '10,30,60');
    var SCROLL = nums('scroll', '25,50,75,90');
    var PAGES = +opt('pages', 3);
    var TIME_ON_SITE = +opt('time-on-site', 120);
    var BATCH = +opt('batch', 10);
    var INTERVAL = +opt('interval', 5000);
    // Keep in step with the server's microconversions.collect.names: one unknown name makes the
    // server refuse the whole batch, so track() refuses it here instead.
    var NAMES = set('names', 'video-play,video-complete,scroll-depth,engaged-time,share,click-to-call,click-for-directions,' +
      'file-download,outbound-link,pages-per-visit,returning-visitor,time-on-site,review-read');
    var DL = RegExp('\\.(' + opt('downloads', 'pdf,zip,gz,tgz,rar,7z,doc,docx,xls,xlsx,ppt,pptx,csv,txt,rtf,odt,ods,epub,mp3,mp4,mov,dmg,exe,msi,apk').split(',').join('|') + ')$', 'i');
    // tested on the host name and on host name + path
    var MAPS = /(^|\.)(maps\.google\.[a-z.]+|maps\.apple\.com|maps\.app\.goo\.gl|openstreetmap\.org|osm\.org|waze\.com)$|^((www\.)?(google\.[a-z.]+|bing\.com)|goo\.gl)\/maps/i;
    var SS = 'sessionStorage'; // mc_visit: this visit
    var LS = 'localStorage'; // mc_seen: start of the latest visit, for returning-visitor

    var queue = [];
    var timer = 0;
    var started = 0;
    var engaged = 0, engagedDone = 0, scrollDone = 0;

    var cookie = function () {
      var m = d.cookie.match(/(^|;\s*)mc_consent=(granted|denied)/);
      return m ? m[2] : null;
    };
    var gpc = function () { return nav.globalPrivacyControl === true; };
    // The rule: required → only an explicit grant (the cookie, set by consent(true)) counts.
    // implied → collect unless denied; with GPC on, implied becomes required. off → always.
    var allowed = function () {
      return MODE === 'off' || (MODE === 'implied' && !gpc() ? cookie() !== 'denied' : cookie() === 'granted');
    };

    var track = function (name, attrs) {
      if (!NAMES[name] || !allowed()) return false;
      // attribute keys [a-z][a-z0-9_]* ≤ 40 chars; ≤ 10 attributes (9 with GPC: the server adds
      // one); string values ≤ 100 UTF-16 units without control characters or lone surrogates
      var out = {}, n = gpc() ? 9 : 10;
      Object.keys(attrs || {}).forEach(function (k) {
        var v = attrs[k];
        k = k.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 40);
        if (v != null && typeof v !== 'object' && /^[a-z]/.test(k) && n-- > 0) {
          out[k] = String(v).replace(/[\0-\x1f\x7f-\x9f]|([\ud800-\udbff][\udc00-\udfff])|[\ud800-\udfff]/g, '$1')
            .slice(0, 100).replace(/[\ud800-\udbff]$/, '');
        }
      });
      // RFC 4122 v4: crypto.randomUUID only exists on https and localhost
      var c = w.crypto;
      queue.push({
        id: c.randomUUID ? c.randomUUID() : '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, function (x) {
          return (x ^ c.getRandomValues(new Uint8Array(1))[0] & 15 >> x / 4).toString(16);
        }),
        name: name, ts: Date.now(), attributes: out
      });
      if (queue.length >= BATCH) flush();
      else timer = timer || setTimeout(guard(flush), INTERVAL);
      return true;
    };

    // Batches of ≤ 50 events (the server's limit) and ≤ 60,000 characters (sendBeacon and keepalive
    // allow 64 KiB in flight); sendBeacon, or fetch with keepalive when it is missing or refuses.
    var flush = function () {
      clearTimeout(timer);
      timer = 0;
      if (!allowed()) queue = [];
      while (queue.length) {
        var batch = [], chars = 12;
        while (queue.length && batch.length < 50 &&
               ((chars += JSON.stringify(queue[0]).length + 1) <= 60000 || !batch.length)) {
          batch.push(queue.shift());
        }
        var body = JSON.stringify({ events: batch });
        try {
          if (nav.sendBeacon(ENDPOINT, body)) continue;
        } catch (e) { /* fall back */ }
        w.fetch(ENDPOINT, { method: 'POST', body: body, keepalive: true }).catch(noop);
      }
    };

    // ---- visit thresholds (sessionStorage / localStorage, only once consent allows) ----
    var store = function (s, k, v) {
      try {
        if (v === undefined) return JSON.parse(w[s].getItem(k));
        if (v === null) w[s].removeItem(k); else w[s].setItem(k, JSON.stringify(v));
      } catch (e) { return null; }
    };
    var visit = function (now, view) {
      if (!AUTO.visit || !allowed()) return;
      var v = store(SS, 'mc_visit'), prev;
      if (view) {
        if (!v || now - v.l > 18e5) { // a new visit after 30 minutes without a page view
          v = { s: now, l: now, p: 0, r: 0, t: 0 };
          prev = store(LS, 'mc_seen');
          if (prev && prev < now - 1000 && track('returning-visitor', { days_since: Math.floor((now - prev) / 864e5) })) v.r = 1;
          store(LS, 'mc_seen', now);
        }
        v.l = now;
        if (++v.p === PAGES) track('pages-per-visit', { pages: PAGES });
      } else if (!v || v.t || now - v.s < TIME_ON_SITE * 1000 || !track('time-on-site', { seconds: TIME_ON_SITE })) {
        return;
      } else {
        v.t = 1;
      }
      store(SS, 'mc_visit', v);
    };

    // ---- scroll depth: how far down the scrollable distance the visitor went ----
    var onScroll = function () {
      var el = d.documentElement, h = Math.max(el.scrollHeight, d.body ? d.body.scrollHeight : 0) - w.innerHeight;
      var pct = h > 0 ? w.scrollY / h * 100 : 0;
      while (AUTO['scroll-depth'] && scrollDone < SCROLL.length && pct >= SCROLL[scrollDone] - 0.5 &&
             track('scroll-depth', { percent: SCROLL[scrollDone] })) scrollDone++;
    };

    var start = function () {
      if (!started && allowed()) {
        started = 1;
        visit(Date.now(), 1);
      }
    };

    // The API exists once the script is set up: a page checks `window.microConversions` first, as
    // it must anyway for a missing script (404 while collect is off).
    w.microConversions = { v: 1, track: guard(track), flush: guard(flush), consented: guard(cookie), consent: guard(function (granted) {
      d.cookie = 'mc_consent=' + (granted ? 'granted' : 'denied') + '; Max-Age=34560000; Path=/; SameSite=Lax' +
        (loc.protocol === 'https:' ? '; Secure' : '');
      if (granted) {
        start();
        onScroll();
      } else {
        queue = [];
        clearTimeout(timer);
        timer = 0;
        store(SS, 'mc_visit', null);
        store(LS, 'mc_seen', null);
      }
    }) };

    // ---- clicks: declared conversions, then tel:, maps, downloads, outbound ----
    on(d, 'click', function (e) {
      var t = e.target.closest ? e.target : e.target.parentElement;
      var el = t.closest('[data-micro-conversion]'), a = t.closest('a[href]'), attrs = {}, href, u, m;
      if (el) {
        Object.keys(el.dataset).forEach(function (k) {
          if (/^mc[A-Z]/.test(k)) attrs[k.charAt(2).toLowerCase() + k.slice(3)] = el.dataset[k];
        });
        track(el.getAttribute('data-micro-conversion'), attrs);
      } else if (a) {
        href = a.getAttribute('href');
        if (/^tel:/i.test(href)) AUTO.tel && track('click-to-call');
        else if (/^geo:/i.test(href)) AUTO.directions && track('click-for-directions', { provider: 'geo' });
        else if (/^https?:$/.test((u = new URL(a.href, loc.href)).protocol)) {
          m = u.pathname.match(DL);
          if (MAPS.test(u.hostname) || MAPS.test(u.hostname + u.pathname)) AUTO.directions && track('click-for-directions', { provider: u.hostname });
          else if (m || a.hasAttribute('download')) AUTO.downloads && track('file-download', { extension: m ? m[1].toLowerCase() : '', file: u.pathname.split('/').pop() });
          else if (u.host !== loc.host) AUTO.outbound && track('outbound-link', { host: u.hostname });
        }
      }
    }, true);

    // ---- <video>: play (once per playthrough) and complete ----
    var onMedia = function (e) {
      var v = e.target, attrs;
      if (AUTO.video && v.tagName === 'VIDEO') {
        attrs = {
          title: v.getAttribute('data-mc-title') || v.getAttribute('title') || v.getAttribute('aria-label') ||
            String(v.currentSrc || '').split(/[?#]/)[0].split('/').pop()
        };
        if (isFinite(v.duration)) attrs.duration = Math.round(v.duration);
        if (e.type === 'play') {
          if (!v.__mc && track('video-play', attrs)) v.__mc = 1;
        } else if (track('video-complete', attrs)) {
          v.__mc = 0;
        }
      }
    };
    on(d, 'play', onMedia, true);
    on(d, 'ended', onMedia, true);
    on(w, 'scroll', onScroll);
    on(d, 'visibilitychange', function () { d.visibilityState === 'hidden' && flush(); });
    on(w, 'pagehide', flush);
    if (opt('spa', null) != null) {
      var url = loc.href;
      var navigated = function () {
        if (loc.href !== url) { // a hash change fires popstate and hashchange
          url = loc.href;
          scrollDone = 0;
          visit(Date.now(), 1);
        }
      };
      on(w, 'hashchange', navigated);
      on(w, 'popstate', navigated);
    }
    // ---- engaged time (seconds while the page is visible) and time on site, once a second ----
    setInterval(guard(function () {
      if (d.visibilityState === 'visible') engaged++;
      if (AUTO['engaged-time'] && engaged >= ENGAGED[engagedDone] &&
          track('engaged-time', { seconds: ENGAGED[engagedDone] })) engagedDone++;
      visit(Date.now());
    }), 1000);
    start();
  } catch (e) { /* never break the page */ }
})(window, document, navigator, location);
