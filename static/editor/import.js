// The import form: a long PowerPoint file takes a while to convert, so say that it is
// working, and keep the button from sending the file twice.

const form = document.getElementById("import-form");
const status = document.getElementById("import-status");
const button = document.getElementById("import-button");

form.addEventListener("submit", () => {
  const file = form.elements.file.files[0];
  const slides = file && /\.(pptx|pdf)$/i.test(file.name);
  status.textContent = slides
    ? "Uploading and converting your slides. A long file can take a minute or two: please keep this page open."
    : "Uploading and checking the deck…";
  button.disabled = true;
});
