/// Numbers left in the register's blocks for one document type.
public struct BlockBalance: Codable, Sendable, Equatable {
    public var type: String
    public var remaining: Int64
    public var blocks: Int
}
