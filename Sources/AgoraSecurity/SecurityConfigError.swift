/// A credentials or ACL file that cannot be used, with what is wrong in it.
public struct SecurityConfigError: Error, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
