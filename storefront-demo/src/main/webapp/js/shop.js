/* Nordlicht & Co.: a tiny single-page shop on top of the JAX-RS API under /api. */
(function () {
  'use strict';
  const view = document.getElementById('view');
  const eur = new Intl.NumberFormat('en-IE', { style: 'currency', currency: 'EUR' });
  const money = (v) => eur.format(Number(v));
  const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const state = { categories: [], products: [] };

  async function api(path, options = {}) {
    const init = { credentials: 'same-origin', headers: { Accept: 'application/json' }, ...options };
    if (options.body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    const res = await fetch('api/' + path, init);
    const data = res.status === 204 ? null : await res.json().catch(() => null);
    if (!res.ok) {
      const err = new Error((data && data.error) || ('HTTP ' + res.status));
      err.status = res.status;
      throw err;
    }
    return data;
  }

  let toastTimer;
  function toast(message, isError) {
    const t = document.getElementById('toast');
    t.textContent = message;
    t.className = 'toast show' + (isError ? ' err' : '');
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { t.className = 'toast'; }, 2600);
  }

  function setCounts(cart) {
    const c = document.getElementById('cart-count');
    const w = document.getElementById('wish-count');
    c.textContent = cart.count; c.classList.toggle('zero', cart.count === 0);
    w.textContent = cart.wishlistCount; w.classList.toggle('zero', cart.wishlistCount === 0);
  }
  // Cart answers can arrive out of order (the badge refresh at start-up may answer after an add):
  // the badge shows the answer to the latest request that has answered, never an older one.
  let cartAsked = 0;
  let cartShown = 0;
  function cartApi(path, options) {
    const n = ++cartAsked;
    return api(path, options).then((cart) => {
      if (n > cartShown) { cartShown = n; setCounts(cart); }
      return cart;
    });
  }
  const refreshCounts = () => cartApi('cart').catch(() => {});

  const stars = (p) => '★★★★★'.slice(0, Math.round(p.rating)) + '☆☆☆☆☆'.slice(0, 5 - Math.round(p.rating))
    + `<span>${p.rating.toFixed(1)} (${p.reviews})</span>`;
  const categoryName = (id) => (state.categories.find((c) => c.id === id) || { name: id }).name;

  function card(p) {
    const tag = p.badge ? `<span class="tag ${p.badge === 'New' ? 'new' : ''}">${esc(p.badge)}</span>` : '';
    return `<article class="card">
      <a class="card-art" href="#/product/${p.id}" style="${ProductArt.background(p)}">${tag}${ProductArt.svg(p)}</a>
      <div class="card-body">
        <a class="card-title" href="#/product/${p.id}">${esc(p.name)}</a>
        <div class="stars">${stars(p)}</div>
        <div class="card-summary">${esc(p.summary)}</div>
        <div class="card-foot"><span class="price">${money(p.price)}</span>
          <button class="btn btn-primary btn-small" data-add="${p.id}">Add to cart</button></div>
      </div></article>`;
  }

  function renderCategories(active) {
    const chips = [{ id: '', name: 'All products' }, ...state.categories]
      .map((c) => `<a class="chip ${c.id === (active || '') ? 'active' : ''}" href="#/${c.id ? 'category/' + c.id : ''}">${esc(c.name)}</a>`);
    document.getElementById('categories').innerHTML = chips.join('');
  }

  async function home(category, query) {
    renderCategories(category);
    const params = new URLSearchParams();
    if (category) params.set('category', category);
    if (query) params.set('q', query);
    const products = await api('products' + (params.toString() ? '?' + params : ''));
    const hero = !category && !query ? `<section class="hero">
        <div><h1>Thoughtful goods<br>for everyday life.</h1>
        <p>Mugs from Porto, oak from the Vosges, wool from the Alps: sixteen things we love, made to last.</p>
        <a class="btn btn-accent" href="#/category/kitchen">Shop the kitchen</a></div>
        <div class="hero-art">${['stoneware-mug', 'desk-lamp', 'trail-backpack'].map((id) => {
          const p = products.find((x) => x.id === id);
          return p ? `<div class="tile">${ProductArt.svg(p)}</div>` : '';
        }).join('')}</div></section>` : '';
    const title = query ? `Results for “${esc(query)}”` : category ? esc(categoryName(category)) : 'All products';
    view.innerHTML = `${hero}<div class="section-head"><h2>${title}</h2><span class="muted">${products.length} products</span></div>
      ${products.length ? `<div class="grid">${products.map(card).join('')}</div>`
        : `<div class="empty"><p>Nothing matches “${esc(query)}”. Try “mug” or “wool”.</p></div>`}`;
  }

  async function product(id) {
    renderCategories(null);
    let p;
    // the layout is an experiment (product_layout): the library assigns this visitor a variant
    const layoutRequest = api('experiments/product_layout').then((r) => r.variant).catch(() => 'classic');
    try {
      p = await api('products/' + encodeURIComponent(id));
    } catch (e) {
      view.innerHTML = `<div class="empty"><h2>Product not found</h2><p>${esc(e.message)}</p><a class="btn btn-primary" href="#/">Back to the shop</a></div>`;
      return;
    }
    const layout = await layoutRequest;
    document.body.dataset.layout = layout;
    const crumbs = `<div class="crumbs"><a href="#/">Shop</a> / <a href="#/category/${p.category}">${esc(categoryName(p.category))}</a> / ${esc(p.name)}</div>`;
    const video = `<div class="video" id="video" title="Product video">
            <video src="media/product-tour.webm" muted playsinline preload="metadata" data-mc-title="${esc(p.id)}" aria-label="${esc(p.name)} in 12 seconds"></video>
            <div class="scene">${ProductArt.svg(p)}</div>
            <button type="button" class="play" aria-label="Play the product video"><svg viewBox="0 0 24 24" width="30" height="30"><path d="M8 5v14l11-7z" fill="#1f2933"/></svg></button>
            <div class="bar"><span>▶ ${esc(p.name)} in 12 seconds</span><div class="progress"><i></i></div><span>0:12</span></div>
          </div>`;
    const qtyBox = `<div class="qty"><button type="button" data-q="-1">−</button><input id="qty" value="1" inputmode="numeric" aria-label="Quantity"><button type="button" data-q="1">+</button></div>`;
    const share = `<details class="share" id="share">
              <summary class="btn btn-ghost">Share</summary>
              <div class="share-list">${shareLinks(p)}</div>
            </details>`;
    // the care guide and the maker's site: the beacon records them as file-download and outbound-link
    const perks = '<ul class="perks"><li>Ships in 1–2 working days</li><li>Free shipping from €50</li><li>30-day returns, no questions</li>'
      + '<li><a href="media/care-guide.pdf" target="_blank" rel="noopener">Care guide (PDF)</a></li>'
      + '<li>Made with <a href="https://www.example.org/makers/nordlicht" target="_blank" rel="noopener">our partner studios</a></li></ul>';
    if (layout === 'gallery') {
      // Experiment product_layout, variant "gallery": big gallery, a sticky buy box, one large call to action
      const shades = [ProductArt.background(p), `background: linear-gradient(135deg, ${p.accent}55, #ffffff)`, `background: linear-gradient(135deg, ${p.color}33, ${p.accent}33)`];
      view.innerHTML = `${crumbs}
      <section class="product product-gallery" data-layout="gallery">
        <div class="gallery">
          <div class="gallery-main" style="${shades[0]}">${ProductArt.svg(p)}${p.badge ? `<span class="tag">${esc(p.badge)}</span>` : ''}</div>
          <div class="gallery-thumbs">${shades.map((bg, i) => `<button type="button" class="thumb-btn ${i === 0 ? 'active' : ''}" data-shade="${i}" style="${bg}" aria-label="View ${i + 1}">${ProductArt.svg(p)}</button>`).join('')}</div>
          ${video}
        </div>
        <aside class="buybox">
          <h1>${esc(p.name)}</h1>
          <div class="stars">${stars(p)}</div>
          <div class="price big">${money(p.price)}</div>
          <p class="stock">● In stock · ships tomorrow</p>
          <div class="buy-row">${qtyBox}<button class="btn btn-accent btn-cta" id="add">Add to cart</button></div>
          <div class="actions">
            <button class="btn btn-primary" id="buy">Buy now</button>
            <button class="btn btn-ghost" id="wish">♡ Wishlist</button>
            ${share}
          </div>
          ${perks}
          <h3>About this piece</h3>
          <p>${esc(p.description)}</p>
        </aside>
      </section>`;
      view.querySelectorAll('[data-shade]').forEach((b) => b.addEventListener('click', () => {
        view.querySelector('.gallery-main').setAttribute('style', shades[Number(b.dataset.shade)]);
        view.querySelectorAll('[data-shade]').forEach((x) => x.classList.toggle('active', x === b));
      }));
    } else {
      view.innerHTML = `${crumbs}
      <section class="product" data-layout="classic">
        <div><div class="product-art" style="${ProductArt.background(p)}">${ProductArt.svg(p)}</div>
          ${video}</div>
        <div>
          <h1>${esc(p.name)}</h1>
          <div class="stars">${stars(p)}</div>
          <div class="price">${money(p.price)}</div>
          <p>${esc(p.description)}</p>
          <label class="muted">Quantity</label><br>
          ${qtyBox}
          <div class="actions">
            <button class="btn btn-primary" id="add">Add to cart</button>
            <button class="btn btn-accent" id="buy">Buy now</button>
            <button class="btn btn-ghost" id="wish">♡ Wishlist</button>
            ${share}
          </div>
          ${perks}
        </div>
      </section>`;
    }
    const qty = () => Number(document.getElementById('qty').value);
    view.querySelectorAll('[data-q]').forEach((b) => b.addEventListener('click', () => {
      const input = document.getElementById('qty');
      input.value = Math.max(1, Math.min(99, qty() + Number(b.dataset.q)));
    }));
    document.getElementById('add').addEventListener('click', () => addToCart(p.id, qty()));
    document.getElementById('buy').addEventListener('click', async () => {
      try { await api('buy-now', { method: 'POST', body: { productId: p.id, quantity: qty() } }); location.hash = '#/checkout'; }
      catch (e) { toast(e.message, true); }
    });
    document.getElementById('wish').addEventListener('click', async () => {
      try { await api('wishlist', { method: 'POST', body: { productId: p.id } }); toast('Saved to your wishlist'); refreshCounts(); }
      catch (e) { toast(e.message, true); }
    });
    // Browser-side conversions come from the Micro Conversions beacon (index.html): the <video>
    // records video-play / video-complete by itself, the share links carry data-micro-conversion.
    const box = document.getElementById('video');
    const player = box.querySelector('video');
    const bar = box.querySelector('.progress i');
    box.addEventListener('click', () => { if (player.paused) player.play().catch(() => {}); else player.pause(); });
    player.addEventListener('play', () => box.classList.add('playing'));
    player.addEventListener('pause', () => box.classList.remove('playing'));
    player.addEventListener('timeupdate', () => { bar.style.width = (player.currentTime / (player.duration || 12)) * 100 + '%'; });
    document.getElementById('copy-link').addEventListener('click', async (ev) => {
      ev.target.closest('details').open = false;
      const url = shareUrl(p, 'copy-link');
      try { await navigator.clipboard.writeText(url); toast('Link copied'); } catch (e) { toast(url); }
    });
  }

  const shareUrl = (p, network) => `${location.origin}${location.pathname}?utm_source=${network}&utm_medium=share#/product/${p.id}`;
  function shareLinks(p) {
    const text = encodeURIComponent(`${p.name} at Nordlicht & Co.`);
    const url = (n) => encodeURIComponent(shareUrl(p, n));
    return `<a href="mailto:?subject=${text}&amp;body=${url('email')}" data-micro-conversion="share" data-mc-network="email">✉ E-mail</a>
      <a href="https://x.com/intent/post?text=${text}&amp;url=${url('x')}" target="_blank" rel="noopener" data-micro-conversion="share" data-mc-network="x">𝕏 Post on X</a>
      <a href="https://www.facebook.com/sharer/sharer.php?u=${url('facebook')}" target="_blank" rel="noopener" data-micro-conversion="share" data-mc-network="facebook">f Facebook</a>
      <button type="button" id="copy-link" data-micro-conversion="share" data-mc-network="copy-link">⧉ Copy link</button>`;
  }

  async function addToCart(productId, quantity) {
    try {
      await cartApi('cart/items', { method: 'POST', body: { productId, quantity } });
      toast('Added to your cart');
    } catch (e) { toast(e.message, true); }
  }

  const byId = (id) => state.products.find((p) => p.id === id) || { art: 'tote', color: '#999999', accent: '#cccccc', name: id };
  const lineHtml = (l, removable) => {
    const p = byId(l.productId);
    return `<div class="line"><a class="thumb" href="#/product/${l.productId}" style="${ProductArt.background(p)}">${ProductArt.svg(p)}</a>
      <div><a href="#/product/${l.productId}"><strong>${esc(l.name)}</strong></a><div class="muted">${l.quantity} × ${money(l.unitPrice)}</div></div>
      <strong>${money(l.lineTotal)}</strong>
      ${removable ? `<button class="btn btn-ghost btn-small" data-remove="${l.productId}" aria-label="Remove">Remove</button>` : '<span></span>'}</div>`;
  };

  async function cart() {
    renderCategories(null);
    const c = await cartApi('cart');
    if (!c.items.length) {
      view.innerHTML = `<div class="empty"><h2>Your cart is empty</h2><p>Find something you will use every day.</p><a class="btn btn-primary" href="#/">Start shopping</a></div>`;
      return;
    }
    view.innerHTML = `<div class="section-head"><h2>Your cart</h2><span class="muted">${c.count} items</span></div>
      <div class="two-col"><div class="panel">${c.items.map((l) => lineHtml(l, true)).join('')}</div>
      <aside class="panel"><div class="sum"><span>Subtotal</span><strong>${money(c.subtotal)}</strong></div>
        <p class="muted">Shipping is calculated at checkout: free from €50.</p>
        <button class="btn btn-accent btn-block" id="to-checkout">Proceed to checkout</button></aside></div>`;
    view.querySelectorAll('[data-remove]').forEach((b) => b.addEventListener('click', async () => {
      try { await api('cart/items/' + encodeURIComponent(b.dataset.remove), { method: 'DELETE' }); cart(); }
      catch (e) { toast(e.message, true); }
    }));
    document.getElementById('to-checkout').addEventListener('click', async () => {
      try { await api('checkout', { method: 'POST' }); location.hash = '#/checkout'; }
      catch (e) { toast(e.message, true); }
    });
  }

  async function checkout() {
    renderCategories(null);
    let c;
    try { c = await api('checkout'); } catch (e) {
      view.innerHTML = `<div class="empty"><h2>No checkout in progress</h2><a class="btn btn-primary" href="#/cart">Go to your cart</a></div>`;
      return;
    }
    view.innerHTML = `<div class="section-head"><h2>Checkout</h2><span class="muted">Secure (pretend) payment</span></div>
      <div class="two-col"><form class="panel form" id="pay">
        <label>Full name<input name="name" autocomplete="name" required></label>
        <label>E-mail for the receipt<input name="email" type="email" autocomplete="email" required></label>
        <label>Shipping address<textarea name="address" rows="3" required></textarea></label>
        <label>Card number<input name="cardNumber" inputmode="numeric" value="4242 4242 4242 4242"></label>
        <button class="btn btn-accent btn-block" type="submit">Pay ${money(c.total)}</button>
        <p class="form-msg" id="pay-msg"></p></form>
      <aside class="panel">${c.items.map((l) => lineHtml(l, false)).join('')}
        <div class="sum"><span>Subtotal</span><span>${money(c.subtotal)}</span></div>
        <div class="sum"><span>Shipping</span><span>${Number(c.shipping) ? money(c.shipping) : 'Free'}</span></div>
        <div class="sum total"><span>Total</span><span>${money(c.total)}</span></div></aside></div>`;
    document.getElementById('pay').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const body = Object.fromEntries(new FormData(ev.target).entries());
      const msg = document.getElementById('pay-msg');
      try {
        const order = await api('orders', { method: 'POST', body });
        refreshCounts();
        view.innerHTML = `<div class="empty"><svg viewBox="0 0 24 24"><circle cx="12" cy="12" r="11" fill="#2a9d8f"/><path d="M7 12.5l3 3 7-7" stroke="#fff" stroke-width="2.4" fill="none"/></svg>
          <h2>Thank you, ${esc(order.name)}!</h2><p>Order <strong>${esc(order.id)}</strong> — ${money(order.total)} — is on its way.</p>
          <a class="btn btn-primary" href="#/journey">See your journey</a></div>`;
      } catch (e) { msg.className = 'form-msg err'; msg.textContent = e.message; }
    });
  }

  async function wishlist() {
    renderCategories(null);
    const items = await api('wishlist');
    view.innerHTML = `<div class="section-head"><h2>Your wishlist</h2><span class="muted">${items.length} saved</span></div>`
      + (items.length ? `<div class="grid">${items.map(card).join('')}</div>`
        : `<div class="empty"><p>Tap ♡ on a product to save it for later.</p><a class="btn btn-primary" href="#/">Browse products</a></div>`);
  }

  function store() {
    renderCategories(null);
    view.innerHTML = `<div class="section-head"><h2>Visit our store</h2><span class="muted">Porto, Ribeira</span></div>
      <section class="store"><div class="panel">
        <h3>Nordlicht &amp; Co. Porto</h3>
        <p>Rua da Fonte Taurina 12<br>4050-262 Porto, Portugal</p>
        <div class="hours"><span>Mon–Fri</span><span>10:00 – 19:00</span><span>Saturday</span><span>10:00 – 17:00</span><span>Sunday</span><span>closed</span></div>
        <div class="actions">
          <a class="btn btn-primary" href="tel:+351220000000">☎ Call +351 22 000 0000</a>
          <a class="btn btn-ghost" href="https://www.google.com/maps/dir/?api=1&amp;destination=41.1405,-8.6134" target="_blank" rel="noopener">Get directions</a>
        </div>
        <p class="muted">Come and hold the mugs before you buy one. We also wrap presents.</p>
      </div><div class="map" aria-label="Map of the store location"><div class="river"></div><div class="pin"></div><div class="label">We are here</div></div></section>`;
  }

  function account() {
    renderCategories(null);
    view.innerHTML = `<div class="section-head"><h2>Create your account</h2><span class="muted">Track orders, save your wishlist</span></div>
      <div class="two-col"><form class="panel form" id="signup">
        <label>Name<input name="name" autocomplete="name" required></label>
        <label>E-mail<input name="email" type="email" autocomplete="email" required></label>
        <label>Password (8+ characters)<input name="password" type="password" autocomplete="new-password" required></label>
        <button class="btn btn-primary" type="submit">Sign up</button><p class="form-msg" id="signup-msg"></p></form>
      <aside class="panel"><h3>Members get</h3><ul class="perks"><li>Early access to new arrivals</li><li>Order history and easy returns</li><li>A birthday surprise</li></ul></aside></div>`;
    document.getElementById('signup').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const msg = document.getElementById('signup-msg');
      try {
        const a = await api('accounts', { method: 'POST', body: Object.fromEntries(new FormData(ev.target).entries()) });
        msg.className = 'form-msg ok'; msg.textContent = `Welcome, ${a.name}! Your account is ready.`;
      } catch (e) { msg.className = 'form-msg err'; msg.textContent = e.message; }
    });
  }

  async function journey() {
    renderCategories(null);
    if (window.microConversions) window.microConversions.flush(); // browser steps still queued
    const steps = await api('me/conversions');
    const channel = (s) => [s.source, s.medium, s.campaign].filter(Boolean).join(' / ') || 'direct';
    view.innerHTML = `<div class="section-head"><h2>Your journey</h2><span class="muted">What this shop recorded about your visit</span></div>
      <div class="two-col"><div class="panel">${steps.length ? `<ul class="timeline">${steps.map((s) => `<li class="${s.kind}">
          <span class="dot"></span><div><strong>${esc(s.name)}</strong><span class="pill">${esc(s.kind)}</span>
          <div class="muted">${new Date(s.occurredAt).toLocaleString()} · via ${esc(channel(s))}</div></div>
          <strong>${s.value != null ? money(s.value) : ''}</strong></li>`).join('')}</ul>`
        : '<div class="empty"><p>Nothing yet. Look at a product, add it to your cart…</p></div>'}</div>
      <aside class="panel"><h3>What is this?</h3><p class="muted">Each step is a <em>micro conversion</em> recorded by one annotation,
        <code>@MicroConversion</code>, on the shop's REST methods. The purchase is the <em>macro</em> conversion, with its value.
        Steps only a browser sees (video plays, shares, scroll depth, calls, directions) come from the Micro Conversions beacon,
        if you accepted it. Recording can take a few seconds to show up here.</p></aside></div>`;
  }

  async function route() {
    const hash = decodeURIComponent(location.hash.replace(/^#\/?/, ''));
    const [page, arg] = hash.split('/');
    window.scrollTo(0, 0);
    try {
      if (page === 'product') await product(arg);
      else if (page === 'category') await home(arg, null);
      else if (page === 'search') await home(null, arg);
      else if (page === 'cart') await cart();
      else if (page === 'checkout') await checkout();
      else if (page === 'wishlist') await wishlist();
      else if (page === 'store') store();
      else if (page === 'account') account();
      else if (page === 'journey') await journey();
      else await home(null, null);
    } catch (e) {
      view.innerHTML = `<div class="empty"><h2>Something went wrong</h2><p>${esc(e.message)}</p></div>`;
    }
  }

  document.addEventListener('click', (ev) => {
    const add = ev.target.closest('[data-add]');
    if (add) { ev.preventDefault(); addToCart(add.dataset.add, 1); }
  });
  document.getElementById('search-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = document.getElementById('search').value.trim();
    location.hash = q ? '#/search/' + encodeURIComponent(q) : '#/';
  });
  document.getElementById('newsletter-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const msg = document.getElementById('newsletter-msg');
    try {
      const r = await api('newsletter', { method: 'POST', body: { email: document.getElementById('newsletter-email').value } });
      msg.className = 'form-msg ok';
      msg.textContent = r.alreadySubscribed ? 'You were already subscribed. Thank you!' : 'Thanks! The next letter is yours.';
    } catch (e) { msg.className = 'form-msg err'; msg.textContent = e.message; }
  });
  window.addEventListener('hashchange', route);

  // Consent banner for the beacon (data-consent="required"): shown until the visitor decides.
  // The beacon is deferred, so it is ready at DOMContentLoaded; without it there is nothing to ask.
  function consentBanner(force) {
    const mc = window.microConversions;
    const banner = document.getElementById('consent');
    if (!mc || !banner) return;
    banner.hidden = !force && mc.consented() != null;
    document.getElementById('consent-gpc').hidden = navigator.globalPrivacyControl !== true;
  }
  document.addEventListener('DOMContentLoaded', () => {
    consentBanner(false);
    const decide = (granted) => () => {
      window.microConversions.consent(granted);
      document.getElementById('consent').hidden = true;
      toast(granted ? 'Thank you! Small steps are now counted.' : 'Understood: nothing is counted in your browser.');
    };
    document.getElementById('consent-accept').addEventListener('click', decide(true));
    document.getElementById('consent-decline').addEventListener('click', decide(false));
    document.getElementById('privacy-choices').addEventListener('click', () => consentBanner(true));
  });

  Promise.all([api('categories'), api('products')]).then(([cats, products]) => {
    state.categories = cats;
    state.products = products;
    refreshCounts();
    route();
  }).catch(() => { view.innerHTML = '<div class="empty"><h2>The shop is waking up…</h2><p>Reload in a moment.</p></div>'; });
})();
