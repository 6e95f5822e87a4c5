import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Random words for ids (trace and span ids, request ids) from the kernel's generator, fetched 512
/// bytes at a time: `SystemRandomNumberGenerator` makes one `getrandom` system call per word, six
/// per proxied request, measured with perf on the gateway. The bytes are the same; only the calls
/// are fewer. Not for keys or tokens: those use their own generators.
public enum RandomPool {
    private struct Pool {
        var words = [UInt64](repeating: 0, count: 64)
        var next = 64
    }
    private static let pool = Mutex(Pool())

    /// One random word.
    public static func next() -> UInt64 {
        pool.withLock { pool in
            if pool.next == pool.words.count {
                refill(&pool.words)
                pool.next = 0
            }
            defer { pool.next += 1 }
            return pool.words[pool.next]
        }
    }

    /// The kernel's random bytes: glibc's `arc4random_buf` is one `getrandom` call (2.36 and later).
    private static func refill(_ words: inout [UInt64]) {
        words.withUnsafeMutableBytes { raw in arc4random_buf(raw.baseAddress!, raw.count) }
    }
}
