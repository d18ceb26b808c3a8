// Words for the values the API sends, shared by the pages.

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
