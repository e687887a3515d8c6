// note-billing.js — on the note form, says while the peer types whether the
// note will be billable, and why not, and the units its times make: the
// server decides (POST /api/v1/persons/{id}/contacts/preview, the same
// decision billing makes) and the "Billing" panel, a polite live region,
// shows its answer.  And signing, which is final, asks once more in a
// dialog.  Without JavaScript the page says both itself: the panel as the
// form was last saved, and a confirmation step after "Sign the note".
(function () {
  'use strict';
  var form = document.getElementById('contact-form');
  var csrf = document.querySelector('meta[name="waypoint-csrf"]');
  var panel = document.getElementById('billing-preview');
  var inDialog = document.getElementById('sign-dialog-billing');
  if (!form || !csrf || !panel) return;

  // The sign button opens the dialog; its "Yes, sign the note" submits
  // the form (action=sign_confirmed), "Not yet" closes it.  Pressing Enter
  // in a field clicks the sign button too, so it asks as well.
  var dialog = document.getElementById('sign-dialog');
  var sign = document.getElementById('sign-button');
  if (dialog && dialog.showModal && sign) {
    sign.addEventListener('click', function (e) {
      e.preventDefault();
      dialog.showModal();
    });
    document.getElementById('sign-cancel').addEventListener('click', function () {
      dialog.close();
    });
    dialog.addEventListener('close', function () { sign.focus(); });
  }

  if (!window.fetch) return;
  var person = form.getAttribute('data-person');
  // what billing reads; the narrative is not sent (signing needs one anyway)
  var fields = ['kind', 'contact_on', 'starts_at', 'ends_at', 'location'];

  function body() {
    var o = { goals: [] };
    fields.forEach(function (n) { o[n] = form.elements[n].value; });
    var boxes = form.querySelectorAll('input[name="goal"]:checked');
    Array.prototype.forEach.call(boxes, function (g) { o.goals.push(Number(g.value)); });
    return JSON.stringify(o);
  }

  function say(text) {
    if (panel.textContent !== text) panel.textContent = text;
    if (inDialog) inDialog.textContent = text;
  }

  var asked = body(), timer = null, latest = 0;
  function ask() {
    var question = body();
    if (question === asked) return;
    asked = question;
    var mine = ++latest;
    fetch('/api/v1/persons/' + person + '/contacts/preview', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf.content },
      body: question,
    }).then(function (r) {
      return r.json().then(function (j) {
        if (mine !== latest) return; // a newer answer is on its way
        if (r.status === 200) say(j.summary);
        else if (j.error) say('Billing cannot be worked out yet: ' + j.error.message);
      });
    }).catch(function () {
      asked = ''; // ask again on the next change
    });
  }

  function changed(e) {
    var name = e.target && e.target.name;
    if (fields.indexOf(name) < 0 && name !== 'goal') return;
    clearTimeout(timer);
    timer = setTimeout(ask, 250);
  }
  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
}());
