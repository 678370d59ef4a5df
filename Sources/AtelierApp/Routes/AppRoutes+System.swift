import AtelierHTTP

extension AppRoutes {
    static func registerSystem(on router: inout Router, services: AppServices) {
        router.get("/healthz", immediate: { _, _ in
            try Response.json(["status": "ok"])
        })
        let metrics = services.metrics
        router.get("/metrics", immediate: { request, _ in
            if services.config.metricsAccess == "trainer" { try services.requireTrainer(request) }
            return Response.text(metrics.render(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        })
    }
}
