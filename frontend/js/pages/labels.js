// Words for the values the API sends, shared by the pages.

import { path } from "../path.js";

export const ROLE_LABELS = {
  teacher: "Teacher",
  student: "Student",
  coach: "Coach",
  admin: "Admin",
};

export function roleLabel(role) {
  return ROLE_LABELS[role] || "Member";
}

export function plural(count, one, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}

/** Two letters for a name badge: "Priya Shah" → "PS". */
export function initials(name) {
  const parts = String(name || "?").trim().split(/\s+/);
  return (parts[0][0] + (parts.length > 1 ? parts[parts.length - 1][0] : "")).toUpperCase();
}

// ---- Cycles ------------------------------------------------------------------------------

export const EVIDENCE_KINDS = [
  { value: "student_work", label: "Student work" },
  { value: "exit_ticket", label: "Exit ticket" },
  { value: "journal", label: "Journal" },
  { value: "self_assessment", label: "Self-assessment" },
  { value: "observation", label: "Observation" },
  { value: "survey", label: "Survey" },
  { value: "photo", label: "Photo" },
  { value: "audio", label: "Audio" },
  { value: "link", label: "Link" },
  { value: "note", label: "Note" },
];

export const EVIDENCE_GROUPS = {
  perception: "Perception",
  performance: "Performance",
  work: "Work",
  observation: "Observation",
};

export const NOTE_KINDS = [
  { value: "observation", label: "Observation" },
  { value: "pattern", label: "Pattern" },
  { value: "strength", label: "Strength" },
  { value: "gap", label: "Gap" },
  { value: "root_cause", label: "Root cause" },
  { value: "wonder", label: "Wondering" },
];

export const ACTION_STATUSES = [
  { value: "planned", label: "Planned" },
  { value: "in_progress", label: "In progress" },
  { value: "done", label: "Done" },
  { value: "dropped", label: "Dropped" },
];

export const DECISIONS = [
  { value: "next_cycle", label: "Keep going with another cycle" },
  { value: "resolved", label: "The puzzle is resolved" },
];

export const PUZZLE_STATUSES = { active: "Active", resolved: "Resolved", archived: "Archived" };

/** The words for a value from one of the lists above ("root_cause" → "Root cause"). */
export function labelFor(list, value) {
  const found = list.find((item) => item.value === value);
  if (found) return found.label;
  const text = String(value || "").replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "2025-03-14" → "Mar 14, 2025" (a date without a time stays on its day). */
export function formatDate(value) {
  if (!value) return "";
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
}

/** An ISO time → "Mar 14, 2025, 3:05 PM" in the reader's time zone. */
export function formatDateTime(value) {
  if (!value) return "";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toLocaleString(undefined, {
    year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit",
  });
}

/** Today as YYYY-MM-DD in the reader's time zone. */
export function todayIso() {
  const now = new Date();
  const pad = (number) => String(number).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Is a YYYY-MM-DD date before today? */
export function isPast(value) {
  return Boolean(value) && value < todayIso();
}

export function fileSize(bytes) {
  if (bytes === null || bytes === undefined) return "";
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function names(people) {
  return (people || []).map((person) => person.display_name).join(", ");
}

export function cyclePath(cycleId) {
  return path`/cycles/${cycleId}`;
}
