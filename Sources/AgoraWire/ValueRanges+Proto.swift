import AgoraModel
import AgoraProto

extension ValueRanges {
    /// The `Value.Ranges` message of resources and attributes.
    public var proto: Agora_V1_Value.Ranges {
        .with {
            $0.range = self.ranges.map { range in
                .with {
                    $0.begin = range.lowerBound
                    $0.end = range.upperBound
                }
            }
        }
    }
}
