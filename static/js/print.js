/* The brief: "Print as PDF" opens the browser's print dialog (A4, print.css) once the charts are drawn. */
(function () {
  "use strict";
  var button = document.getElementById("print-button");
  if (button) { button.addEventListener("click", function () { window.print(); }); }
})();
