import Foundation
import Logging
import PostgresNIO
import Synchronization

/// Tells this replica's hub and the other replicas about changes whose transactions have ended.
/// The hub hears every key (after a rollback too: a snapshot dropped for nothing costs one read);
/// the other replicas hear committed keys, batched: while one NOTIFY is being sent, the keys
/// announced meanwhile wait for the next one, so a rush of commits costs a few NOTIFYs rather than
/// one per commit. A payload is this replica's `origin` and then the keys, separated by spaces;
/// a listener skips its own replica's payloads, which its hub has already heard.
public final class ChangeBroadcaster: Sendable {
    private struct State {
        var keys: [String] = []
        var sending = false
    }

    let channel: String
    let origin: String
    let client: PostgresClient
    let hub: ChangeHub
    let logger: Logger
    private let state = Mutex(State())

    /// Keys per NOTIFY: PostgreSQL's payload limit is 8,000 bytes; a UUID key takes 37.
    static let keysPerNotice = 150

    init(channel: String, client: PostgresClient, hub: ChangeHub, logger: Logger) {
        self.channel = channel
        self.origin = String(UUID().uuidString.prefix(8)).lowercased()
        self.client = client
        self.hub = hub
        self.logger = logger
    }

    /// The transaction that changed `key` has ended.
    public func announce(_ key: String, committed: Bool) {
        let start = committed ? queue(key) : false
        Task {
            await hub.publish(key, local: true)
            if start { await sendAll() }
        }
    }

    /// Queues a committed key; true when no sender is running (the caller starts one).
    private func queue(_ key: String) -> Bool {
        state.withLock { state in
            state.keys.append(key)
            defer { state.sending = true }
            return !state.sending
        }
    }

    /// Sends NOTIFYs until no announced key is left. A key that cannot be sent (the database is
    /// away) is dropped after a few tries: the other replicas' listeners lose their connection too
    /// and resynchronise everything when they are back.
    private func sendAll() async {
        var failures = 0
        while let keys = nextKeys() {
            do {
                try await client.query(
                    "SELECT pg_notify(\(channel), \(Self.payload(origin: origin, keys: keys)))", logger: logger)
                failures = 0
            } catch {
                failures += 1
                logger.debug("change notice not sent", metadata: ["error": "\(error)", "attempt": "\(failures)"])
                if failures < 5 {
                    state.withLock { $0.keys.insert(contentsOf: keys, at: 0) }
                    try? await Task.sleep(for: .milliseconds(200))
                }
            }
        }
    }

    /// The next keys to send (each once), or nil when none is left (and sending stops).
    private func nextKeys() -> [String]? {
        state.withLock { state in
            guard !state.keys.isEmpty else {
                state.sending = false
                return nil
            }
            var seen = Set<String>()
            var batch: [String] = []
            var taken = 0
            for key in state.keys {
                if batch.count == Self.keysPerNotice && !seen.contains(key) { break }
                taken += 1
                if seen.insert(key).inserted { batch.append(key) }
            }
            state.keys.removeFirst(taken)
            return batch
        }
    }

    static func payload(origin: String, keys: [String]) -> String { ([origin] + keys).joined(separator: " ") }

    /// The keys of a payload, or nil when it is `origin`'s own. A payload without spaces is one key
    /// (a NOTIFY sent in a transaction).
    static func keys(of payload: String, skipping origin: String) -> [Substring]? {
        let parts = payload.split(separator: " ")
        guard parts.count > 1 else { return [Substring(payload)] }
        return parts[0] == origin ? nil : Array(parts.dropFirst())
    }

    private static let registry = Mutex<[String: ChangeBroadcaster]>([:])

    /// The broadcaster of this process's listener on `channel`, while it runs.
    public static func running(on channel: String) -> ChangeBroadcaster? { registry.withLock { $0[channel] } }

    static func register(_ broadcaster: ChangeBroadcaster) {
        registry.withLock { $0[broadcaster.channel] = broadcaster }
    }

    static func unregister(_ broadcaster: ChangeBroadcaster) {
        registry.withLock { if $0[broadcaster.channel] === broadcaster { $0[broadcaster.channel] = nil } }
    }
}
