import Foundation
import Logging
import Persistence
import PostgresNIO
import Synchronization
import TestSupport
import Testing

@testable import Messaging
@testable import ServiceRuntime

/// What ran, in order, from hooks and listeners on other tasks.
final class Recorder: Sendable {
    private let items = Mutex<[String]>([])
    func add(_ item: String) { items.withLock { $0.append(item) } }
    var all: [String] { items.withLock { $0 } }
    func count(_ item: String) -> Int { all.filter { $0 == item }.count }
}

/// Wake-ups sent after the commit instead of a NOTIFY inside the transaction (`TransactionHooks`).
@Suite("Wake-ups after commit", .serialized, .enabled(if: TestEnvironment.isAvailable))
struct CommitWakeupTests {
    struct Rollback: Error {}

    @Test("a transaction's hooks run after its commit, or with committed = false after a rollback; none outside")
    func hooksFollowTheOutcome() async throws {
        try await Infra.withDatabase { client in
            #expect(TransactionHooks.current == nil)
            let committed = Recorder()
            try await client.transaction(logger: Infra.logger) { connection in
                let hooks = try #require(TransactionHooks.current)
                hooks.onEnd { committed.add("end \($0)") }
                hooks.afterCommit { committed.add("commit") }
                try await connection.query("SELECT 1", logger: Infra.logger)
                #expect(committed.all.isEmpty)
            }
            #expect(committed.all == ["end true", "commit"])
            let rolledBack = Recorder()
            await #expect(throws: Rollback.self) {
                try await client.transaction(logger: Infra.logger) { _ in
                    TransactionHooks.current?.onEnd { rolledBack.add("end \($0)") }
                    TransactionHooks.current?.afterCommit { rolledBack.add("commit") }
                    throw Rollback()
                }
            }
            #expect(rolledBack.all == ["end false"])
            let failed = Recorder()
            await #expect(throws: (any Error).self) {
                try await client.transaction(logger: Infra.logger) { connection in
                    TransactionHooks.current?.onEnd { failed.add("end \($0)") }
                    try await connection.query("SELECT 1/0", logger: Infra.logger)
                }
            }
            #expect(failed.all == ["end false"])
        }
    }

    @Test("a change reaches this replica's hub at once and the other replica's through one batched NOTIFY")
    func changesReachEveryReplica() async throws {
        try await Infra.withDatabase { client in
            let channel = "test_changes_\(UUID().uuidString.prefix(8).lowercased())"
            let heard = [Recorder(), Recorder()]
            let hubs = heard.map { recorder in ChangeHub { key, _ in recorder.add(key ?? "resync") } }
            let listeners = hubs.map { ChangeListener(channel: channel, client: client, hub: $0, logger: Infra.logger) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for listener in listeners { group.addTask { try await listener.run() } }
                _ = try await eventually("both listeners to listen") {
                    heard.allSatisfy { $0.count("resync") >= 1 } ? ChangeBroadcaster.running(on: channel) : nil
                }
                let broadcaster = try #require(ChangeBroadcaster.running(on: channel))
                let (local, remote) = broadcaster.hub === hubs[0] ? (heard[0], heard[1]) : (heard[1], heard[0])
                let keys = (0..<200).map { "key-\($0)" }
                try await withThrowingTaskGroup(of: Void.self) { writers in
                    for key in keys {
                        writers.addTask {
                            try await client.transaction(logger: Infra.logger) { connection in
                                try await ChangeNotice.send(channel, key: key, connection, Infra.logger)
                            }
                        }
                    }
                    try await writers.waitForAll()
                }
                _ = try? await client.transaction(logger: Infra.logger) { connection in
                    try await ChangeNotice.send(channel, key: "rolled-back", connection, Infra.logger)
                    throw Rollback()
                }
                _ = try await eventually("every key on both replicas") {
                    keys.allSatisfy { local.count($0) == 1 && remote.count($0) == 1 } ? true : nil
                }
                _ = try await eventually("the rolled-back key on this replica") {
                    local.count("rolled-back") == 1 ? true : nil
                }
                try await Task.sleep(for: .milliseconds(300))
                #expect(remote.count("rolled-back") == 0)
                #expect(keys.allSatisfy { local.count($0) == 1 && remote.count($0) == 1 })
                group.cancelAll()
            }
        }
    }

    @Test("a notice's payload carries its origin and keys; a listener skips its own and reads a bare key")
    func payloads() {
        let payload = ChangeBroadcaster.payload(origin: "abcd1234", keys: ["k1", "k2"])
        #expect(payload == "abcd1234 k1 k2")
        #expect(ChangeBroadcaster.keys(of: payload, skipping: "ffff0000") == ["k1", "k2"])
        #expect(ChangeBroadcaster.keys(of: payload, skipping: "abcd1234") == nil)
        #expect(ChangeBroadcaster.keys(of: "bare-key", skipping: "abcd1234") == ["bare-key"])
    }
}

/// In the outbox suite: it is serialized, and its other tests drain the same outbox table.
extension OutboxAndInboxTests {
    @Test(
        "with a relay in this process, a committed event wakes it directly and sends no NOTIFY; without hooks, NOTIFY")
    func outboxWakesWithoutNotify() async throws {
        try await Infra.withDatabase { client in
            let woken = Recorder()
            let registration = OutboxWakeups.add { woken.add("wake") }
            defer { OutboxWakeups.remove(registration) }
            let heard = Recorder()
            let listening = Task {
                try await client.withConnection { connection in
                    try await connection.listen(on: "outbox_sharedtests") { notifications in
                        heard.add("ready")
                        for try await _ in notifications { heard.add("notify") }
                    }
                }
            }
            defer { listening.cancel() }
            _ = try await eventually("the listener to be ready") { heard.count("ready") == 1 ? true : nil }

            try await client.transaction(logger: Infra.logger) { connection in
                try await Outbox.enqueue(TestEvent(number: 1), on: connection, logger: Infra.logger)
                #expect(woken.count("wake") == 0)  // not before the commit
            }
            #expect(woken.count("wake") == 1)
            _ = try? await client.transaction(logger: Infra.logger) { connection in
                try await Outbox.enqueue(TestEvent(number: 2), on: connection, logger: Infra.logger)
                throw CommitWakeupTests.Rollback()
            }
            #expect(woken.count("wake") == 1)  // a rolled-back event wakes nobody
            try await Task.sleep(for: .milliseconds(300))
            #expect(heard.count("notify") == 0)

            // A statement outside `PostgresClient.transaction` has no hooks: the NOTIFY wakes the relays.
            _ = try await client.withConnection { connection in
                try await Outbox.enqueue(TestEvent(number: 3), on: connection, logger: Infra.logger)
            }
            _ = try await eventually("the NOTIFY of a write without hooks") {
                heard.count("notify") >= 1 ? true : nil
            }
            try await client.query("DELETE FROM outbox WHERE published_at IS NULL", logger: Infra.logger)
        }
    }
}
