// near-me.js — on the resources search, "Use my location" fills the
// latitude and longitude from the phone's own location (the browser asks
// first); no address is looked up anywhere.  Without JavaScript, or when
// it is refused, the two fields are typed by hand.
(function () {
  'use strict';
  var button = document.getElementById('near-me');
  var lat = document.getElementById('lat');
  var lon = document.getElementById('lon');
  var say = document.getElementById('near-me-status');
  if (!button || !lat || !lon || !navigator.geolocation) return;
  button.hidden = false;
  button.addEventListener('click', function () {
    say.textContent = 'Finding your location…';
    navigator.geolocation.getCurrentPosition(function (p) {
      lat.value = p.coords.latitude.toFixed(5);
      lon.value = p.coords.longitude.toFixed(5);
      say.textContent = 'Location filled in.';
    }, function () {
      say.textContent = 'Your location is not available: type it instead.';
    }, { timeout: 10000, maximumAge: 60000 });
  });
})();
