// Progressive enhancement only: every page works without this script.
// A select marked data-autosubmit (the search's order) submits its form when changed.
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-autosubmit]");
  if (select && select.form) select.form.requestSubmit();
});
