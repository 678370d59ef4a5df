import ArgumentParser

/// `atelier`: the command-line entry point. No main.swift: top-level code there is @MainActor,
/// and nothing here should run on the main actor.
@main
struct AtelierCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "atelier",
        abstract: "Atelier — serveur de travaux pratiques Kubernetes (leçons en français, vérifications sur le cluster de l'apprenant).",
        subcommands: [ServeCommand.self],
        defaultSubcommand: ServeCommand.self)
}
