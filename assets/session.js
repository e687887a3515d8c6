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

  function stay() {
    lastExtended = Date.now();
    return fetch('/api/v1/session/extend', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'X-CSRF-Token': csrfMeta.content },
    }).then(function (r) {
      if (r.status === 204) { if (dialog.open) dialog.close(); schedule(); }
      else { window.location.assign('/signin?expired=1'); }
    });
  }

  // Typing is activity: someone writing a long note is not idle, though
  // no request reaches the server.  At most one extension a minute (a
  // quarter of the idle time, if that is shorter).
  var lastExtended = Date.now();
  function typed() {
    if (!dialog.open && Date.now() - lastExtended > Math.min(60000, idle / 4)) stay();
  }
  document.addEventListener('input', typed, true);
  document.addEventListener('keydown', typed, true);

  document.getElementById('session-stay').addEventListener('click', stay);
  // In the warning, any key but moving between its buttons means "stay".
  dialog.addEventListener('keydown', function (e) {
    if (e.key === 'Tab' || e.key === 'Shift') return;
    if (e.target.id === 'session-leave' && (e.key === 'Enter' || e.key === ' ')) return;
    e.preventDefault();
    stay();
  });
  dialog.addEventListener('cancel', function (e) { e.preventDefault(); stay(); });
  document.getElementById('session-leave').addEventListener('click', function () {
    document.getElementById('signout-form').submit();
  });
  schedule();
}());
