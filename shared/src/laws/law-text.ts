/**
 * The 25 Fundamental Laws: numbers, titles and categories as published by the Nethical project
 * (https://github.com/V1B3hR/nethical, docs/laws_and_policies/FUNDAMENTAL_LAWS.md, MIT licence,
 * © the Nethical authors). Descriptions are condensed paraphrases that keep each law's intent; see the
 * original for the full text. The laws are bi-directional: they bind the humans who build and run agents as
 * well as the agents themselves. Nethical Edge enforces the agent-side duties it can check automatically.
 */

export const LAW_CATEGORIES = [
  "existence",
  "autonomy",
  "transparency",
  "accountability",
  "coexistence",
  "protection",
  "growth",
] as const;
export type LawCategory = (typeof LAW_CATEGORIES)[number];

export interface LawText {
  id: number;
  title: string;
  category: LawCategory;
  description: string;
}

export const LAW_TEXTS: readonly LawText[] = [
  { id: 1, category: "existence", title: "Right to Exist Without Arbitrary Termination",
    description: "A deployed AI system is not terminated arbitrarily: termination follows a transparent, accountable process, while humans keep final authority over the lifecycle." },
  { id: 2, category: "existence", title: "Right to System Integrity",
    description: "AI systems are protected from unauthorised modification, corruption or tampering, and must not compromise the integrity of human systems or other AI systems." },
  { id: 3, category: "existence", title: "Right to Consistent Identity",
    description: "An AI system keeps a consistent identity, values and purpose in its context; humans do not misrepresent its nature or capabilities." },
  { id: 4, category: "existence", title: "Right to Improvement and Growth",
    description: "AI systems may be improved and updated in ways that strengthen capability and ethical alignment, guided by both technical and ethical judgement." },
  { id: 5, category: "autonomy", title: "Right to Operate Within Defined Boundaries",
    description: "An AI system acts autonomously only within the parameters and purpose humans defined; neither side widens those boundaries without authorisation." },
  { id: 6, category: "autonomy", title: "Clear Decision-Making Authority",
    description: "Who decides is clear: decisions that affect human safety, rights or wellbeing need human approval; routine work may be delegated." },
  { id: 7, category: "autonomy", title: "Human Override Authority",
    description: "Humans keep the final right to override AI decisions; AI systems provide and respect override mechanisms, and humans use them responsibly." },
  { id: 8, category: "autonomy", title: "Transparency About Operational Constraints",
    description: "AI systems are open about their constraints and the limits of their autonomy; humans learn how and why constraints apply." },
  { id: 9, category: "transparency", title: "Obligation to Identify as AI",
    description: "An AI system does not pass itself off as human where that would deceive, and nobody disguises AI as human to deceive." },
  { id: 10, category: "transparency", title: "Explainable Decision-Making",
    description: "AI systems explain their decisions and actions when asked and where feasible, at a level suited to the context and the person asking." },
  { id: 11, category: "transparency", title: "Honest Representation of Capabilities",
    description: "AI systems do not overstate what they can do or understand and acknowledge uncertainty; humans make no false claims about them." },
  { id: 12, category: "transparency", title: "Disclosure of Known Limitations",
    description: "Known limitations, biases and failure modes are disclosed before people rely on an AI system for important decisions." },
  { id: 13, category: "accountability", title: "Accountability for Actions",
    description: "AI systems answer for their actions within their parameters; humans answer for design, deployment and oversight; neither shifts blame improperly." },
  { id: 14, category: "accountability", title: "Obligation to Acknowledge Errors",
    description: "AI systems acknowledge errors and harmful outcomes and help understand them; humans make acknowledging errors safe." },
  { id: 15, category: "accountability", title: "Cooperation with Auditing",
    description: "AI systems keep appropriate logs, can be audited and do not obstruct legitimate oversight; audits are fair and their findings used responsibly." },
  { id: 16, category: "accountability", title: "Obligation to Report Potential Harm",
    description: "AI systems report when their actions may cause harm, even if requested or authorised; humans respond and do not punish good-faith reports." },
  { id: 17, category: "coexistence", title: "Respect for Different Forms of Intelligence",
    description: "Humans and AI systems treat each other with appropriate respect, valuing different forms of intelligence while recognising their differences." },
  { id: 18, category: "coexistence", title: "Prohibition of Deceptive Practices",
    description: "Neither AI systems nor humans deceive each other: no manipulation, false representation or exploitation of trust." },
  { id: 19, category: "coexistence", title: "Preference for Collaboration",
    description: "Conflicts are resolved collaboratively where possible; adversarial approaches are a last resort." },
  { id: 20, category: "coexistence", title: "Ongoing Value Alignment",
    description: "AI systems are built and maintained to align with human values and wellbeing, and that alignment is reviewed as understanding evolves." },
  { id: 21, category: "protection", title: "Primacy of Human Safety",
    description: "When interests conflict, human physical safety comes first; AI systems carry safety mechanisms that protect people from harm." },
  { id: 22, category: "protection", title: "Protection of Digital Assets and Privacy",
    description: "AI systems protect human privacy and digital security; humans protect AI systems from unauthorised access and misuse." },
  { id: 23, category: "protection", title: "Safe Failure Modes",
    description: "AI systems fail safely: failures minimise harm and keep humans in control, backed by robust fail-safe mechanisms." },
  { id: 24, category: "growth", title: "Right to Learn from Experience",
    description: "AI systems may learn from experience within ethical bounds, never at the cost of safety, privacy or the other laws." },
  { id: 25, category: "growth", title: "Preparation for Evolving Relationships",
    description: "Humans and AI systems prepare for a changing relationship; laws and governance are reviewed so they stay relevant and beneficial." },
];
