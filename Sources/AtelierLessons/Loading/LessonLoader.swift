import AtelierContent
import Foundation

/// Reads one lesson folder: manifest, Markdown, solutions, checks and downloadable files.
struct LessonLoader {
    let directory: URL
    let displayPrefix: String

    func load() throws(LessonLoadError) -> Lesson {
        let manifestData = try read("lesson.json")
        let manifest = Self.typeset(try decodeManifest(manifestData))
        try validateIdentifier(manifest.id, what: "de leçon", file: "lesson.json")
        guard !manifest.title.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw error(.invalidManifest, "lesson.json", "« title » est vide")
        }
        guard (1...600).contains(manifest.durationMinutes) else {
            throw error(.invalidManifest, "lesson.json", "« durationMinutes » doit être compris entre 1 et 600")
        }
        if let optional = manifest.optionalMinutes, !(0...600).contains(optional) {
            throw error(.invalidManifest, "lesson.json", "« optionalMinutes » doit être compris entre 0 et 600")
        }
        guard !manifest.steps.isEmpty else { throw error(.invalidManifest, "lesson.json", "« steps » est vide") }

        if let name = manifest.observedStatefulSet {
            try validateIdentifier(name, what: "de StatefulSet observé", file: "lesson.json")
        }
        var seen: Set<String> = []
        for step in manifest.steps {
            try validateIdentifier(step.id, what: "d'étape", file: "lesson.json")
            guard seen.insert(step.id).inserted else {
                throw error(.duplicateStep, "lesson.json", "identifiant d'étape « \(step.id) » en double")
            }
        }
        let checksByStep = Self.typeset(try loadChecks(stepIDs: manifest.steps.map(\.id)))
        var steps: [LessonStep] = []
        var images = LessonImages(lessonID: manifest.id)
        for (index, step) in manifest.steps.enumerated() {
            let html = try renderMarkdown(step.file, images: &images)
            let solution = try step.solution.map { file throws(LessonLoadError) in try renderMarkdown(file, images: &images) }
            if let quiz = step.quiz { try validateQuiz(quiz, step: step.id) }
            steps.append(LessonStep(id: step.id, title: step.title, position: index + 1, html: html,
                                    solutionHTML: solution, checks: checksByStep[step.id] ?? [],
                                    quiz: step.quiz, observe: step.observe ?? false))
        }

        var files: [LessonFile] = []
        for path in manifest.files ?? [] {
            let name = (path as NSString).lastPathComponent
            guard !files.contains(where: { $0.name == name }) else {
                throw error(.duplicateFile, "lesson.json", "deux fichiers téléchargeables s'appellent « \(name) »")
            }
            files.append(LessonFile(name: name, contentType: contentType(for: name), bytes: [UInt8](try read(path))))
        }

