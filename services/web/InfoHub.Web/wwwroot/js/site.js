// Progressive enhancement only: every page works without this script.
// A select marked data-autosubmit (the search's order) submits its form when changed.
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-autosubmit]");
  if (select && select.form) select.form.requestSubmit();
});

// A form marked data-upload-progress (the directory import) shows how much of its file has been sent, then that the
// server is at work; the answer is shown as if the form had been posted (its report's own address, or the form again
// with what was refused). Without this script the form posts as usual.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-upload-progress]");
  if (!form || typeof XMLHttpRequest === "undefined" || typeof DOMParser === "undefined") return;
  event.preventDefault();
  const box = form.querySelector(".upload-progress");
  const bar = box.querySelector("progress");
  const status = box.querySelector("[role=status]");
  const button = form.querySelector("button[type=submit]");
  box.hidden = false;
  button.disabled = true;
  status.textContent = form.dataset.sending.replace("{0}", 0);
  const request = new XMLHttpRequest();
  request.open("POST", form.action);
  request.upload.addEventListener("progress", (e) => {
    if (!e.lengthComputable) return;
    const percent = Math.round((e.loaded / e.total) * 100);
    bar.value = percent;
    status.textContent = form.dataset.sending.replace("{0}", percent);
  });
  request.upload.addEventListener("load", () => {
    bar.removeAttribute("value"); // indeterminate: the server reads and checks the rows
    status.textContent = form.dataset.checking;
  });
  request.addEventListener("load", () => {
    const arrived = new URL(request.responseURL || form.action, location.href);
    const posted = new URL(form.action, location.href);
    if (arrived.pathname !== posted.pathname) { location.assign(arrived.href); return; }
    // The form again, with what the server refused: show it in place.
    const answer = new DOMParser().parseFromString(request.responseText, "text/html");
    document.title = answer.title;
    document.body.replaceWith(document.adoptNode(answer.body));
  });
  request.addEventListener("error", () => {
    bar.value = 0;
    status.textContent = form.dataset.failed;
    button.disabled = false;
  });
  request.send(new FormData(form));
});
