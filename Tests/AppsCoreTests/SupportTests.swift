import AppsCore
import Testing

@Suite struct SupportTests {
    @Test func timestampsUseMarathonsFormat() throws {
        let time = Timestamp(milliseconds: 1_443_187_228_343)
        #expect(time.iso8601 == "2015-09-25T13:20:28.343Z")
        #expect(Timestamp(iso8601: "2015-09-25T13:20:28.343Z") == time)
        #expect(Timestamp(iso8601: "2015-09-25T13:20:28Z") == Timestamp(milliseconds: 1_443_187_228_000))
        #expect(Timestamp(iso8601: "2015-09-25T13:20:28.3+00:00") == Timestamp(milliseconds: 1_443_187_228_300))
        #expect(Timestamp(iso8601: "2015-09-25 13:20:28Z") == nil)
        #expect(Timestamp(milliseconds: 0).iso8601 == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp(iso8601: "2024-02-29T23:59:59.999Z")?.iso8601 == "2024-02-29T23:59:59.999Z")
    }

    @Test func pathIDsNormaliseAsMarathonDoes() {
        #expect(PathID("//a//b/").description == "/a/b")
        #expect(PathID("a/./b/../c").description == "/a/c")
        #expect(PathID("c", relativeTo: PathID("/g")).description == "/g/c")
        #expect(PathID("/g/app").safePath == "g_app")
        #expect(PathID("/a.b-c/d1").validationErrors.isEmpty)
        #expect(!PathID("/-a").validationErrors.isEmpty)
        #expect(PathID("/").validationErrors == ["Path must contain at least one path element"])
    }

    @Test func jsonParsesAndSerialisesExactly() throws {
        let value = try JSONValue.parse(#"{"a":[1,2.5,true,null,"x\"\u00e9\ud83d\ude00"],"b":{}}"#)
        #expect(value["a"] == .array([1, 2.5, true, nil, .string("x\"é😀")]))
        #expect(value.serialized() == #"{"a":[1,2.5,true,null,"x\"é😀"],"b":{}}"#)
        let controls = JSONValue.string("a\\b\n\r\t\u{01}\u{1f}")
        #expect(controls.serialized() == #""a\\b\n\r\t\u0001\u001f""#)
        #expect(try JSONValue.parse(controls.serialized()) == controls)
        #expect(Timestamp(milliseconds: 253_402_300_799_999).iso8601 == "9999-12-31T23:59:59.999Z")
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse("{\"a\":}") }
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse("[1] x") }
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse("\"unterminated") }
    }

    @Test func seededIDsAreDeterministicUUIDs() {
        var first = SeededIDs(seed: 1)
        var second = SeededIDs(seed: 1)
        let id = first.uuid()
        #expect(id == second.uuid())
        #expect(id.count == 36 && Array(id)[14] == "4")
        #expect(first.uuid() != id)
    }

    @Test func apiErrorsHaveMarathonsStatusAndBody() {
        #expect(AppsAPIError.notFound("App '/x' does not exist").statusCode == 404)
        #expect(AppsAPIError.locked(deploymentIDs: ["d1"]).json["deployments"] == json(#"[{"id":"d1"}]"#))
        let failure = ValidationFailure(details: [ValidationDetail(path: "/cpus", errors: ["got -1, expected 0.001 or more"])])
        #expect(AppsAPIError.invalid(failure).json.serialized() == #"{"message":"Object is not valid","details":[{"path":"/cpus","errors":["got -1, expected 0.001 or more"]}]}"#)
        #expect(DeploymentRef(id: "d", version: Timestamp(milliseconds: 0)).json.serialized() == #"{"version":"1970-01-01T00:00:00.000Z","deploymentId":"d"}"#)
    }
}
