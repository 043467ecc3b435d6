// The network page's PNG download: the drawing as it is on screen (vis-network's canvas, with the labels
// and hub areas the page draws on it), on a white background, saved by the browser with no request.
(function () {
  "use strict";

  const button = document.getElementById("export-png");
  if (!button) return;
  button.addEventListener("click", function () {
    const drawn = document.querySelector("#network canvas");
    if (!drawn) return;
    const copy = document.createElement("canvas");
    copy.width = drawn.width;
    copy.height = drawn.height;
    const ctx = copy.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, copy.width, copy.height);
    ctx.drawImage(drawn, 0, 0);
    const link = document.createElement("a");
    link.href = copy.toDataURL("image/png");
    link.download = "partnernet-network.png";
    document.body.append(link);
    link.click();
    link.remove();
  });
})();
