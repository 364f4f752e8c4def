import AgoraModel
import AgoraProto

extension Attribute {
    public init(proto: Agora_V1_Attribute) {
        switch proto.type {
        case .scalar: self.init(name: proto.name, value: .scalar(proto.scalar.value))
        case .ranges: self.init(name: proto.name, value: .ranges(ValueRanges(proto.ranges.range.compactMap {
            $0.begin <= $0.end ? $0.begin...$0.end : nil
        })))
        case .set: self.init(name: proto.name, value: .set(proto.set.item))
        case .text: self.init(name: proto.name, value: .text(proto.text.value))
        }
    }

    public var proto: Agora_V1_Attribute {
        var proto = Agora_V1_Attribute()
        proto.name = self.name
        switch self.value {
        case .scalar(let number):
            proto.type = .scalar
            proto.scalar.value = number
        case .ranges(let ranges):
            proto.type = .ranges
            proto.ranges = ranges.proto
        case .set(let items):
            proto.type = .set
            proto.set.item = items
        case .text(let text):
            proto.type = .text
            proto.text.value = text
        }
        return proto
    }

    /// The v0 `/state` rendering: text and scalars as themselves, ranges and sets as strings.
    public var stateValue: String {
        switch self.value {
        case .text(let text): text
        case .scalar(let number): Scalar(number).description
        case .ranges(let ranges): ranges.description
        case .set(let items): "{" + items.joined(separator: ",") + "}"
        }
    }
}
