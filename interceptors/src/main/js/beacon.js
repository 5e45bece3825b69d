/*! Micro Conversions beacon | docs/beacon.md */
// The readable source. The build (interceptors/pom.xml, `npm ci` + terser, package.json) minifies it
// into target/classes/org/microconversions/interceptors/collect/beacon.js, which CollectResource
// serves; the build fails when that file is over 2,000 bytes gzipped. Written for gzip: the same
// shapes again and again (`track('name', {...})`, `A.key &&`), few distinct helpers.
// The core: consent, the API, sending, declared conversions, engaged time and scroll depth. The
// link, video and visit rules are in beacon-extras.js, loaded only when data-auto names one.
(function (w, d, nav, loc) {
  if ((w.microConversions || 0).v) return; // loaded twice: keep the first
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
    var ENDPOINT = opt('endpoint', '') || script.src.replace(/beacon(\.min)?\.js([?#].*)?$/, 'collect');
    var MODE = opt('consent', 'required'); // off | implied | required
    var AUTO = set('auto', 'engaged-time,scroll-depth');
    var ENGAGED = nums('engaged', '10,30,60');
    var SCROLL = nums('scroll', '25,50,75,90');
    var BATCH = +opt('batch', 10);
    var INTERVAL = +opt('interval', 5000);
    // Keep in step with the server's microconversions.collect.names: one unknown name makes the
    // server refuse the whole batch, so track() refuses it here instead.
    var NAMES = set('names', 'video-play,video-complete,scroll-depth,engaged-time,share,click-to-call,click-for-directions,' +
      'file-download,outbound-link,pages-per-visit,returning-visitor,time-on-site,review-read');
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

    // beacon-extras.js registers here: 1 a page view, 0 a second passed, nothing a decline
    var hooks = [];
    var emit = function (kind) {
      hooks.forEach(function (h) { h(kind); });
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
        emit(1);
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
        flush(); // sends nothing: stops the timer
        emit();
        // the extras' visit keys, also when this page does not load them
        try { w.sessionStorage.removeItem('mc_visit'); w.localStorage.removeItem('mc_seen'); } catch (e) { /* none */ }
      }
    }),
    // for beacon-extras.js only, not an API (short keys: they are not minified)
    _: { t: track, a: allowed, o: opt, on: on, A: AUTO, h: hooks } };

    // ---- clicks on declared conversions (beacon-extras.js has the link rules) ----
    on(d, 'click', function (e) {
      var t = e.target.closest ? e.target : e.target.parentElement;
      var el = t.closest('[data-micro-conversion]'), attrs = {};
      if (el) {
        Object.keys(el.dataset).forEach(function (k) {
          if (/^mc[A-Z]/.test(k)) attrs[k[2].toLowerCase() + k.slice(3)] = el.dataset[k];
        });
        track(el.getAttribute('data-micro-conversion'), attrs);
      }
    }, true);
    on(w, 'scroll', onScroll);
    on(d, 'visibilitychange', function () { d.hidden && flush(); });
    on(w, 'pagehide', flush);
    if (opt('spa', null) != null) {
      var url = loc.href;
      var navigated = function () {
        if (loc.href !== url) { // a hash change fires popstate and hashchange
          url = loc.href;
          scrollDone = 0;
          emit(1);
        }
      };
      on(w, 'hashchange', navigated);
      on(w, 'popstate', navigated);
    }
    // ---- engaged time (seconds while the page is visible) and time on site, once a second ----
    setInterval(guard(function () {
      if (!d.hidden) engaged++;
      if (AUTO['engaged-time'] && engaged >= ENGAGED[engagedDone] &&
          track('engaged-time', { seconds: ENGAGED[engagedDone] })) engagedDone++;
      emit(0);
    }), 1000);
    start();
    // the build pins the version (…?v=<hash of the built file>), so the pair is cached together
    if (script.src && /tel|directions|downloads|outbound|video|visit/.test(opt('auto', ''))) {
      var x = d.createElement('script');
      x.src = script.src.replace(/beacon(\.min)?\.js([?#].*)?$/, 'beacon-extras.js?v=dev');
      d.head.appendChild(x);
    }
  } catch (e) { /* never break the page */ }
})(window, document, navigator, location);
