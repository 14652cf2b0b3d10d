/**
 * The report's one script: lazy case bodies, filters, search, the copy
 * button and the heatmap read-out. It reads only the page's own
 * attributes and JSON, and writes with `textContent` — never `innerHTML` —
 * so nothing from a result is ever parsed as markup here. Case bodies come
 * from `<template>`s whose text the report escaped when it was written.
 */
export const PAGE_SCRIPT = `(function () {
  'use strict';
  var cases = Array.prototype.slice.call(document.querySelectorAll('details.case'));
  function fill(d) {
    var t = d.querySelector(':scope > template');
    if (!t) return;
    d.querySelector(':scope > .body').appendChild(t.content.cloneNode(true));
    t.remove();
  }
  document.addEventListener('toggle', function (e) {
    var d = e.target;
    if (d && d.classList && d.classList.contains('case') && d.open) fill(d);
  }, true);
  // Open cases are drawn when they come near the screen, so a report of thousands opens at once.
  if ('IntersectionObserver' in window) {
    var io = new IntersectionObserver(function (es) {
      es.forEach(function (en) { if (en.isIntersecting) { fill(en.target); io.unobserve(en.target); } });
    }, { rootMargin: '600px 0px' });
    cases.forEach(function (d) { if (d.open) io.observe(d); });
  } else cases.forEach(function (d) { if (d.open) fill(d); });

  var buttons = Array.prototype.slice.call(document.querySelectorAll('button.f'));
  var search = document.getElementById('search');
  var shown = document.getElementById('shown');
  function apply() {
    var want = {};
    buttons.forEach(function (b) {
      if (b.getAttribute('aria-pressed') === 'true') (want[b.dataset.group] = want[b.dataset.group] || []).push(b.dataset.value);
    });
    var q = search ? search.value.trim().toLowerCase() : '';
    var n = 0;
    cases.forEach(function (d) {
      var ok = true;
      for (var g in want) {
        var have = g === 'kinds' ? (d.dataset.kinds || '').split(' ') : [d.dataset[g] || ''];
        if (!want[g].some(function (v) { return have.indexOf(v) >= 0; })) ok = false;
      }
      if (ok && q) ok = q.split(/\\s+/).every(function (w) { return (d.dataset.q || '').indexOf(w) >= 0; });
      d.hidden = !ok;
      if (ok) n++;
    });
    if (shown) shown.textContent = n + ' of ' + cases.length + ' cases shown';
  }
  buttons.forEach(function (b) {
    b.addEventListener('click', function () {
      b.setAttribute('aria-pressed', b.getAttribute('aria-pressed') === 'true' ? 'false' : 'true');
      apply();
    });
  });
  var timer;
  if (search) search.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(apply, 120); });
  var reset = document.getElementById('reset');
  if (reset) reset.addEventListener('click', function () {
    buttons.forEach(function (b) { b.setAttribute('aria-pressed', 'false'); });
    if (search) search.value = '';
    apply();
  });

  document.addEventListener('click', function (e) {
    var b = e.target && e.target.closest ? e.target.closest('button.copy') : null;
    if (!b) return;
    var el = document.getElementById(b.dataset.for);
    if (!el) return;
    var text = el.textContent;
    function done(ok) { b.textContent = ok ? 'copied' : 'select and copy'; setTimeout(function () { b.textContent = 'copy'; }, 1500); }
    function fallback() {
      var r = document.createRange(); r.selectNodeContents(el);
      var s = window.getSelection(); s.removeAllRanges(); s.addRange(r);
      var ok = false; try { ok = document.execCommand('copy'); } catch (x) { ok = false; }
      done(ok);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
    else fallback();
  });

  document.addEventListener('mousemove', function (e) {
    var svg = e.target && e.target.closest ? e.target.closest('svg.hm-map') : null;
    if (!svg) return;
    var sec = svg.closest('section.heat');
    var holder = sec.querySelector('script.hm-data');
    if (!sec._hm) sec._hm = JSON.parse(holder.textContent);
    var h = sec._hm, box = svg.getBoundingClientRect(), cell = Number(svg.dataset.cell) * box.width / svg.viewBox.baseVal.width;
    var j = Math.floor((e.clientX - box.left) / cell), i = Math.floor((e.clientY - box.top) / cell);
    if (j < 0 || j >= h.w || i < 0) return;
    var k = i * h.w + j;
    if (k >= h.s.length) return;
    sec.querySelector('.hm-read').textContent = 'row ' + (h.r0 + i) + ', column ' + (h.c0 + j) + ': subclass ' + h.s[k] + ', functional ' + h.f[k];
  });
})();`;