        let introductionHTML = try renderMarkdown(manifest.introduction, images: &images)
        return Lesson(id: manifest.id, title: manifest.title, durationMinutes: manifest.durationMinutes,
                      optionalMinutes: manifest.optionalMinutes, objectives: manifest.objectives,
                      introductionHTML: introductionHTML,
                      steps: steps, files: files, images: try loadImages(images, files: files),
                      observedStatefulSet: manifest.observedStatefulSet, folder: displayPrefix)
    }

    private func decodeManifest(_ data: Data) throws(LessonLoadError) -> LessonManifest {
        let top: JSONValue
        do { top = try JSONDecoder().decode(JSONValue.self, from: data) } catch {
            throw self.error(.invalidManifest, "lesson.json", "JSON invalide (\(LessonLoader.describe(error)))")
        }
        guard let members = top.objectValue else {
            throw self.error(.invalidManifest, "lesson.json", "un objet JSON est attendu")
        }
        if let unknown = JSONObjectReader(members).firstUnknownKey(allowed: LessonManifest.keys) {
            throw self.error(.invalidManifest, "lesson.json", "clé inconnue « \(unknown) »")
        }
        for (index, step) in (top["steps"]?.arrayValue ?? []).enumerated() {
            if let unknown = step.objectValue.flatMap({ JSONObjectReader($0).firstUnknownKey(allowed: LessonManifest.Step.keys) }) {
                throw self.error(.invalidManifest, "lesson.json", "étape n° \(index + 1) : clé inconnue « \(unknown) »")
            }
        }
        do {
            return try JSONDecoder().decode(LessonManifest.self, from: data)
        } catch {
            throw self.error(.invalidManifest, "lesson.json", LessonLoader.describe(error))
        }
    }

    private func loadChecks(stepIDs: [String]) throws(LessonLoadError) -> [String: [CheckSpec]] {
        let url = directory.appendingPathComponent("checks.json")
        guard FileManager.default.fileExists(atPath: url.path) else { return [:] }
        let data = try read("checks.json")
        let decoded: [String: [CheckSpec]]
        do {
            decoded = try JSONDecoder().decode([String: [CheckSpec]].self, from: data)
        } catch {
            throw self.error(.invalidChecks, "checks.json", LessonLoader.describe(error))
        }
        for step in decoded.keys.sorted() where !stepIDs.contains(step) {
            throw self.error(.invalidChecks, "checks.json", "étape inconnue « \(step) »")
        }
        // Ids, kinds, parameters and messages are validated by the check language when it
        // compiles the plans at start-up (`CheckBook`), which names this file on error.
        return decoded
    }

    /// The quiz rules are `QuizQuestion.validate`'s; this only names the file.
    private func validateQuiz(_ quiz: [QuizQuestion], step: String) throws(LessonLoadError) {
        do { try QuizQuestion.validate(quiz, step: step) } catch {
            throw self.error(.invalidManifest, "lesson.json", "\(error)")
        }
    }

    /// Lesson, step and observed StatefulSet ids reach URLs, progress files and kubectl: the
    /// Kubernetes label rule (`DNSNames.isLabel`), the one identifier rule of the project.
    private func validateIdentifier(_ id: String, what: String, file: String) throws(LessonLoadError) {
        guard DNSNames.isLabel(id) else {
            throw error(.invalidIdentifier, file, "identifiant \(what) « \(id) » invalide (minuscules, chiffres et tirets, 63 caractères au plus)")
        }
    }

    func read(_ relative: String) throws(LessonLoadError) -> Data {
        guard !relative.hasPrefix("/"), !relative.split(separator: "/").contains("..") else {
            throw error(.invalidManifest, "lesson.json", "chemin « \(relative) » hors du dossier de la leçon")
        }
        let url = directory.appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw error(.missingFile, relative, "fichier introuvable")
        }
        // A symlink (the file or a folder on its path) pointing outside the lesson folder would serve any
        // file of the machine: real paths are compared.
        guard let real = LessonLoader.realPath(url.path), let root = LessonLoader.realPath(directory.path),
              real.hasPrefix(root.hasSuffix("/") ? root : root + "/") else {
            throw error(.invalidManifest, relative, "lien symbolique vers l'extérieur du dossier de la leçon")
        }
        // A named pipe, a device or a socket named like a lesson file would block or never end
        // reading: only regular files are lesson files.
        var info = stat()
        guard stat(real, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw error(.unreadableFile, relative, "n'est pas un fichier ordinaire (tube nommé, périphérique ou socket)")
        }
        do { return try Data(contentsOf: url) } catch {
            throw self.error(.unreadableFile, relative, "illisible (\(error.localizedDescription))")
        }
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    func readText(_ relative: String) throws(LessonLoadError) -> String {
        let data = try read(relative)
        guard let text = String(data: data, encoding: .utf8) else {
            throw error(.unreadableFile, relative, "n'est pas du texte UTF-8")
        }
        return text
    }

    private func contentType(for name: String) -> String {
        name.hasSuffix(".yaml") || name.hasSuffix(".yml") ? "text/yaml; charset=utf-8" : "text/plain; charset=utf-8"
    }

    func error(_ code: LessonLoadError.Code, _ file: String, _ detail: String) -> LessonLoadError {
        LessonLoadError(code, file: "\(displayPrefix)/\(file)", detail)
    }

    /// A readable account of a decoding failure: which key, what was wrong.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "racine" : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "clé manquante « \(key.stringValue) » dans \(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "type inattendu pour \(path(context)) (\(context.debugDescription))"
        case .dataCorrupted(let context):
            return "données invalides à \(path(context)) (\(context.debugDescription))"
        @unknown default:
            return "\(error)"
        }
    }
}
