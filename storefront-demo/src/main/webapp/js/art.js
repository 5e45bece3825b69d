/* Product pictures, drawn as inline SVG: no image files, no external requests. */
(function () {
  'use strict';
  const shapes = {
    mug: (c, a) => `<path d="M22 30h44v34a12 12 0 0 1-12 12H34a12 12 0 0 1-12-12z" fill="${c}"/>
      <path d="M66 38h6a9 9 0 0 1 0 18h-6" fill="none" stroke="${c}" stroke-width="6"/>
      <path d="M22 36h44" stroke="${a}" stroke-width="4"/>
      <path d="M36 12c-3 5 3 8 0 13M46 10c-3 5 3 8 0 13M56 12c-3 5 3 8 0 13" stroke="${a}" stroke-width="3" fill="none" stroke-linecap="round"/>`,
    kettle: (c, a) => `<path d="M24 40h40l6 34H18z" fill="${c}"/><rect x="30" y="30" width="28" height="10" rx="3" fill="${a}"/>
      <path d="M30 30c0-10 28-10 28 0" fill="none" stroke="${a}" stroke-width="4"/>
      <path d="M64 50c12 0 14-14 24-20" fill="none" stroke="${c}" stroke-width="5" stroke-linecap="round"/>
      <path d="M24 40c-10 4-10 20 0 24" fill="none" stroke="${a}" stroke-width="5"/>`,
    board: (c, a) => `<rect x="14" y="22" width="62" height="56" rx="10" fill="${c}"/><circle cx="82" cy="50" r="8" fill="none" stroke="${c}" stroke-width="6"/>
      <rect x="20" y="28" width="50" height="44" rx="6" fill="none" stroke="${a}" stroke-width="2" stroke-dasharray="4 3"/>
      <path d="M30 42c8-4 20 4 30 0M30 52c10-3 18 3 28 0" stroke="${a}" stroke-width="2" fill="none"/>`,
    cushion: (c, a) => `<path d="M18 22q32 8 64 0q-8 28 0 56q-32-8-64 0q8-28 0-56z" fill="${c}"/>
      <path d="M26 32q24 6 48 0M26 68q24-6 48 0" stroke="${a}" stroke-width="3" fill="none"/><circle cx="50" cy="50" r="5" fill="${a}"/>`,
    lamp: (c, a) => `<rect x="28" y="80" width="40" height="8" rx="4" fill="${a}"/><path d="M48 80V50l18-22" stroke="${a}" stroke-width="5" fill="none" stroke-linecap="round"/>
      <path d="M52 18l30 14-10 14-28-16z" fill="${c}"/><path d="M70 46l-6 12" stroke="${c}" stroke-width="2" stroke-dasharray="2 3"/>
      <circle cx="48" cy="50" r="4" fill="${c}"/>`,
    planter: (c, a) => `<path d="M28 56h44l-6 30H34z" fill="${c}"/><rect x="24" y="50" width="52" height="8" rx="3" fill="${a}"/>
      <path d="M50 50C50 34 38 26 26 26c0 12 10 22 24 24M50 50c0-18 12-30 26-30 0 16-12 28-26 30M50 50V18" stroke="#2d6a4f" stroke-width="3" fill="#52b788"/>`,
    backpack: (c, a) => `<rect x="24" y="22" width="52" height="66" rx="16" fill="${c}"/><path d="M38 22v-6a12 12 0 0 1 24 0v6" fill="none" stroke="${a}" stroke-width="5"/>
      <rect x="32" y="56" width="36" height="22" rx="6" fill="${a}"/><path d="M32 64h36" stroke="${c}" stroke-width="2"/><rect x="44" y="34" width="12" height="6" rx="3" fill="${a}"/>`,
    bottle: (c, a) => `<rect x="36" y="10" width="28" height="12" rx="4" fill="${a}"/><path d="M34 26h32v58a8 8 0 0 1-8 8H42a8 8 0 0 1-8-8z" fill="${c}"/>
      <rect x="34" y="44" width="32" height="18" fill="${a}"/><rect x="38" y="22" width="24" height="6" fill="${c}"/>`,
    lantern: (c, a) => `<path d="M38 14h24M50 14v6" stroke="${a}" stroke-width="4"/><path d="M36 20h28l4 10H32z" fill="${a}"/>
      <rect x="34" y="30" width="32" height="44" rx="6" fill="${c}"/><rect x="40" y="36" width="20" height="32" rx="4" fill="#ffe8a3"/>
      <path d="M32 74h36l-4 10H36z" fill="${a}"/>`,
    headphones: (c, a) => `<path d="M20 60V48a30 30 0 0 1 60 0v12" fill="none" stroke="${c}" stroke-width="7"/>
      <rect x="14" y="54" width="18" height="30" rx="8" fill="${c}"/><rect x="68" y="54" width="18" height="30" rx="8" fill="${c}"/>
      <rect x="22" y="60" width="6" height="18" rx="3" fill="${a}"/><rect x="72" y="60" width="6" height="18" rx="3" fill="${a}"/>`,
    speaker: (c, a) => `<rect x="26" y="16" width="48" height="70" rx="14" fill="${c}"/><circle cx="50" cy="60" r="15" fill="${a}"/>
      <circle cx="50" cy="60" r="6" fill="${c}"/><circle cx="50" cy="32" r="6" fill="${a}"/>`,
    beanie: (c, a) => `<path d="M20 66a30 30 0 0 1 60 0z" fill="${c}"/><rect x="18" y="62" width="64" height="16" rx="5" fill="${a}"/>
      <circle cx="50" cy="28" r="9" fill="${a}"/><path d="M30 64c2-12 6-20 10-26M50 64V38M70 64c-2-12-6-20-10-26" stroke="${a}" stroke-width="2" opacity=".6"/>`,
    tote: (c, a) => `<path d="M22 36h56l-4 52H26z" fill="${c}"/><path d="M36 36c0-22 28-22 28 0" fill="none" stroke="${a}" stroke-width="5"/>
      <circle cx="50" cy="62" r="10" fill="none" stroke="${a}" stroke-width="3"/><path d="M44 62l4 4 8-8" stroke="${a}" stroke-width="3" fill="none"/>`,
    notebook: (c, a) => `<rect x="24" y="14" width="52" height="72" rx="5" fill="${c}"/><rect x="66" y="14" width="5" height="72" fill="${a}"/>
      <path d="M60 86v8l4-3 4 3v-8" fill="${a}"/><rect x="32" y="30" width="26" height="10" rx="2" fill="#fff" opacity=".9"/>`,
    pen: (c, a) => `<path d="M70 16l14 14-44 44-18 4 4-18z" fill="${c}"/><path d="M26 60l14 14" stroke="${a}" stroke-width="3"/>
      <path d="M22 78l4-18 14 14z" fill="${a}"/><path d="M62 24l14 14" stroke="${a}" stroke-width="4"/>`,
    organizer: (c, a) => `<rect x="12" y="46" width="76" height="32" rx="6" fill="${c}"/><path d="M38 46v32M62 46v32" stroke="${a}" stroke-width="3"/>
      <path d="M22 46V20M28 46V26" stroke="#1d3557" stroke-width="4" stroke-linecap="round"/><rect x="44" y="34" width="14" height="12" fill="#ffd166"/>
      <rect x="66" y="38" width="16" height="8" fill="${a}"/>`
  };
  const tint = (hex) => {
    const n = parseInt(hex.slice(1), 16);
    const mix = (v) => Math.round(v + (255 - v) * 0.82);
    return `rgb(${mix(n >> 16)}, ${mix((n >> 8) & 255)}, ${mix(n & 255)})`;
  };
  window.ProductArt = {
    svg(p) {
      const draw = shapes[p.art] || shapes.tote;
      return `<svg viewBox="0 0 100 100" role="img" aria-label="${p.name}">${draw(p.color, p.accent)}</svg>`;
    },
    background(p) {
      return `background: linear-gradient(145deg, ${tint(p.color)}, ${tint(p.accent)});`;
    }
  };
})();
