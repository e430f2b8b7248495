extension Sequence where Element == Money {
    public func sum() -> Money { reduce(.zero, +) }
}
