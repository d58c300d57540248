// m3clip web app: search, study and status pages over the daemon's /v1 API. Every piece of report
// text is inserted with textContent (reports are untrusted input); no inline script (CSP).
"use strict";

const LANGUAGES = [["eng_Latn", "English"], ["zho_Hans", "Chinese"], ["jpn_Jpan", "Japanese"], ["kor_Hang", "Korean"],
  ["fra_Latn", "French"], ["deu_Latn", "German"], ["spa_Latn", "Spanish"], ["por_Latn", "Portuguese"], ["ita_Latn", "Italian"],
  ["rus_Cyrl", "Russian"], ["arb_Arab", "Arabic"], ["hin_Deva", "Hindi"], ["vie_Latn", "Vietnamese"], ["tha_Thai", "Thai"],
  ["tur_Latn", "Turkish"], ["nld_Latn", "Dutch"], ["pol_Latn", "Polish"], ["ind_Latn", "Indonesian"], ["ukr_Cyrl", "Ukrainian"],
  ["swe_Latn", "Swedish"], ["pes_Arab", "Persian"]];
const OBSERVATIONS = ["No Finding", "Enlarged Cardiomediastinum", "Cardiomegaly", "Lung Lesion", "Lung Opacity", "Edema",
  "Consolidation", "Pneumonia", "Atelectasis", "Pneumothorax", "Pleural Effusion", "Pleural Other", "Fracture", "Support Devices"];
// Words that mark a Latin-script language (a few each; ties go to English).
const LATIN_HINTS = {
  deu_Latn: /\b(der|die|das|kein|keine|mit|und|links|rechts|erguss|herz|lunge|ist)\b|[äöüß]/,
  fra_Latn: /\b(le|la|les|du|des|pas|de|droit|gauche|épanchement|cœur|poumon)\b|[éèêàç]/,
  spa_Latn: /\b(el|los|las|sin|derrame|derecho|izquierdo|corazón|pulmón|del)\b|[ñá]/,
  por_Latn: /\b(não|sem|derrame|direito|esquerdo|coração|pulmão|do|da)\b|[ãõ]/,
  ita_Latn: /\b(il|della|nessun|versamento|destro|sinistro|cuore|polmone)\b/,
  nld_Latn: /\b(het|een|geen|links|rechts|hart|long|vocht)\b/,
  pol_Latn: /\b(nie|bez|płyn|prawy|lewy|serce|płuco)\b|[ąęłńśźż]/,
  tur_Latn: /\b(yok|sağ|sol|kalp|akciğer|sıvı)\b|[ğış]/,
  swe_Latn: /\b(ingen|och|höger|vänster|hjärta|lunga)\b|[åä]/,
  ind_Latn: /\b(tidak|ada|kanan|kiri|jantung|paru|efusi)\b/,
  vie_Latn: /[ăâđêôơư]|\b(không|phải|trái|tim|phổi)\b/,
};

