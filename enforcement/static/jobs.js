// Keeps a background job's progress bar current (the page works without it: a "Làm mới" link).
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || box.getAttribute("data-finished") === "true") { return; }
  var url = box.getAttribute("data-job-url");
  var bar = box.querySelector(".job-progress");
  var percent = box.querySelector(".job-percent");
  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (job) {
        if (bar) { bar.value = job.progress; bar.textContent = job.progress + " %"; }
        if (percent) { percent.textContent = job.progress; }
        if (job.finished) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
}());
