import AtelierContent

/// French spacing on the texts that come from JSON rather than Markdown — the lesson title and
/// objectives, step titles, quiz questions, choices, explanations and hints, check titles and
/// hints — applied once, here, when the lesson is loaded. Authors type ordinary spaces, as in
/// the Markdown. `FrenchTypography` only turns an existing space before `: ; ! ?` into a no-break
/// one, so a command or YAML quoted in a hint (« app: postgres », `--replicas=1`) is unchanged.
/// Check-message templates (checks.json `messages`) are typeset by the check language when it
/// compiles them (`CompiledCheck`), with the kinds' own templates.
extension LessonLoader {
    static func typeset(_ manifest: LessonManifest) -> LessonManifest {
        LessonManifest(
            id: manifest.id, title: FrenchTypography.apply(manifest.title),
            durationMinutes: manifest.durationMinutes, optionalMinutes: manifest.optionalMinutes,
            introduction: manifest.introduction, objectives: manifest.objectives.map(FrenchTypography.apply),
            files: manifest.files, observedStatefulSet: manifest.observedStatefulSet,
            steps: manifest.steps.map { step in
                LessonManifest.Step(id: step.id, title: FrenchTypography.apply(step.title), file: step.file,
                                    solution: step.solution, observe: step.observe,
                                    quiz: step.quiz.map { $0.map(typeset) })
            })
    }

    static func typeset(_ question: QuizQuestion) -> QuizQuestion {
        QuizQuestion(id: question.id, question: FrenchTypography.apply(question.question), multiple: question.multiple,
                     choices: question.choices.map { QuizChoice(id: $0.id, text: FrenchTypography.apply($0.text)) },
                     answer: question.answer, explanation: question.explanation.map(FrenchTypography.apply),
                     hint: question.hint.map(FrenchTypography.apply))
    }

    /// Every field is passed on: `CheckSpec.init` has defaults, so a forgotten one would vanish silently.
    static func typeset(_ checks: [String: [CheckSpec]]) -> [String: [CheckSpec]] {
        checks.mapValues { specs in
            specs.map { spec in
                CheckSpec(id: spec.id, title: FrenchTypography.apply(spec.title), kind: spec.kind, params: spec.params,
                          messages: spec.messages, hint: spec.hint.map(FrenchTypography.apply), requires: spec.requires)
            }
        }
    }
}
