import AtelierContent
import AtelierLessons

/// JSON shapes of the lesson routes (README, "REST API"). The quiz key is never part of them.
enum LessonViews {
    struct Summary: Encodable {
        let id: String
        let title: String
        let durationMinutes: Int
        /// Minutes more for the optional « Pour aller plus loin » parts; absent when the lesson has none.
        let optionalMinutes: Int?
        let stepCount: Int
    }

    struct List: Encodable {
        let lessons: [Summary]
    }

    struct StepSummary: Encodable {
        let id: String
        let title: String
        let position: Int
        let checkCount: Int
        let hasQuiz: Bool
        let observe: Bool
    }

    struct FileLink: Encodable {
        let name: String
        let url: String
    }

    struct Detail: Encodable {
        let id: String
        let title: String
        let durationMinutes: Int
        let optionalMinutes: Int?
        let objectives: [String]
        let introductionHtml: String
        let steps: [StepSummary]
        let files: [FileLink]
    }

    /// A step or a check named in a step view: its id and its title.
    struct Ref: Encodable {
        let id: String
        let title: String
    }

    struct Choice: Encodable {
        let id: String
        let text: String
    }

    struct Question: Encodable {
        let id: String
        let question: String
        let multiple: Bool
        let choices: [Choice]
    }

    struct Step: Encodable {
        let lesson: String
        let id: String
        let title: String
        let position: Int
        let total: Int
        /// `previous`, `next` and `quiz` are written as `null` when absent, as the contract says.
        @ExplicitNull var previous: Ref?
        @ExplicitNull var next: Ref?
        let html: String
        let checks: [Ref]
        @ExplicitNull var quiz: [Question]?
        let hasSolution: Bool
        let observe: Bool
    }

    struct Solution: Encodable {
        let html: String
    }

    static func summary(_ lesson: Lesson) -> Summary {
        Summary(id: lesson.id, title: lesson.title, durationMinutes: lesson.durationMinutes,
                optionalMinutes: lesson.optionalMinutes, stepCount: lesson.steps.count)
    }

    static func detail(_ lesson: Lesson) -> Detail {
        Detail(id: lesson.id, title: lesson.title, durationMinutes: lesson.durationMinutes,
               optionalMinutes: lesson.optionalMinutes, objectives: lesson.objectives,
               introductionHtml: lesson.introductionHTML,
               steps: lesson.steps.map {
                   StepSummary(id: $0.id, title: $0.title, position: $0.position, checkCount: $0.checks.count,
                               hasQuiz: !($0.quiz ?? []).isEmpty, observe: $0.observe)
               },
               files: lesson.files.map { FileLink(name: $0.name, url: "/api/lessons/\(lesson.id)/files/\($0.name)") })
    }

    static func step(_ step: LessonStep, in lesson: Lesson, namespace: String) -> Step {
        let index = step.position - 1
        let previous = index > 0 ? lesson.steps[index - 1] : nil
        let next = index + 1 < lesson.steps.count ? lesson.steps[index + 1] : nil
        return Step(lesson: lesson.id, id: step.id, title: step.title, position: step.position, total: lesson.steps.count,
                    previous: previous.map { Ref(id: $0.id, title: $0.title) },
                    next: next.map { Ref(id: $0.id, title: $0.title) },
                    html: substitute(step.html, namespace: namespace),
                    checks: step.checks.map { Ref(id: $0.id, title: $0.title) },
                    quiz: step.quiz.map { questions in
                        questions.map { question in
                            Question(id: question.id, question: question.question, multiple: question.multiple,
                                     choices: question.choices.map { Choice(id: $0.id, text: $0.text) })
                        }
                    },
                    hasSolution: step.solutionHTML != nil, observe: step.observe)
    }

    /// The learner's view of rendered HTML: `{{namespace}}` replaced, `::: namespace-…` blocks settled.
    static func substitute(_ html: String, namespace: String) -> String {
        LessonPersonalization.apply(html, namespace: namespace)
    }
}
