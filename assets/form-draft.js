// form-draft.js — keeps what is typed into a long form (a form marked
// data-draft: the wellness plan, a new goal, a consent, an incident) on the
// server every few seconds (PUT /api/v1/drafts), so that a time-out, a lost
// connection or a closed tab costs at most those seconds.  Opening the form
// again offers the draft back; sending the form removes it (the server does,
// once the form is saved).  Without JavaScript nothing changes.
(function () {
  'use strict';
  var csrf = document.querySelector('meta[name="waypoint-csrf"]');
  if (!csrf || !window.fetch) return;
  var DELAY = 3000;

  function api(method, form, body) {
    var url = '/api/v1/drafts' + (body ? '' : '?form=' + encodeURIComponent(form));
    return fetch(url, {
      method: method, credentials: 'same-origin',
      headers: { 'X-CSRF-Token': csrf.content, 'Content-Type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
  }

  // The fields worth keeping: what a person types or chooses.
  function kept(el) {
    if (!el.name || el.disabled || el.name === 'csrf_token') return false;
    if (/^(submit|button|file|password|reset)$/.test(el.type)) return false;
    if ((el.type === 'checkbox' || el.type === 'radio') && !el.checked) return false;
    return true;
  }

  function pairs(form) {
    return Array.prototype.filter.call(form.elements, kept)
      .map(function (el) { return [el.name, el.value]; });
  }

  function restore(form, fields) {
    var seen = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === 'csrf_token' || el.type === 'hidden') return;
      if (el.type === 'checkbox' || el.type === 'radio') {
        el.checked = fields.some(function (p) { return p[0] === el.name && p[1] === el.value; });
        return;
      }
      var values = fields.filter(function (p) { return p[0] === el.name; });
      var i = seen[el.name] || 0;
      if (i < values.length) el.value = values[i][1];
      seen[el.name] = i + 1;
    });
  }

  function say(status, text) { status.textContent = text; }

  function hhmm(stamp) {
    var d = new Date(stamp);
    return isNaN(d) ? stamp : d.toTimeString().slice(0, 5);
  }

  function offer(form, status, draft) {
    var box = document.createElement('div');
    box.className = 'usa-alert usa-alert--info usa-alert--slim';
    box.innerHTML = '<div class="usa-alert__body"><p class="usa-alert__text"></p>' +
      '<button type="button" class="usa-button usa-button--outline">Restore it</button>' +
      '<button type="button" class="usa-button usa-button--unstyled">Discard it</button></div>';
    box.querySelector('p').textContent =
      'You have an unsent draft of this form from ' + hhmm(draft.saved_at) + '.';
    var buttons = box.querySelectorAll('button');
    buttons[0].addEventListener('click', function () {
      restore(form, draft.fields);
      box.remove();
      say(status, 'Draft restored. Check it, then send the form.');
      form.dispatchEvent(new Event('input'));
    });
    buttons[1].addEventListener('click', function () {
      api('DELETE', form.getAttribute('action')).then(function () {
        box.remove();
        say(status, 'Draft discarded.');
      });
    });
    form.parentNode.insertBefore(box, form);
    // a form folded away (the plan's new goal) opens to show the offer
    var folded = form.closest && form.closest('details');
    if (folded) folded.open = true;
  }

  function watch(form) {
    var action = form.getAttribute('action');
    var status = document.createElement('p');
    status.className = 'waypoint-field-hint';
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');
    form.appendChild(status);
    var timer = null, sending = false;

    function save() {
      timer = null;
      if (sending) { timer = setTimeout(save, DELAY); return; }
      sending = true;
      api('PUT', action, { form: action, fields: pairs(form) }).then(function (r) {
        sending = false;
        say(status, r.status === 204
          ? 'Draft kept at ' + new Date().toTimeString().slice(0, 5) + '.'
          : 'The draft could not be kept (' + r.status + '); keep this page open.');
      }, function () {
        sending = false;
        say(status, 'Offline: the draft could not be kept; keep this page open.');
      });
    }
    function changed() { if (!timer) timer = setTimeout(save, DELAY); }
    form.addEventListener('input', changed);
    form.addEventListener('change', changed);
    form.addEventListener('submit', function () { clearTimeout(timer); timer = null; });

    api('GET', action).then(function (r) {
      return r.status === 200 ? r.json() : null;
    }).then(function (draft) {
      if (draft && draft.fields.length) offer(form, status, draft);
    }, function () {});
  }

  Array.prototype.forEach.call(document.querySelectorAll('form[data-draft]'), watch);
}());
