// The counter above a questionnaire ("3 of 26 answered") follows the answers as they are
// chosen. Without this script the counter shows what was saved, and the form works the same.
(function () {
  "use strict";

  var form = document.querySelector("form.questionnaire");
  var box = form && form.querySelector(".progress-box");
  if (!box) {
    return;
  }
  var label = box.querySelector("label");
  var bar = box.querySelector("progress");
  // The label in the page's language, with a mark where the number goes.
  var pattern = label.dataset.pattern;

  function answered() {
    var names = {};
    var count = 0;
    form.querySelectorAll("input[type=radio]:checked").forEach(function (input) {
      if (!names[input.name]) {
        names[input.name] = true;
        count += 1;
      }
    });
    return count;
  }

  function update() {
    var count = answered();
    bar.value = count;
    bar.textContent = count + " / " + bar.max;
    if (pattern) {
      label.textContent = pattern.replace("__answered__", String(count));
    }
  }

  form.addEventListener("change", update);
  update();
})();
