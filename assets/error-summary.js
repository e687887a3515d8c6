// error-summary.js — a form that comes back with errors puts focus on its
// error summary (the GOV.UK pattern), so a screen reader reads the list
// first and a keyboard user tabs from it into the fields; each link in the
// list moves focus to its field, not only the view.
(function () {
  'use strict';
  var summary = document.querySelector('[data-error-summary]');
  if (!summary) return;
  summary.focus();
  summary.addEventListener('click', function (event) {
    var link = event.target.closest('a[href^="#"]');
    if (!link) return;
    var target = document.getElementById(link.getAttribute('href').slice(1));
    if (!target) return;
    event.preventDefault();
    var control = target.matches('fieldset') ? target.querySelector('input') : target;
    target.scrollIntoView({ block: 'center' });
    (control || target).focus();
  });
})();
