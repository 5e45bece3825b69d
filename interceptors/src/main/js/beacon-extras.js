/*! Micro Conversions beacon extras | docs/beacon.md */
// The readable source of the beacon's optional rules: links (tel:, maps, downloads, outbound),
// <video>, and the visit thresholds. beacon.js loads it, only when its data-auto names one of them,
// and hands it its internals (window.microConversions._); the build minifies it beside beacon.js.
(function (w, d, loc) {
  var X = w.microConversions && w.microConversions._;
  if (!X || X.x) return; // without the beacon, or loaded twice
  X.x = 1;
  var track = X.t, allowed = X.a, opt = X.o, on = X.on, AUTO = X.A;
  var PAGES = +opt('pages', 3);
  var TIME_ON_SITE = +opt('time-on-site', 120);
  var DL = RegExp('\\.(' + opt('downloads', 'pdf,zip,gz,tgz,rar,7z,doc,docx,xls,xlsx,ppt,pptx,csv,txt,rtf,odt,ods,epub,mp3,mp4,mov,dmg,exe,msi,apk').split(',').join('|') + ')$', 'i');
  // tested on the host name and on host name + path
  var MAPS = /(^|\.)(maps\.google\.[a-z.]+|maps\.apple\.com|maps\.app\.goo\.gl|openstreetmap\.org|osm\.org|waze\.com)$|^((www\.)?(google\.[a-z.]+|bing\.com)|goo\.gl)\/maps/i;
  var SS = 'sessionStorage'; // mc_visit: this visit
  var LS = 'localStorage'; // mc_seen: start of the latest visit, for returning-visitor

  // ---- visit thresholds (sessionStorage / localStorage, only once consent allows) ----
  var store = function (s, k, v) {
    try {
      if (v === undefined) return JSON.parse(w[s].getItem(k));
      w[s].setItem(k, JSON.stringify(v));
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
  // 1 a page view, 0 a second passed, nothing a decline (beacon.js has removed the keys then)
  X.h.push(function (kind) {
    if (kind != null) visit(Date.now(), kind);
  });
  visit(Date.now(), 1); // the page view beacon.js saw before this file arrived

  // ---- clicks on links: tel:, maps, downloads, outbound (a declared conversion is beacon.js's) ----
  on(d, 'click', function (e) {
    var t = e.target.closest ? e.target : e.target.parentElement;
    var a = !t.closest('[data-micro-conversion]') && t.closest('a[href]'), href, u, m;
    if (a) {
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
})(window, document, location);
