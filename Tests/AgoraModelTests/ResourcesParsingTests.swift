import AgoraModel
import Testing

@Suite struct ResourcesParsingTests {
    @Test func parsesTheAgentFlagFormat() throws {
        let resources = try Resources.parse("cpus:4;mem:1024;ports:[31000-32000];disk(role):100")
        #expect(resources.scalar("cpus") == Scalar(4))
        #expect(resources.scalar("mem") == Scalar(1024))
        #expect(resources.ranges("ports").ranges == [31000...32000])
        #expect(resources.reserved(to: "role").scalar("disk") == Scalar(100))
        #expect(resources.unreserved.scalar("disk") == .zero)
        #expect(resources.description == "cpus:4;mem:1024;ports:[31000-32000];disk(role):100")
    }

    @Test func parsesSetsMultipleRangesAndWhitespace() throws {
        let resources = try Resources.parse(" cpus : 2.5 ; ports:[21000-24000, 30000-34000]; ids:{b, a}; ")
        #expect(resources.scalar("cpus") == Scalar(2.5))
        #expect(resources.ranges("ports").ranges == [21000...24000, 30000...34000])
        #expect(resources.description == "cpus:2.5;ports:[21000-24000,30000-34000];ids:{a,b}")
    }

    @Test func combinesRepeatedNamesAndTreatsStarAsUnreserved() throws {
        let resources = try Resources.parse("cpus:1;cpus(*):2;cpus(web):3")
        #expect(resources.count == 2)
        #expect(resources.unreserved.scalar("cpus") == Scalar(3))
        #expect(resources.reserved(to: "web").scalar("cpus") == Scalar(3))
    }

    @Test(arguments: [
        ("cpus", "expected 'name:value'"),
        ("cpus:-1", "not a non-negative number"),
        ("cpus:abc", "not a non-negative number"),
        ("cpus:nan", "not a non-negative number"),
        ("ports:[5-3]", "begin <= end"),
        ("ports:[31000-32000", "missing ']'"),
        ("ports:[a-b]", "expected 'begin-end'"),
        ("disk(:10", "unclosed '('"),
        ("disk():10", "expected 'name(role):value'"),
        ("disk(a//b):10", "empty path segment"),
        (":5", "empty name"),
        ("ids:{a,,b}", "empty item"),
    ])
    func rejectsBadInputWithAClearMessage(input: String, fragment: String) {
        #expect {
            _ = try Resources.parse(input)
        } throws: { error in
            "\(error)".contains(fragment)
        }
    }
}
