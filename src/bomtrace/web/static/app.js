// bomtrace web app: drag-and-drop uploads and live run progress. No inline script, no
// external origin: this file is the only script the pages load (see the CSP).
"use strict";

function setUpDropzone() {
  const zone = document.getElementById("dropzone");
  const input = document.getElementById("files");
  const list = document.getElementById("chosen");
  if (!zone || !input || !list) return;
  const show = () => {
    list.replaceChildren(
      ...Array.from(input.files).map((file) => {
        const item = document.createElement("li");
        item.textContent = `${file.name} (${Math.ceil(file.size / 1024)} KB)`;
        return item;
      }),
    );
  };
  input.addEventListener("change", show);
  for (const name of ["dragenter", "dragover"]) {
    zone.addEventListener(name, (event) => {
      event.preventDefault();
      zone.classList.add("over");
    });
  }
  for (const name of ["dragleave", "drop"]) {
    zone.addEventListener(name, () => zone.classList.remove("over"));
  }
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      show();
    }
  });
}

function followRun() {
  const section = document.getElementById("run");
  if (!section) return;
  const status = section.dataset.status;
  if (status !== "queued" && status !== "running") return;
  const bar = document.getElementById("progress");
  const text = document.getElementById("progress-text");
  const label = document.getElementById("status");
  const poll = async () => {
    try {
      const answer = await fetch(`/api/runs/${section.dataset.runId}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (answer.ok) {
        const run = await answer.json();
        const { rows_done: done, rows_total: total } = run.progress;
        if (bar && total) {
          bar.max = total;
          bar.value = done;
        }
        if (text) text.textContent = `${done} / ${total || "?"} rows`;
        if (label) label.textContent = run.status;
        if (run.status !== "queued" && run.status !== "running") {
          window.location.reload();
          return;
        }
      }
    } catch (error) {
      // The server may be restarting; keep trying.
    }
    window.setTimeout(poll, 700);
  };
  window.setTimeout(poll, 300);
}

document.addEventListener("DOMContentLoaded", () => {
  setUpDropzone();
  followRun();
});
