import NIOCore
import NIOPosix

/// Bytes over a plain socket, for what an HTTP client library would refuse to send (a control
/// character in a header, pipelined requests in one write).
public enum RawHTTP {
    /// Writes `raw` and reads until the server closes the connection; throws after `limit`.
    public static func exchange(
        host: String = "127.0.0.1", port: Int, _ raw: String, limit: Duration = .seconds(10)
    ) async throws -> String {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(
            host: host, port: port
        ) { channel in
            channel.eventLoop.makeCompletedFuture {
                try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
            }
        }
        return try await withThrowingTaskGroup(of: String.self) { group in
            group.addTask {
                try await channel.executeThenClose { inbound, outbound in
                    try await outbound.write(ByteBuffer(string: raw))
                    var received = ""
                    for try await chunk in inbound { received += String(buffer: chunk) }
                    return received
                }
            }
            group.addTask {
                try await Task.sleep(for: limit)
                throw TestFailure("\(host):\(port) did not close the connection within \(limit)")
            }
            defer { group.cancelAll() }
            return try await group.next() ?? ""
        }
    }
}
