"use strict";

// The demo only uses the public API: GET /v1/models for the picker and the JPEG decoder, POST .../predict for the answer
// (which names the backend that computed it).
const topK = 5;
const modelSelect = document.getElementById("model");
const fileInput = document.getElementById("file");
const drop = document.getElementById("drop");
const preview = document.getElementById("preview");
const statusLine = document.getElementById("status");
const bars = document.getElementById("bars");
const engineLine = document.getElementById("engine");
let jpegDecoder = "unknown";

async function loadModels() {
  const response = await fetch("/v1/models");
  const list = await response.json();
  jpegDecoder = list.jpeg_decoder;
  for (const model of list.models) {
    const option = new Option(`${model.name} (${model.state.replace("_", " ")})`, model.name);
    option.selected = model.name === list.default_model;
    modelSelect.add(option);
  }
}

function showError(problem) {
  statusLine.className = "error";
  statusLine.textContent = `${problem.title ?? "Request failed"}: ${problem.detail ?? ""}`;
}

function showPrediction(body, elapsedMs) {
  const prediction = body.predictions[0];
  statusLine.className = "muted";
  const weights = body.checkpoint ? body.checkpoint.file : "random weights";
  statusLine.textContent = `${body.model} (${weights}) answered in ${elapsedMs.toFixed(0)} ms.` + (body.warning ? ` ${body.warning}` : "");
  engineLine.textContent = `Backend: ${body.backend} · JPEG decoder: ${jpegDecoder}`;
  engineLine.hidden = false;
  bars.replaceChildren(...prediction.topk.map(entry => {
    const item = document.createElement("li");
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = entry.class;
    name.title = `label ${entry.label}`;
    const score = document.createElement("span");
    score.className = "score";
    score.textContent = `${(entry.score * 100).toFixed(1)}%`;
    const track = document.createElement("div");
    track.className = "track";
    const fill = document.createElement("div");
    fill.className = "fill";
    fill.style.width = `${Math.max(entry.score * 100, 0.5)}%`;
    track.append(fill);
    item.append(name, score, track);
    return item;
  }));
}

async function predict(file) {
  preview.src = URL.createObjectURL(file);
  preview.hidden = false;
  statusLine.className = "muted";
  statusLine.textContent = "Classifying…";
  bars.replaceChildren();
  engineLine.hidden = true;
  const form = new FormData();
  form.append("image", file);
  const started = performance.now();
  const response = await fetch(`/v1/models/${encodeURIComponent(modelSelect.value)}/predict?topk=${topK}`, { method: "POST", body: form });
  const elapsedMs = performance.now() - started;
  const body = await response.json();
  if (response.ok) showPrediction(body, elapsedMs); else showError(body);
}

fileInput.addEventListener("change", () => { if (fileInput.files.length > 0) predict(fileInput.files[0]); });
drop.addEventListener("dragover", event => { event.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", event => {
  event.preventDefault();
  drop.classList.remove("over");
  if (event.dataTransfer.files.length > 0) predict(event.dataTransfer.files[0]);
});
loadModels().catch(error => showError({ title: "Could not list models", detail: String(error) }));
