// Status messages in the page's polite live region: read out by screen readers, shown to all.

let clearTimer = null;

/** Show and announce a short message, e.g. announce("Priya Shah added as a student."). */
export function announce(message, { tone = "info", timeout = 8000 } = {}) {
  const region = document.getElementById("status");
  if (!region) return;
  window.clearTimeout(clearTimer);
  region.dataset.tone = tone;
  if (region.textContent === message) {
    // Emptying first makes screen readers announce a repeated message again.
    region.textContent = "";
    window.setTimeout(() => {
      region.textContent = message;
    }, 50);
  } else {
    // At once: a message set in the same task as the page it follows is drawn with it.
    region.textContent = message;
  }
  if (timeout) {
    clearTimer = window.setTimeout(() => {
      region.textContent = "";
    }, timeout);
  }
}

export function clearStatus() {
  const region = document.getElementById("status");
  window.clearTimeout(clearTimer);
  if (region) region.textContent = "";
}
