import AgoraTestKit
import Foundation
import Testing

extension OperatorIntegration.DevCLITests {
    /// `/metrics` of the apps and jobs frameworks, read by prometheus_client's parser: what
    /// Prometheus scrapes (Accept: text/plain) and `/metrics/prometheus`.
    @Test func theAppsAndJobsMetricsParse() async throws {
        try await withDev("metrics-frameworks") { dev in
            let app = try dev.file("web.json", #"{"id": "/web", "cmd": "sleep 300", "cpus": 0.1, "mem": 16, "instances": 1}"#)
            #expect(try await dev.agora(["app", "deploy", app, "--watch"], within: 60).status == 0)
            let job = try dev.file("tick.json", #"{"name": "tick", "command": "true", "schedule": "R/2030-01-01T00:00:00Z/PT1H"}"#)
            #expect(try await dev.agora(["job", "add", job]).status == 0)
            #expect(try await dev.agora(["job", "run", "tick"]).status == 0)
            try await eventually("the run to finish", within: 30) {
                !((try await dev.agora(["job", "history", "tick", "-o", "json"]).json() as? [Any]) ?? []).isEmpty
            }
            typealias Parse = OperatorIntegration.MetricsAndAgentAPITests
            let prometheusAccept = "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
            let apps = try await Parse.families("http://\(dev.apps)/metrics", accept: prometheusAccept, in: dev.directory)
            #expect(Parse.samples(apps["agora_apps_apps"]).first?["value"] as? Double == 1)
            #expect(Parse.samples(apps["agora_apps_leader"]).first?["value"] as? Double == 1)
            let running = Parse.samples(apps["agora_apps_tasks"]).first { ($0["labels"] as? [String: String])?["state"] == "TASK_RUNNING" }
            #expect(running?["value"] as? Double == 1, "\(apps["agora_apps_tasks"] ?? [:])")
            #expect(apps["agora_apps_deployments"]?["type"] as? String == "gauge")
            #expect(apps["agora_apps_deployment_oldest_seconds"] != nil && apps["agora_apps_queue_instances"] != nil)
            #expect(apps["agora_apps_http_requests"]?["type"] as? String == "counter")
            let jobs = try await Parse.families("http://\(dev.jobs)/metrics/prometheus", in: dev.directory)
            #expect(jobs["agora_jobs_lateness_seconds"]?["type"] as? String == "histogram")
            let lateness = Parse.samples(jobs["agora_jobs_lateness_seconds"]).first { $0["name"] as? String == "agora_jobs_lateness_seconds_count" }
            #expect(lateness?["value"] as? Double == 1, "one run was launched: \(jobs["agora_jobs_lateness_seconds"] ?? [:])")
            #expect((Parse.samples(jobs["agora_jobs_tasks_launched"]).first?["value"] as? Double ?? 0) >= 1)
            #expect(Parse.samples(jobs["agora_jobs_jobs"]).first?["value"] as? Double == 1)
            let scraped = try await Parse.families("http://\(dev.jobs)/metrics", accept: prometheusAccept, in: dev.directory)
            #expect(scraped["agora_jobs_leader"] != nil, "Prometheus's Accept gets the text format at /metrics too")
            let chronos = try await getJSON("http://\(dev.jobs)/metrics")
            #expect(chronos["gauges"] != nil, "Chronos clients still get JSON")
        }
    }
}
