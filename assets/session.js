// session.js — warns before an idle session ends (WCAG 2.2.1 Timing
// Adjustable): a dialog offers to stay signed in, well before the server
// would end the session.  Without JavaScript the server still ends it.
(function () {
  'use strict';
  var idleMeta = document.querySelector('meta[name="waypoint-session-idle"]');
  var csrfMeta = document.querySelector('meta[name="waypoint-csrf"]');
  var dialog = document.getElementById('session-warning');
  if (!idleMeta || !csrfMeta || !dialog || !dialog.showModal) return;
  var idle = Number(idleMeta.content) * 1000;
  var lead = Math.min(120000, idle / 2); // warn two minutes ahead at most
  var warnTimer, endTimer;

  function schedule() {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(function () { dialog.showModal(); }, idle - lead);
    endTimer = setTimeout(function () {
      window.location.assign('/signin?expired=1&next=' +
        encodeURIComponent(window.location.pathname));
    }, idle);
  }

  document.getElementById('session-stay').addEventListener('click', function () {
    fetch('/api/v1/session/extend', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'X-CSRF-Token': csrfMeta.content },
    }).then(function (r) {
      if (r.status === 204) { dialog.close(); schedule(); }
      else { window.location.assign('/signin?expired=1'); }
    });
  });
  document.getElementById('session-leave').addEventListener('click', function () {
    document.getElementById('signout-form').submit();
  });
  schedule();
}());
