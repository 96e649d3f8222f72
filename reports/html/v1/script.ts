/**
 * The report's only script: the "failed items only" filter. Without JavaScript the
 * control stays hidden and the whole report shows; the summary's static list of failed
 * items links to each of them, so nothing depends on the script.
 */
export const FILTER_SCRIPT = `(function () {
  var box = document.getElementById('filter-failed');
  var bar = document.getElementById('filters');
  var status = document.getElementById('filter-status');
  if (!box || !bar || !status) return;
  bar.hidden = false;
  function apply() {
    document.body.classList.toggle('failed-only', box.checked);
    var shown = document.querySelectorAll('article.item[data-verdict="failed"]').length;
    var all = document.querySelectorAll('article.item').length;
    status.textContent = box.checked ? 'Showing ' + shown + ' failed of ' + all + ' items.' : 'Showing all ' + all + ' items.';
  }
  box.addEventListener('change', apply);
  if (/(^|[?&])failed(=1)?($|&)/.test(location.search.slice(1))) box.checked = true;
  apply();
})();`;
