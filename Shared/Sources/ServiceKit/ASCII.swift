extension UInt8 {
    /// The byte with an ASCII capital letter made small; every other byte as it is (tokens, header
    /// names and log keys compared without their case, without building a lowercased string).
    public var asciiLowercased: UInt8 { self >= 0x41 && self <= 0x5A ? self + 0x20 : self }
}
