import AgoraTestKit
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension OperatorIntegration.DevCLITests {
    @Test func appsDeployFromAFileScaleRollBackAndDelete() async throws {
        try await withDev("cli-apps") { dev in
            let first = try dev.file("web.json", #"{"id": "/web", "cmd": "sleep 300", "cpus": 0.1, "mem": 16, "instances": 2}"#)
            let deploy = try await dev.agora(["app", "deploy", first, "--watch"], within: 60)
            #expect(deploy.status == 0, "\(deploy.stderr)")
            #expect(deploy.stdout.hasPrefix("app /web created: deployment "), "\(deploy.stdout)")
            #expect(deploy.stdout.contains(") finished\n") || deploy.stdout.contains(" finished\n"), "\(deploy.stdout)")
            let list = try await dev.agora(["app", "list"])
            #expect(list.status == 0 && list.stdout.hasPrefix("ID  ") && list.stdout.contains("/web  2/2"), "\(list.stdout)")
            let apps = try #require(try await dev.agora(["app", "list", "-o", "json"]).json() as? [[String: Any]])
            #expect(apps.count == 1 && apps.first?["id"] as? String == "/web" && apps.first?["tasksRunning"] as? Int == 2)
            let show = try await dev.agora(["app", "show", "web"])
            #expect(show.stdout.contains("Instances:   2 running, 0 staged of 2") && show.stdout.contains("RUNNING"), "\(show.stdout)")

            let second = try dev.file("web2.json", #"{"id": "/web", "cmd": "sleep 301", "cpus": 0.1, "mem": 16, "instances": 2}"#)
            let update = try await dev.agora(["app", "deploy", second])
            #expect(update.status == 0 && update.stdout.hasPrefix("app /web updated: deployment "), "\(update.stdout) \(update.stderr)")
            #expect(try await dev.app("/web")["cmd"] as? String == "sleep 301")
            try await dev.settled()
            let rollback = try await dev.agora(["app", "rollback", "/web"])
            #expect(rollback.status == 0 && rollback.stdout.hasPrefix("app /web rolling back: deployment "), "\(rollback.stderr)")
            #expect(try await dev.app("/web")["cmd"] as? String == "sleep 300", "back to the first definition")
            try await dev.settled()
            let scale = try await dev.agora(["app", "scale", "/web", "1", "-o", "json"])
            let ref = try #require(try scale.json() as? [String: Any])
            #expect(scale.status == 0 && (ref["deploymentId"] as? String)?.isEmpty == false, "\(scale.stdout)")
            try await eventually("one instance left", within: 30) { try await dev.app("/web")["tasksRunning"] as? Int == 1 }
            try await dev.settled()
            #expect(try await dev.agora(["app", "restart", "/web"]).status == 0)
            try await dev.settled()
            let delete = try await dev.agora(["app", "delete", "/web"])
            #expect(delete.status == 0 && delete.stdout.hasPrefix("app /web deleting: deployment "))
            try await eventually("the app to be gone", within: 30) { try await dev.agora(["app", "show", "/web"]).status == 3 }

            let missing = try await dev.agora(["app", "scale", "/ghost", "2"])
            #expect(missing.status == 3 && missing.stderr == "agora: app /ghost not found\n", "\(missing.stderr)")
            let invalid = try dev.file("bad.json", #"{"id": "/bad", "cmd": "true", "cpus": -1, "instances": -2}"#)
            let refused = try await dev.agora(["app", "deploy", invalid])
            #expect(refused.status == 1, "\(refused.stderr)")
            #expect(refused.stderr.contains("\n  /instances: got -2, expected 0 or more\n") && refused.stderr.contains("\n  /cpus: "), "\(refused.stderr)")
        }
    }

    @Test func aDeploymentThatCannotFitStallsAndWhySaysWhy() async throws {
        try await withDev("cli-stall") { dev in
            let big = try dev.file("big.json", #"{"id": "/big", "cmd": "sleep 300", "cpus": 4, "mem": 16, "instances": 1}"#)
            #expect(try await dev.agora(["app", "deploy", big]).status == 0)
            let watch = try CLIProcess(["deployments", "--watch", "--stall-after", "1"] + dev.endpoints, in: dev.directory)
            try await eventually("the progress line") { watch.stdout.contains("ScaleApplication /big: /big 0/1 running") }
            try await eventually("the stall message", within: 30) { watch.stdout.contains(" stalled: no progress for ") }
            #expect(watch.stdout.contains("/big: 1 waiting to launch: no offer fits: InsufficientCpus"), "\(watch.stdout)")
            watch.signal(SIGINT)
            #expect(try await watch.exit(within: 10) == 0, "--watch ends on Ctrl-C with 0")
            let deployments = try #require(try await dev.agora(["deployments", "-o", "json"]).json() as? [[String: Any]])
            #expect(deployments.count == 1 && deployments.first?["affectedApps"] as? [String] == ["/big"])
            let why = try await dev.agora(["why", "/big"])
            #expect(why.status == 0, "\(why.stderr)")
            #expect(why.stdout.hasPrefix("App /big: 0 of 1 instances running; 1 waiting to launch.\n"), "\(why.stdout)")
            #expect(why.stdout.contains("The apps framework: no offer fits: InsufficientCpus"), "\(why.stdout)")
            #expect(why.stdout.contains("no agent has cpus:4 free for role *"), "the allocator's view too: \(why.stdout)")
            let report = try #require(try await dev.agora(["why", "big", "-o", "json"]).json() as? [String: Any])
            #expect(((report["app"] as? [String: Any])?["queue"] as? [String: Any]) != nil, "\(report)")
            let ghost = try await dev.agora(["why", "ghost"])
            #expect(ghost.status == 3 && ghost.stderr.contains("nor does the apps framework"), "\(ghost.stderr)")
        }
    }

    @Test func jobsAddRunHistoryAndDelete() async throws {
        try await withDev("cli-jobs") { dev in
            let file = try dev.file("backup.json", #"""
                {"name": "backup", "command": "echo backing up", "schedule": "R/2030-01-01T00:00:00Z/PT24H",
                 "cpus": 0.1, "mem": 16, "owner": "ops@example.com"}
                """#)
            let add = try await dev.agora(["job", "add", file])
            #expect(add.status == 0 && add.stdout == "job backup saved\n", "\(add.stdout) \(add.stderr)")
            let list = try await dev.agora(["job", "list"])
            #expect(list.stdout.hasPrefix("NAME  ") && list.stdout.contains("backup  R/2030-01-01T00:00:00Z/PT24H  fresh  idle"), "\(list.stdout)")
            let jobs = try #require(try await dev.agora(["job", "list", "-o", "json"]).json() as? [[String: Any]])
            #expect(jobs.map { $0["name"] as? String } == ["backup"])
            #expect(try await dev.agora(["job", "run", "backup"]).stdout == "job backup started\n")
            let history = try await eventuallyValue("the run in the history", within: 30) { () -> [[String: Any]]? in
                let runs = try await dev.agora(["job", "history", "backup", "-o", "json"]).json() as? [[String: Any]] ?? []
                return runs.isEmpty ? nil : runs
            }
            #expect(history.first?["trigger"] as? String == "manual", "\(history)")
            let table = try await dev.agora(["job", "history", "backup"])
            #expect(table.stdout.hasPrefix("DUE  ") && table.stdout.contains("manual"), "\(table.stdout)")
            let show = try await dev.agora(["job", "show", "backup"])
            #expect(show.stdout.contains("Command:   echo backing up") && show.stdout.contains("Runs:      1 succeeded"), "\(show.stdout)")
            #expect((try await dev.agora(["job", "show", "backup", "-o", "json"]).json() as? [String: Any])?["owner"] as? String == "ops@example.com")
            #expect(try await dev.agora(["job", "delete", "backup"]).status == 0)
            let missing = try await dev.agora(["job", "show", "backup"])
            #expect(missing.status == 3 && missing.stderr == "agora: job backup not found\n", "\(missing.stderr)")
            let invalid = try dev.file("bad.json", #"{"name": "bad name", "command": "true", "schedule": "R/2030-01-01T00:00:00Z/PT1H"}"#)
            let refused = try await dev.agora(["job", "add", invalid])
            #expect(refused.status == 1 && refused.stderr.contains("name is invalid"), "\(refused.stderr)")
        }
    }
}
