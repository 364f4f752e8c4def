import AgoraHTTP
import AgoraModel
import AgoraWire
import Testing

@Suite struct ResourcesProtoTests {
    @Test func roundTripsThroughProtoInBothReservationFormats() throws {
        let resources = try Resources.parse("cpus:4;mem:1024;ports:[31000-31010,31020-31030];disk(web):100;ids:{a,b}")
            .allocated(to: "web")
        for refinement in [true, false] {
            let back = try Resources(proto: resources.proto(refinement: refinement))
            #expect(back == resources, "refinement \(refinement)")
        }
    }

    @Test func writesTheOldRoleFormatForFrameworksWithoutRefinement() throws {
        let proto = try Resources.parse("cpus:1;disk(web):5").proto(refinement: false, allocationInfo: false)
        #expect(try MesosJSON.encodeString(proto[0]) == #"{"name":"cpus","type":"SCALAR","scalar":{"value":1.0},"role":"*"}"#)
        #expect(try MesosJSON.encodeString(proto[1]) == #"{"name":"disk","type":"SCALAR","scalar":{"value":5.0},"role":"web"}"#)
    }

    @Test func writesReservationsForRefinementFrameworks() throws {
        let proto = try Resources.parse("disk(web):5").allocated(to: "web").proto()
        #expect(try MesosJSON.encodeString(proto[0])
            == #"{"name":"disk","type":"SCALAR","scalar":{"value":5.0},"allocation_info":{"role":"web"},"reservations":[{"type":"STATIC","role":"web"}]}"#)
    }

    @Test func parsesTheJSONArrayForm() throws {
        let json = #"[{"name":"cpus","type":"SCALAR","scalar":{"value":2}},{"name":"ports","type":"RANGES","ranges":{"range":[{"begin":1,"end":5}]}},{"name":"mem","type":"SCALAR","scalar":{"value":512},"role":"db"}]"#
        let resources = try Resources.parseJSON(json)
        #expect(resources == (try Resources.parse("cpus:2;ports:[1-5];mem(db):512")))
    }

    @Test(arguments: [
        (#"[{"name":"cpus","type":"SCALAR","scalar":{"value":-1}}]"#, "invalid scalar"),
        (#"[{"name":"ports","type":"RANGES","ranges":{"range":[{"begin":5,"end":1}]}}]"#, "invalid range"),
        (#"[{"name":"","type":"SCALAR","scalar":{"value":1}}]"#, "name must not be empty"),
        (#"[{"name":"cpus","type":"SCALAR"}]"#, "invalid scalar"),
        (#"[{"type":"SCALAR","scalar":{"value":1}}]"#, "Missing required fields"),
        ("not json", "Bad resources JSON"),
    ])
    func rejectsBadResources(json: String, fragment: String) {
        #expect {
            _ = try Resources.parseJSON(json)
        } throws: { error in
            "\(error)".contains(fragment)
        }
    }
}

@Suite struct ModelProtoTests {
    @Test func taskStatusKeepsWhatTheModelDoesNotRead() {
        var proto = ProtoTaskStatus()
        proto.taskID.value = "t"
        proto.state = .taskRunning
        proto.uuid = .init([UInt8](repeating: 7, count: 16))
        proto.labels.labels = [.with { $0.key = "k"; $0.value = "v" }]
        proto.data = .init([1, 2, 3])
        let model = TaskStatus(proto: proto)
        #expect(model.state == .running && model.uuid == [UInt8](repeating: 7, count: 16))
        #expect(model.proto == proto)
    }

    @Test func taskInfoSurvivesTheModelWithCompletedResources() throws {
        var info = ProtoTaskInfo()
        info.name = "web"
        info.taskID.value = "web-1"
        info.agentID.value = "a"
        info.command.value = "serve"
        info.healthCheck.type = .tcp
        info.healthCheck.tcp.port = 8080
        info.resources = try Resources.parse("cpus:1").proto()
        var spec = try TaskSpec(proto: info)
        #expect(spec.hasCommand && spec.executor == nil)
        spec.resources = spec.resources.allocated(to: "web")
        let back = spec.proto
        #expect(back.healthCheck == info.healthCheck)
        #expect(back.command.value == "serve")
        #expect(back.resources[0].allocationInfo.role == "web")
    }

    @Test func frameworkInfoRolesFollowMultiRole() {
        var info = ProtoFrameworkInfo()
        info.user = "u"
        info.name = "n"
        info.role = "legacy"
        #expect(FrameworkDescriptor(proto: info).roles == ["legacy"])
        info.roles = ["a", "b"]
        let descriptor = FrameworkDescriptor(proto: info)
        #expect(descriptor.roles == ["a", "b"] && descriptor.usesRolesField)
        #expect(FrameworkDescriptor(proto: info).proto.roles == ["a", "b"])
    }

    @Test func offersAreShapedForTheFrameworksCapabilities() throws {
        let offer = Offer(
            id: "o", frameworkID: "f", agentID: "a", hostname: "h", resources: try Resources.parse("cpus:1").allocated(to: "dev"),
            role: "dev", attributes: [Attribute(name: "rack", value: .text("r1"))], agentIP: "10.0.0.1", agentPort: 5051)
        let plain = offer.proto(for: [])
        #expect(!plain.hasAllocationInfo && !plain.resources[0].hasAllocationInfo && plain.resources[0].role == "*")
        let multi = offer.proto(for: [.multiRole, .reservationRefinement])
        #expect(multi.allocationInfo.role == "dev" && multi.resources[0].allocationInfo.role == "dev")
        #expect(!multi.resources[0].hasRole)
        #expect(multi.url.address.ip == "10.0.0.1" && multi.attributes[0].text.value == "r1")
    }
}
