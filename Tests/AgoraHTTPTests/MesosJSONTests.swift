import AgoraHTTP
import AgoraProto
import Foundation
import Testing

typealias Event = Agora_V1_Scheduler_Event
typealias Call = Agora_V1_Scheduler_Call

@Suite struct MesosJSONEventTests {
    /// Events Mesos writes must come out byte for byte as Mesos writes them.
    @Test(arguments: [
        Samples.subscribed, Samples.subscribedWithMasterInfo, Samples.heartbeat, Samples.offers,
        Samples.update, Samples.error,
    ])
    func eventSamplesRoundTripByteExact(sample: String) throws {
        let event = try MesosJSON.decode(Event.self, from: sample)
        #expect(try MesosJSON.encodeString(event) == sample)
    }

    @Test func offersSampleDecodesToTheNestedShape() throws {
        let event = try MesosJSON.decode(Event.self, from: Samples.offers)
        #expect(event.type == .offers)
        let offer = try #require(event.offers.offers.first)
        #expect(offer.agentID.value == Samples.agentID)
        #expect(offer.resources.map(\.name) == ["cpus", "mem", "disk", "ports"])
        #expect(offer.resources[3].ranges.range[0].end == 32000)
        #expect(offer.allocationInfo.role == "dev")
    }

    @Test func updateCarriesTheRawUUIDBytes() throws {
        let event = try MesosJSON.decode(Event.self, from: Samples.update)
        #expect(event.update.status.uuid == Data(base64Encoded: "Lx6bfE0qTI6bUWoPPi0cdw=="))
        #expect(event.update.status.uuid.count == 16)
        #expect(event.update.status.state == .taskRunning)
    }

    @Test func builtEventsMatchTheSamples() throws {
        var event = Event()
        event.type = .subscribed
        event.subscribed.frameworkID.value = Samples.frameworkID
        event.subscribed.heartbeatIntervalSeconds = 15
        #expect(try MesosJSON.encodeString(event) == Samples.subscribed)

        var error = Event()
        error.type = .error
        error.error.message = "Framework failed over"
        #expect(try MesosJSON.encodeString(error) == Samples.error)
    }
}

@Suite struct MesosJSONCallTests {
    @Test func subscribeSampleDecodes() throws {
        let call = try MesosJSON.decode(Call.self, from: Samples.subscribe)
        #expect(call.type == .subscribe)
        let info = call.subscribe.frameworkInfo
        #expect(info.user == "alice" && info.name == "demo" && info.principal == "alice")
        #expect(info.failoverTimeout == 604_800)
        #expect(info.roles == ["dev"])
        #expect(info.capabilities.map(\.type) == [.multiRole, .partitionAware, .gpuResources])
        #expect(try MesosJSON.decode(Call.self, from: MesosJSON.encode(call)) == call)
    }

    @Test func acceptSampleDecodesAndRoundTrips() throws {
        let call = try MesosJSON.decode(Call.self, from: Samples.accept)
        let task = try #require(call.accept.operations.first?.launch.taskInfos.first)
        #expect(call.accept.operations[0].type == .launch)
        #expect(task.taskID.value == "web-1")
        #expect(task.resources.map(\.name) == ["cpus", "mem", "ports"])
        #expect(task.resources[0].scalar.value == 0.5)
        #expect(task.command.value == "python3 -m http.server $PORT0")
        #expect(task.command.environment.variables[0].value == "31000")
        #expect(call.accept.filters.refuseSeconds == 5)
        // Re-encoding writes declared defaults (`"type":"VALUE"` on each variable), so compare
        // encodings: one decode/encode cycle must reach a fixpoint.
        let once = try MesosJSON.encode(call)
        #expect(try MesosJSON.encode(MesosJSON.decode(Call.self, from: once)) == once)
        #expect(String(decoding: once, as: UTF8.self).contains(#"{"name":"PORT0","type":"VALUE","value":"31000"}"#))
    }

    @Test func acknowledgeSampleDecodesAndRoundTrips() throws {
        let call = try MesosJSON.decode(Call.self, from: Samples.acknowledge)
        #expect(call.acknowledge.uuid.count == 16)
        #expect(call.acknowledge.taskID.value == "web-1")
        let encoded = try MesosJSON.encodeString(call)
        #expect(encoded.contains(#""uuid":"Lx6bfE0qTI6bUWoPPi0cdw==""#))
        #expect(try MesosJSON.decode(Call.self, from: encoded) == call)
    }
}

@Suite struct MesosJSONMappingTests {
    @Test func writesDeclaredDefaultsForUnsetFields() throws {
        var call = Call()
        call.type = .decline
        call.frameworkID.value = "f"
        call.decline.offerIds = [Agora_V1_OfferID.with { $0.value = "o" }]
        call.decline.filters = Agora_V1_Filters()
        #expect(try MesosJSON.encodeString(call)
            == #"{"framework_id":{"value":"f"},"type":"DECLINE","decline":{"offer_ids":[{"value":"o"}],"filters":{"refuse_seconds":5.0}}}"#)

        let command = Agora_V1_CommandInfo.with { $0.value = "true" }
        #expect(try MesosJSON.encodeString(command) == #"{"shell":true,"value":"true"}"#)
    }

