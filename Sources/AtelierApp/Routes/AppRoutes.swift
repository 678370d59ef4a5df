import AtelierHTTP

/// Route table of the application; each area registers itself in `AppRoutes+<Area>.swift`.
enum AppRoutes {
    static func register(on router: inout Router, services: AppServices) {
        registerSystem(on: &router, services: services)
        registerLessons(on: &router, services: services)
        registerLearners(on: &router, services: services)
        registerChecks(on: &router, services: services)
        registerLive(on: &router, services: services)
        registerTrainer(on: &router, services: services)
        registerClasses(on: &router, services: services)
        registerKubeconfig(on: &router, services: services)
        registerPrivacy(on: &router, services: services)
        router.files(services.staticFiles)
    }
}
