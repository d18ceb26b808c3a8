// The cycle page in the words of whoever reads it. Teachers and coaches get the protocol's
// words; a student (on a team where they are a student) gets plain words a 12-year-old knows:
// "What did we notice?" rather than "Analysis", "Why do we think it happens?" rather than
// "Root cause". Same pages, same data, same rules: only the labels differ.

const ADULT = {
  evidenceTitle: "Evidence",
  evidenceIntro: "What the team collected: student work, exit tickets, journals, surveys, observations…",
  analysisTitle: "Analysis",
  analysisIntro: "What the evidence shows: patterns, strengths, gaps, root causes — each resting on evidence.",
  actionsTitle: "Action plan",
  actionsIntro: "What we'll try, who owns it, by when, and how we'll know it worked.",
  reflectionTitle: "Reflection",
  reflectionIntro: "What happened when we tried our actions, what the evidence of impact is, and what comes next.",
  commentsTitle: "Comments",
  commentsIntro: "Questions and encouragement from the team and its coach.",
  historyTitle: "History",
  owner: "Owner",
  ownerHint: "Anyone on the team, students too.",
  due: "Due date",
  criteria: "Success criteria",
  criteriaLabel: "How will we know it worked? (success criteria)",
  whatLabel: "What will we try?",
  planTitle: "Plan an action",
  noActions: "No actions planned yet.",
  noOwner: "No owner yet",
  noDate: "No date yet",
  needTitle: "Say what you'll try.",
  noteKinds: {
    observation: "Observation", pattern: "Pattern", strength: "Strength", gap: "Gap",
    root_cause: "Root cause", wonder: "Wondering",
  },
};

const STUDENT = {
  ...ADULT,
  evidenceTitle: "What we collected",
  evidenceIntro: "Things that show how learning is going: our work, exit tickets, journals, photos, surveys.",
  analysisTitle: "What did we notice?",
  analysisIntro: "What the things we collected tell us. Say which of them shows it.",
  actionsTitle: "What we'll try",
  actionsIntro: "What we'll do, who does it, by when, and how we'll know it worked.",
  reflectionTitle: "How did it go?",
  reflectionIntro: "What happened when we tried our ideas, what shows it helped, and what we do next.",
  commentsTitle: "Talk about it",
  commentsIntro: "Questions and ideas from the team and from our coach.",
  historyTitle: "What happened so far",
  owner: "Who does it",
  ownerHint: "Anyone on the team, you too.",
  due: "Do it by",
  criteria: "We'll know it worked when",
  criteriaLabel: "How will we know it worked?",
  planTitle: "Add something to try",
  noActions: "Nothing to try yet.",
  noOwner: "Nobody yet",
  noDate: "No day yet",
  needTitle: "Say what you'll try.",
  noteKinds: {
    observation: "Something we noticed",
    pattern: "Something that keeps happening",
    strength: "Something going well",
    gap: "Something missing",
    root_cause: "Why we think it happens",
    wonder: "Something we wonder",
  },
};

/** Does the reader take part in this cycle's team as a student (and not as a teacher)? */
export function readsAsStudent(ctx) {
  const roles = (ctx.cycle && ctx.cycle.my_roles) || [];
  return roles.includes("student") && !roles.includes("teacher");
}

/** The words for the cycle page, for this reader. */
export function words(ctx) {
  return readsAsStudent(ctx) ? STUDENT : ADULT;
}

/** Note kinds as { value, label } in the reader's words. */
export function noteKinds(ctx) {
  return Object.entries(words(ctx).noteKinds).map(([value, label]) => ({ value, label }));
}
