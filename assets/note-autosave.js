// note-autosave.js — saves a progress note's draft to the server every few
// seconds while the peer types (through the JSON API), so a lost connection
// or an ended session costs at most the last few seconds.  Without
// JavaScript the "Save draft" button does the same.
(function () {
  'use strict';
  var form = document.getElementById('contact-form');
  var csrf = document.querySelector('meta[name="waypoint-csrf"]');
  var status = document.getElementById('autosave-status');
  if (!form || !csrf || !status || !window.fetch) return;
  var person = form.getAttribute('data-person');
  var idField = form.elements.draft_id;
  var fields = ['kind', 'contact_on', 'starts_at', 'ends_at', 'location',
    'did_together', 'response', 'next_steps', 'team_notice'];
  var dirty = false, busy = false, said = '';

  function mark() { dirty = true; }
  form.addEventListener('input', mark);
  form.addEventListener('change', mark);

  function say(text) {
    if (text !== said) status.textContent = said = text;
  }

  function body() {
    var o = { goals: [] };
    fields.forEach(function (n) { o[n] = form.elements[n].value; });
    var boxes = form.querySelectorAll('input[name="goal"]:checked');
    Array.prototype.forEach.call(boxes, function (g) { o.goals.push(Number(g.value)); });
    o.referrals = [];
    var refs = form.querySelectorAll('input[name="referral"]:checked');
    Array.prototype.forEach.call(refs, function (x) { o.referrals.push(Number(x.value)); });
    var miles = form.elements.miles.value.trim();
    if (miles !== '' && !isNaN(Number(miles))) o.miles = Number(miles);
    return o;
  }

  function saved() {
    var t = new Date();
    say('Draft saved at ' + t.toTimeString().slice(0, 5) + '.');
  }

  function save() {
    if (!dirty || busy) return;
    busy = true;
    dirty = false;
    var id = idField.value;
    fetch('/api/v1/persons/' + person + '/contacts' + (id ? '/' + id : ''), {
      method: id ? 'PUT' : 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf.content },
      body: JSON.stringify(body()),
    }).then(function (r) {
      if (r.status === 201) {
        return r.json().then(function (j) { idField.value = j.id; saved(); });
      }
      if (r.status === 204) { saved(); return; }
      dirty = true;
      if (r.status === 401) {
        say('Your session has ended. What was saved is kept: sign in again to go on.');
        return;
      }
      return r.json().then(function (j) { say('Not saved yet: ' + j.error.message); });
    }).catch(function () {
      dirty = true;
      say('Not saved: no connection. Trying again.');
    }).then(function () { busy = false; });
  }

  form.addEventListener('submit', function () { dirty = false; });
  setInterval(save, 3000);
}());
