// The meeting protocol as data: for each phase of a cycle, the steps a facilitator (a teacher
// or a student) takes the team through, each with a time box in minutes.
//
// A step is { title, minutes, prompt, tips: [..] }. The analysis phase adds the guiding
// questions from GET /analysis-prompts as steps of their own (see stepsFor).

export const PROTOCOL = {
  draft: {
    title: "Get ready",
    intro: "Agree on the puzzle and who does what, so the cycle can start.",
    steps: [
      {
        title: "Read the puzzle together",
        minutes: 3,
        prompt: "Read the puzzle of practice aloud. Does everyone understand the question?",
        tips: ["Ask one person to say it again in their own words."],
      },
      {
        title: "Agree the roles",
        minutes: 3,
        prompt: "Who facilitates, who records, who keeps time?",
        tips: ["Students can facilitate, record and keep time too."],
      },
      {
        title: "Plan the evidence",
        minutes: 7,
        prompt: "What evidence will we collect, from which students, by when?",
        tips: ["Mix kinds: student work, exit tickets, surveys, observations.",
          "Include student voice: what do students say about their learning?"],
      },
    ],
  },
  evidence: {
    title: "Evidence",
    intro: "Look at what we collected, before we explain it.",
    steps: [
      {
        title: "Share the evidence we collected",
        minutes: 5,
        prompt: "Each person shares one piece of evidence: what it is and where it came from.",
        tips: ["Just describe it. Save explanations for later."],
      },
      {
        title: "What do we notice?",
        minutes: 10,
        prompt: "Say what you see in the evidence, not what you think it means.",
        tips: ["Start with “I notice…”.", "Point to the piece of evidence you mean."],
      },
      {
        title: "What's missing?",
        minutes: 5,
        prompt: "What else would help us understand the puzzle? Whose voice is missing?",
        tips: ["Add anything new to the cycle's evidence before the next meeting."],
      },
    ],
  },
  analysis: {
    title: "Analysis",
    intro: "Find patterns and causes in the evidence.",
    steps: [
      {
        title: "Look for patterns",
        minutes: 8,
        prompt: "What patterns do we see across the evidence? Where are the strengths and the gaps?",
        tips: ["Write each idea as a note and tick the evidence it rests on."],
      },
      // The guiding questions come next (from the API), then:
      {
        title: "Name a root cause",
        minutes: 7,
        prompt: "Why might this be happening? What in our practice could explain it?",
        tips: ["Look at what adults do, not only at what students do."],
      },
    ],
    questionMinutes: 5,
  },
  action: {
    title: "Action",
    intro: "Decide what we will try, and how we'll know it worked.",
    steps: [
      {
        title: "Choose what we'll try",
        minutes: 8,
        prompt: "Which change in our practice goes after the root cause we found?",
        tips: ["Small and specific beats big and vague."],
      },
      {
        title: "Agree what we'll try, who owns it, by when",
        minutes: 7,
        prompt: "For each action: what exactly, who owns it, and the date it's due.",
        tips: ["Students can own actions too."],
      },
      {
        title: "How will we know it worked?",
        minutes: 5,
        prompt: "Write the success criteria: what will we see in students' work or words?",
        tips: [],
      },
    ],
  },
  reflection: {
    title: "Reflection",
    intro: "Look back at what happened and decide what comes next.",
    steps: [
      {
        title: "What happened?",
        minutes: 7,
        prompt: "Each action owner says what they tried and what happened.",
        tips: [],
      },
      {
        title: "What's the evidence of impact?",
        minutes: 8,
        prompt: "What changed for students? What evidence shows it?",
        tips: ["Compare with the evidence from the start of the cycle."],
      },
      {
        title: "Decide what's next",
        minutes: 5,
        prompt: "Do we keep going with another cycle, or is the puzzle resolved?",
        tips: [],
      },
    ],
  },
};

/** The phase whose steps to run for a cycle in `state` (ended cycles look back). */
export function phaseFor(state) {
  if (PROTOCOL[state]) return state;
  return "reflection";
}

/**
 * The steps for a phase. For analysis, each guiding question ({ key, text }) becomes a step
 * after "Look for patterns".
 */
export function stepsFor(phase, prompts = []) {
  const protocol = PROTOCOL[phase] || PROTOCOL.evidence;
  if (phase !== "analysis" || !prompts.length) return protocol.steps;
  const [first, ...rest] = protocol.steps;
  const questions = prompts.map((prompt, index) => ({
    title: prompt.text,
    minutes: protocol.questionMinutes,
    prompt: `Guiding question ${index + 1} of ${prompts.length}. Talk it through, pointing to the evidence.`,
    tips: ["Write what you find as an analysis note and tick the evidence it rests on."],
  }));
  return [first, ...questions, ...rest];
}

/** "5 min" / "1 min". */
export function minutesLabel(minutes) {
  return `${minutes} min`;
}