    @Test func omitsDeprecatedDefaultsAndEmptyLists() throws {
        let resource = Agora_V1_Resource.with {
            $0.name = "cpus"
            $0.type = .scalar
            $0.scalar.value = 1
        }
        #expect(try MesosJSON.encodeString(resource) == #"{"name":"cpus","type":"SCALAR","scalar":{"value":1.0}}"#)
    }

    @Test func writes64BitIntegersAsNumbers() throws {
        let range = Agora_V1_Value.Range.with {
            $0.begin = 31000
            $0.end = UInt64.max
        }
        #expect(try MesosJSON.encodeString(range) == #"{"begin":31000,"end":18446744073709551615}"#)
        let time = Agora_V1_TimeInfo.with { $0.nanoseconds = -5 }
        #expect(try MesosJSON.encodeString(time) == #"{"nanoseconds":-5}"#)
    }

    @Test(arguments: [
        (15.0, "15.0"), (0.5, "0.5"), (1_700_000_000.0, "1700000000.0"), (1e21, "1e21"), (1e22, "1e22"),
        (123_456_789_012_345_680_000.0, "123456789012345680000.0"), (0.000001, "0.000001"), (1e-7, "1e-7"),
        (1.5e-7, "1.5e-7"), (-2.25, "-2.25"), (0.0, "0.0"), (1e300, "1e300"), (604_800.0, "604800.0"),
    ])
    func formatsDoublesLikeRapidJSON(value: Double, text: String) throws {
        let scalar = Agora_V1_Value.Scalar.with { $0.value = value }
        #expect(try MesosJSON.encodeString(scalar) == #"{"value":"# + text + "}")
        #expect(try MesosJSON.decode(Agora_V1_Value.Scalar.self, from: #"{"value":"# + text + "}").value == value)
    }

    @Test func writesMapsAsObjectsWithSortedKeys() throws {
        var task = Agora_V1_TaskInfo()
        task.name = "t"
        task.taskID.value = "t"
        task.agentID.value = "a"
        task.limits = ["mem": .with { $0.value = 512 }, "cpus": .with { $0.value = 2 }]
        #expect(try MesosJSON.encodeString(task)
            == #"{"name":"t","task_id":{"value":"t"},"agent_id":{"value":"a"},"limits":{"cpus":{"value":2.0},"mem":{"value":512.0}}}"#)
        #expect(try MesosJSON.decode(Agora_V1_TaskInfo.self, from: MesosJSON.encode(task)) == task)
    }

    @Test func escapesStringsLikeRapidJSON() throws {
        let label = Agora_V1_Label.with {
            $0.key = "q\"b\\n\n\t\u{1}/é"
        }
        #expect(try MesosJSON.encodeString(label) == #"{"key":"q\"b\\n\n\t\u0001/é"}"#)
    }

    @Test func ignoresUnknownKeysAndUnknownOptionalEnumNames() throws {
        let json = #"{"type":"HEARTBEAT","surprise":{"nested":[1,2]},"subscribed":null}"#
        #expect(try MesosJSON.decode(Event.self, from: json).type == .heartbeat)
        let status = try MesosJSON.decode(
            Agora_V1_TaskStatus.self,
            from: #"{"task_id":{"value":"t"},"state":"TASK_RUNNING","source":"SOURCE_FROM_THE_FUTURE"}"#)
        #expect(!status.hasSource)
    }

    @Test func acceptsNumbersAsStrings() throws {
        let filters = try MesosJSON.decode(Agora_V1_Filters.self, from: #"{"refuse_seconds":"60"}"#)
        #expect(filters.refuseSeconds == 60)
        let range = try MesosJSON.decode(Agora_V1_Value.Range.self, from: #"{"begin":"1","end":2}"#)
        #expect(range.begin == 1 && range.end == 2)
    }

    @Test func namesMissingRequiredFields() {
        #expect {
            _ = try MesosJSON.decode(Call.self, from: #"{"type":"SUBSCRIBE","subscribe":{"framework_info":{"name":"x"}}}"#)
        } throws: { error in
            "\(error)" == "Missing required fields: subscribe.framework_info.user"
        }
        #expect {
            _ = try MesosJSON.decode(Agora_V1_TaskStatus.self, from: #"{"task_id":{"value":"t"},"state":"TASK_NOPE"}"#)
        } throws: { error in
            "\(error)".contains("state")
        }
    }

    @Test(arguments: ["", "{", "[]", "{\"type\":", "null", "{\"type\":\"HEARTBEAT\"} trailing"])
    func rejectsMalformedJSON(text: String) {
        #expect(throws: MesosJSONError.self) { try MesosJSON.decode(Event.self, from: text) }
    }
}
