/// The rule for codes and identifiers, for the server's own fields (device and user names).
public enum Identifier {
    /// Throws ``ErrorCode/invalidText`` naming `field` for an empty, too long, padded or
    /// control-character text, or one with an invisible or direction-changing character.
    public static func check(_ text: String, field: String, length: ClosedRange<Int> = 1...100) throws(CajaError) {
        try TextRule.checkCode(text, field: field, length: length)
    }
}
