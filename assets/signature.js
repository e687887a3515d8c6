// signature.js — the drawn signature on the consent form, drawn with
// signature_pad and sent as SVG path data (moves and lines in a 600 × 200
// box) in the hidden signature_path field.  Without JavaScript the box stays
// hidden and the typed name is the signature: the keyboard alternative.
(function () {
  'use strict';
  var canvas = document.getElementById('signature-canvas');
  var box = document.getElementById('signature-box');
  var field = document.getElementById('signature_path');
  var drawn = document.getElementById('signature_method-drawn');
  if (!canvas || !box || !field || !window.SignaturePad) return;
  box.hidden = false;
  var W = 600, H = 200;
  var kept = field.value; // a drawing sent before, when the form came back
  var pad = new window.SignaturePad(canvas, { minWidth: 1, maxWidth: 2.5 });

  function showKept() {
    if (!kept || !window.Path2D) return;
    var ctx = canvas.getContext('2d');
    ctx.save();
    ctx.scale(canvas.offsetWidth / W, canvas.offsetHeight / H);
    ctx.lineWidth = 2;
    ctx.stroke(new window.Path2D(kept));
    ctx.restore();
  }

  // The canvas's pixels follow its size on screen and the screen's density.
  function fit() {
    var ratio = Math.max(window.devicePixelRatio || 1, 1);
    var strokes = pad.toData();
    canvas.width = canvas.offsetWidth * ratio;
    canvas.height = canvas.offsetHeight * ratio;
    canvas.getContext('2d').scale(ratio, ratio);
    pad.fromData(strokes);
    showKept();
  }

  function clamp(v, max) { return Math.max(0, Math.min(max, v)).toFixed(1); }

  function save() {
    var sx = W / canvas.offsetWidth, sy = H / canvas.offsetHeight;
    var d = pad.toData().map(function (stroke) {
      return stroke.points.map(function (p, i) {
        return (i ? 'L' : 'M') + clamp(p.x * sx, W) + ' ' + clamp(p.y * sy, H);
      }).join(' ');
    }).filter(Boolean).join(' ');
    field.value = [kept, d].filter(Boolean).join(' ');
  }

  pad.addEventListener('endStroke', function () {
    save();
    if (drawn) drawn.checked = true;
  });
  document.getElementById('signature-clear').addEventListener('click', function () {
    pad.clear();
    kept = '';
    field.value = '';
  });
  window.addEventListener('resize', fit);
  // A box folded away (the plan's signature, behind its control) has no
  // size until it is opened.
  var folded = canvas.closest && canvas.closest('details');
  if (folded) folded.addEventListener('toggle', fit);
  fit();
})();