function detectLanguage(text) {
  if (/[\u3040-\u30ff]/.test(text)) return "jpn_Jpan";
  if (/[\uac00-\ud7af]/.test(text)) return "kor_Hang";
  if (/[\u4e00-\u9fff]/.test(text)) return "zho_Hans";
  if (/[\u0400-\u04ff]/.test(text)) return /[іїєґ]/i.test(text) ? "ukr_Cyrl" : "rus_Cyrl";
  if (/[\u0600-\u06ff]/.test(text)) return /[پچژگی]/.test(text) ? "pes_Arab" : "arb_Arab";
  if (/[\u0900-\u097f]/.test(text)) return "hin_Deva";
  if (/[\u0e00-\u0e7f]/.test(text)) return "tha_Thai";
  const lower = text.toLowerCase();
  let best = "eng_Latn", bestCount = 0;
  for (const [code, pattern] of Object.entries(LATIN_HINTS)) {
    const count = (lower.match(new RegExp(pattern.source, "g")) || []).length;
    if (count > bestCount) { best = code; bestCount = count; }
  }
  return best;
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "class") node.className = value; else if (key === "text") node.textContent = value; else node.setAttribute(key, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function chips(code) {
  const box = el("div", { class: "chips" });
  if (!code) return box;
  [...code].forEach((state, index) => {
    if (state === ".") return;
    const kind = state === "1" ? "pos" : state === "0" ? "neg" : "unc";
    const word = state === "1" ? "positive" : state === "0" ? "negative" : "uncertain";
    box.append(el("span", { class: `chip ${kind}`, title: `${OBSERVATIONS[index]}: ${word}`, text: OBSERVATIONS[index] }));
  });
  return box;
}

async function api(path, options = {}) {
  const response = await fetch(path, { credentials: "same-origin", ...options });
  if (response.status === 401) { location.href = "/login.html"; throw new Error("sign in first"); }
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function fill(select, items) { for (const [value, label] of items) select.append(el("option", { value, text: label })); }

// ---- search ----

function initSearch() {
  const form = document.getElementById("search-form"), q = document.getElementById("q"), lang = document.getElementById("lang");
  const detected = document.getElementById("detected");
  fill(lang, LANGUAGES.map(([code, name]) => [code, `${name} (${code})`]));
  fill(document.getElementById("languages"), LANGUAGES.map(([code, name]) => [code, name]));
  fill(document.getElementById("label"), OBSERVATIONS.map((name) => [name, name]));
  const showDetected = () => { detected.textContent = lang.value || (q.value.trim() ? detectLanguage(q.value) : ""); };
  q.addEventListener("input", showDetected);
  lang.addEventListener("change", showDetected);
  form.addEventListener("submit", (event) => { event.preventDefault(); runSearch({ text: q.value }); });
  const drop = document.getElementById("drop"), file = document.getElementById("file");
  drop.addEventListener("dragover", (event) => { event.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (event) => { event.preventDefault(); drop.classList.remove("over"); searchFile(event.dataTransfer.files[0]); });
  file.addEventListener("change", () => searchFile(file.files[0]));
  const params = new URLSearchParams(location.search);
  for (const key of ["q", "lang", "modality", "languages", "label", "state"]) {
    if (params.has(key)) document.getElementById(key).value = params.get(key);
  }
  showDetected();
  if (q.value.trim()) runSearch({ text: q.value });
}

function searchFile(file) {
  if (!file) return;
  const reader = new FileReader();
  reader.onload = () => runSearch({ image: String(reader.result).split(",")[1], name: file.name });
  reader.readAsDataURL(file);
}

async function runSearch(query) {
  const summary = document.getElementById("summary"), results = document.getElementById("results");
  const modality = document.getElementById("modality").value;
  const body = { k: 24, with_context: true };
  if (query.text !== undefined) {
    if (!query.text.trim()) return;
    body.text = query.text;
    body.lang = document.getElementById("lang").value || detectLanguage(query.text);
    body.modality = modality;
  } else {
    body.image = query.image;
    body.modality = "image";
  }
  const languages = document.getElementById("languages").value;
  if (languages) body.languages = [languages];
  const label = document.getElementById("label").value;
  if (label) body.labels = [`${label}=${document.getElementById("state").value}`];
  summary.textContent = "Searching…";
  results.replaceChildren();
  const started = performance.now();
  try {
    const answer = await api("/v1/search", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const milliseconds = Math.round(performance.now() - started);
    summary.textContent = `${answer.results.length} ${answer.modality === "image" ? "radiographs" : "sentences"} for ` +
      `${query.text !== undefined ? `“${query.text}” [${body.lang}]` : query.name} — index ${answer.index}, model ${answer.model}, ${milliseconds} ms`;
    results.className = `results ${answer.modality}`;
    for (const result of answer.results) results.append(renderResult(result));
    document.body.dataset.results = String(answer.results.length);
  } catch (error) {
    summary.textContent = `Search failed: ${error.message}`;
    summary.className = "summary error";
  }
}

function renderResult(result) {
  const item = el("li", { class: "result", "data-study": result.study });
  const link = el("a", { href: `/study.html?key=${encodeURIComponent(result.study)}`, text: result.study });
  item.append(el("div", { class: "meta" }, link, el("span", { class: "code", text: result.score.toFixed(3) })));
  if (result.modality === "image") {
    const id = result.part.replace("image:", "");
    item.prepend(el("img", { src: `/v1/images/${encodeURIComponent(id)}?size=256`, alt: `radiograph of ${result.study}`, loading: "lazy" }));
    const sentence = result.context && result.context.sentence;
    const english = result.context && result.context.english;
    if (sentence) item.append(el("p", { class: "sentence", text: `${sentence.text} ` }, el("span", { class: "code", text: sentence.language })));
    if (english && (!sentence || english.text !== sentence.text)) item.append(el("p", { class: "english", text: english.text }));
  } else {
    item.append(el("p", { class: "sentence", text: `${result.text} ` }, el("span", { class: "code", text: result.language })));
    const english = result.context && result.context.english;
    if (english) item.append(el("p", { class: "english", text: english.text }));
  }
  item.append(chips(result.labels));
  return item;
}

// ---- study ----

async function initStudy() {
  const key = new URLSearchParams(location.search).get("key") || "";
  document.getElementById("title").textContent = `Study ${key}`;
  try {
    const page = await api(`/v1/studies/${encodeURIComponent(key)}`);
    const study = page.study;
    document.getElementById("versions").textContent = `added in corpus version ${study.addedVersion}; appears in versions ${study.versions.join(", ")}`;
    const images = document.getElementById("images");
    for (const image of study.images) {
      images.append(el("figure", {}, el("img", { src: `/v1/images/${image.id}?size=256`, alt: image.partName }),
        el("figcaption", { class: "code", text: `${image.partName} ${image.width}×${image.height}${image.removedVersion ? " (removed)" : ""}` })));
    }
    const reports = document.getElementById("reports");
    for (const report of study.reports) {
      const box = el("article", { class: "report" }, el("h3", { text: `${report.partName} — ${report.language}, version ${report.addedVersion}${report.removedVersion ? ` (removed in ${report.removedVersion})` : ""}` }));
      const phi = Object.entries(report.phi || {});
      if (phi.length) box.append(el("p", { class: "code", text: `de-identified: ${phi.map(([kind, count]) => `${count} ${kind}`).join(", ")}` }));
      for (const section of report.sections) {
        box.append(el("div", { class: "section-kind", text: section.kind }), el("p", { text: section.text }));
      }
      for (const sentence of page.sentences[String(report.id)] || []) {
        const row = el("div", { class: `sent${sentence.labels && /[01u]/.test(sentence.labels) ? " labeled" : ""}` }, el("div", { text: sentence.text }), chips(sentence.labels));
        if (sentence.translations.length) {
          const list = el("ul", { class: "translations" });
          for (const t of sentence.translations) {
            const verdict = t.kept ? "kept" : `rejected: ${t.reasons.join(", ")}`;
            list.append(el("li", { class: t.kept ? "kept" : "rejected" }, el("span", { class: "code", text: `${t.language} ` }), el("span", { text: t.text }),
              el("span", { class: "code", text: ` — ${verdict} (${t.engine})` })));
          }
          row.append(list);
        }
        box.append(row);
      }
      reports.append(box);
    }
  } catch (error) {
    document.getElementById("versions").textContent = error.message;
  }
}

// ---- status ----

function lossCurve(points) {
  const width = 320, height = 140, pad = 24;
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("width", width); svg.setAttribute("height", height); svg.setAttribute("class", "loss");
  const line = (x1, y1, x2, y2) => { const l = document.createElementNS(svg.namespaceURI, "line");
    Object.entries({ x1, y1, x2, y2, class: "axis" }).forEach(([k, v]) => l.setAttribute(k, v)); svg.append(l); };
  line(pad, height - pad, width - 4, height - pad); line(pad, 4, pad, height - pad);
  if (points.length > 1) {
    const xs = points.map((p) => p[0]), ys = points.map((p) => p[1]);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const sx = (x) => pad + (x - x0) / Math.max(1e-9, x1 - x0) * (width - pad - 8);
    const sy = (y) => height - pad - (y - y0) / Math.max(1e-9, y1 - y0) * (height - pad - 8);
    const path = document.createElementNS(svg.namespaceURI, "polyline");
    path.setAttribute("points", points.map((p) => `${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join(" "));
    path.setAttribute("class", "curve");
    svg.append(path);
    const label = (x, y, text) => { const t = document.createElementNS(svg.namespaceURI, "text");
      t.setAttribute("x", x); t.setAttribute("y", y); t.setAttribute("font-size", "10"); t.textContent = text; svg.append(t); };
    label(pad + 2, 12, `loss ${y1.toFixed(3)}`); label(pad + 2, height - pad - 4, `${y0.toFixed(3)}`); label(width - 70, height - 8, `step ${x1}`);
  }
  return svg;
}

function kv(table, pairs) {
  table.replaceChildren(...pairs.map(([key, value]) => el("tr", {}, el("td", { text: key }), el("td", { text: String(value) }))));
}

let lastStatus = null;

async function refreshStatus() {
  const status = await api("/v1/status");
  // Ingest rate over the last refresh interval.
  let rate = "—";
  if (lastStatus && status.uptimeSeconds > lastStatus.uptimeSeconds) {
    rate = `${((status.filesTaken - lastStatus.filesTaken) / (status.uptimeSeconds - lastStatus.uptimeSeconds)).toFixed(1)} files/s`;
  }
  lastStatus = status;
  kv(document.getElementById("daemon"), [["state", status.state], ["uptime", `${Math.round(status.uptimeSeconds)} s`],
    ["inbox backlog", status.inboxBacklog], ["ingest rate", rate],
    ["since start", `${status.filesTaken} files, ${status.studiesCommitted} studies, ${status.quarantined} quarantined`],
    ["corpus version", status.corpusVersion], ["translation", status.translation], ["training", status.training],
    ["index", status.index], ["api", status.api], ["last error", status.lastError || "none"]]);
  const pending = Object.entries((await api("/v1/translation")).pending).sort();
  document.getElementById("translation").replaceChildren(el("tr", {}, el("th", { text: "language" }), el("th", { text: "pending" })),
    ...(pending.length ? pending.map(([language, count]) => el("tr", {}, el("td", { text: language }), el("td", { text: String(count) })))
      : [el("tr", {}, el("td", { text: "nothing pending" }))]));
}

async function initStatus() {
  try {
    await refreshStatus();
    setInterval(() => refreshStatus().catch(() => {}), 3000);
    const models = (await api("/v1/models")).models;
    const box = document.getElementById("models");
    if (!models.length) box.append(el("p", { text: "No model yet." }));
    for (const model of models) {
      const metrics = Object.entries(model.record.metrics).filter(([key]) => key.startsWith("zero_shot.accuracy") || key.startsWith("retrieval.t2i.R@10"));
      const table = el("table", { class: "grid" }, el("tr", {}, el("th", { text: "gate metric" }), el("th", { text: "value" })),
        ...metrics.map(([key, value]) => el("tr", {}, el("td", { text: key }), el("td", { text: value.toFixed(4) }))));
      box.append(el("div", { class: "model", "data-model": model.record.id },
        el("div", {}, el("strong", { text: `${model.record.id}${model.current ? " (current)" : ""}` }),
          el("p", { class: "code", text: `${model.record.preset}, ${model.record.objective}, corpus v${model.record.corpusVersion}, ${model.record.verdict}` })),
        lossCurve(model.lossCurve), table));
    }
    await refreshQuarantine();
    document.getElementById("retry-all").addEventListener("click", async () => {
      await api("/v1/quarantine/retry", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ all: true }) });
      await refreshQuarantine();
    });
    const indexes = (await api("/v1/indexes")).indexes;
    document.getElementById("indexes").replaceChildren(el("tr", {}, ...["index", "model", "corpus version", "images", "texts", "deltas", ""].map((h) => el("th", { text: h }))),
      ...indexes.map((entry) => el("tr", {}, ...[entry.manifest.id, entry.manifest.model_id, entry.manifest.corpus_version, entry.manifest.counts.image,
        entry.manifest.counts.text, entry.deltas.length, entry.current ? "current" : entry.tags.join(", ")].map((v) => el("td", { text: String(v) })))));
    const versions = (await api("/v1/versions")).versions;
    document.getElementById("versions").replaceChildren(el("tr", {}, ...["version", "created", "kind", "studies", "reports", "images", "removed", "tags"].map((h) => el("th", { text: h }))),
      ...versions.map((v) => el("tr", {}, ...[v.id, v.createdAt, v.kind, `+${v.studiesAdded}`, `+${v.reportsAdded}`, `+${v.imagesAdded}`, v.rowsRemoved,
        (v.tags || []).join(", ")].map((value) => el("td", { text: String(value) })))));
    document.body.dataset.loaded = "1";
  } catch (error) {
    document.getElementById("daemon").replaceChildren(el("tr", {}, el("td", { class: "error", text: error.message })));
  }
}

async function refreshQuarantine() {
  const entries = (await api("/v1/quarantine")).entries;
  const table = document.getElementById("quarantine");
  table.replaceChildren(el("tr", {}, ...["file", "reason", ""].map((h) => el("th", { text: h }))));
  for (const entry of entries) {
    const button = el("button", { type: "button", text: "Retry" });
    button.addEventListener("click", async () => {
      await api("/v1/quarantine/retry", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ id: entry.id }) });
      await refreshQuarantine();
    });
    table.append(el("tr", {}, el("td", { text: entry.originalPath }), el("td", { text: `${entry.code}: ${entry.reason}` }), el("td", {}, button)));
  }
  if (!entries.length) table.append(el("tr", {}, el("td", { text: "empty" })));
}

document.addEventListener("DOMContentLoaded", () => {
  const page = document.body.dataset.page;
  if (page === "search") initSearch();
  if (page === "study") initStudy();
  if (page === "status") initStatus();
});
