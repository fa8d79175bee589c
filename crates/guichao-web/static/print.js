// The print pages' "打印" button: no inline script is allowed.
document.addEventListener("click", function (e) {
  var button = e.target.closest("[data-print]");
  if (button) {
    e.preventDefault();
    window.print();
  }
});
